"""The generation loop: prompt with KV reuse, token-by-token sampling, harmony parsing.

It runs inside the engine process and talks to llama.cpp only through the
`Runtime` protocol, so tests can drive it with a fake model. Each generated
token is converted to bytes once and decoded incrementally: the cost per token
stays flat however long the answer grows.
"""

from __future__ import annotations

import codecs
import functools
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Generator as Generator_
from typing import Protocol

from app.core.engine.conversation import build_conversation
from app.core.engine.deltas import DeltaBatcher
from app.core.engine.grammar_text import GrammarDecoder
from app.core.engine.prompt import marker_pattern, tokenize_segments
from app.core.engine.prompt_batches import batch_rows, prompt_calls
from app.core.engine.protocol import (
    Done,
    EngineError,
    Event,
    FinishReason,
    GenerateRequest,
    PromptProgress,
    SamplingSettings,
    ToolCall,
    request_problem,
)
from app.core.grammar import GrammarError, json_schema_to_gbnf, validate_gbnf
from app.core.harmony import (
    CALL,
    RETURN,
    ContentDelta,
    Message,
    MessageDone,
    StreamParser,
    render_segments,
)
from app.core.quantity import count
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

NEG_INF = float("-inf")


class Sampler(Protocol):
    def sample(self) -> int: ...
    def close(self) -> None: ...


class Runtime(Protocol):
    @property
    def n_ctx(self) -> int: ...
    @property
    def n_vocab(self) -> int: ...
    @property
    def special_ids(self) -> Mapping[str, int]: ...
    @property
    def end_ids(self) -> frozenset[int]: ...

    def tokenize_plain(self, text: str) -> list[int]: ...
    def token_bytes(self, token: int) -> bytes: ...
    def evaluate(
        self,
        tokens: Sequence[int],
        *,
        should_abort: Callable[[], bool] | None = None,
        min_rows: int = 0,
    ) -> bool: ...
    def truncate_cache(self, keep: int) -> bool: ...
    def clear_cache(self) -> None: ...
    def make_sampler(
        self,
        sampling: SamplingSettings,
        *,
        grammar: str | None = None,
        logit_bias: Mapping[int, float] | None = None,
    ) -> Sampler: ...


def common_prefix_length(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


class Generator:
    """Owns the token sequence held in the model's KV cache, across turns."""

    def __init__(self, runtime: Runtime, *, batch_size: int = 512, ubatch: int = 0) -> None:
        self.runtime = runtime
        self.batch_size = batch_size
        # llama.cpp's n_ubatch: the batches a call is computed in (prompt_batches.py)
        self.ubatch = min(ubatch, batch_size) if ubatch > 0 else batch_size
        self.cached: list[int] = []
        # How many of the cached tokens were evaluated as prompt tokens, in batches of
        # at least batch_rows() rows (prompt_batches.py): a later prompt reuses no more
        # than these. Generated tokens after them were evaluated one at a time.
        self.reusable = 0
        self._restored = 0  # tokens the current turn took from a saved prompt cache
        self.prompt_length = 0  # the last turn's prompt, in tokens
        self._pattern = marker_pattern(runtime.special_ids)
        self._special_text = {token: text for text, token in runtime.special_ids.items()}
        # Most of a prompt (system, developer, earlier turns) repeats from turn to
        # turn, and each llama_tokenize call costs milliseconds on a big vocabulary.
        self._tokenize_cached = functools.lru_cache(maxsize=2048)(self._tokenize_once)

    def _tokenize_once(self, text: str) -> tuple[int, ...]:
        return tuple(self.runtime.tokenize_plain(text))

    def _tokenize(self, text: str) -> list[int]:
        return list(self._tokenize_cached(text))

    def prompt_tokens(self, request: GenerateRequest) -> list[int]:
        segments = render_segments(build_conversation(request), for_completion=True)
        return tokenize_segments(
            segments,
            special_ids=self.runtime.special_ids,
            tokenize_plain=self._tokenize,
            pattern=self._pattern,
        )

    def generate(
        self,
        request: GenerateRequest,
        cancelled: Callable[[], bool],
        *,
        prepare: Callable[[Sequence[int]], int] | None = None,
    ) -> Iterator[Event]:
        """The events of one turn. ``prepare`` sees the prompt before it is evaluated and may
        fill the KV cache (and ``cached``) from a saved prompt cache; it returns how many
        tokens it brought in. Its time counts towards the time to the first token."""
        started = time.perf_counter()
        rid = request.request_id
        problem = request_problem(request)  # llama.cpp checks none of these numbers
        if problem is not None:
            yield EngineError(rid, problem)
            return
        prompt = self.prompt_tokens(request)
        self._restored = 0
        self.prompt_length = len(prompt)
        if len(prompt) + 1 >= self.runtime.n_ctx:
            yield EngineError(
                rid,
                Sentence(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "The conversation (%1 tokens) no longer fits the model's context "
                        "(%2 tokens). Start a new conversation or raise the context length.",
                    ),
                    count(len(prompt)),
                    count(self.runtime.n_ctx),
                ),
                prompt_tokens=len(prompt),
            )
            return
        try:
            grammars = self._grammars(request)
        except GrammarError as exc:
            yield EngineError(rid, f"The response format cannot be used: {exc}")
            return

        if prepare is not None:
            self._restored = prepare(prompt)
        evaluated, finished = yield from self._evaluate_prompt(rid, prompt, cancelled)
        prompt_done = time.perf_counter()
        if not finished:
            yield self._done(rid, "cancelled", prompt, evaluated, _Counts(), started, prompt_done)
            return
        yield from self._complete(request, prompt, evaluated, grammars, cancelled, started)

    # --- prompt -------------------------------------------------------------

    def _evaluate_prompt(
        self, rid: int, prompt: list[int], cancelled: Callable[[], bool]
    ) -> Generator_[Event, None, tuple[int, bool]]:
        """Evaluate what the cache lacks; returns (tokens evaluated, completed?)."""
        least = batch_rows(self.ubatch)
        keep = min(common_prefix_length(self.cached, prompt), self.reusable)
        if keep == len(prompt):
            keep -= 1  # the last prompt token must be evaluated again to get logits
        if len(prompt) - keep < least and keep + least > self.runtime.n_ctx:
            keep = max(0, len(prompt) - least)  # no room for filler rows after the prompt
        if keep < len(self.cached) and not self.runtime.truncate_cache(keep):
            self.runtime.clear_cache()
            keep = 0
        del self.cached[keep:]
        self.reusable = min(self.reusable, keep)
        todo = prompt[keep:]
        done = 0
        yield PromptProgress(rid, 0, len(todo), len(prompt))
        for size in prompt_calls(len(todo), self.batch_size, self.ubatch):
            if cancelled():
                return done, False
            chunk = todo[done : done + size]
            if not self.runtime.evaluate(chunk, should_abort=cancelled, min_rows=least):
                # The aborted batch may be half written: cut the cache back to
                # what is known to be there.
                if not self.runtime.truncate_cache(len(self.cached)):
                    self.runtime.clear_cache()
                    self.cached.clear()
                    self.reusable = 0
                return done, False
            self.cached.extend(chunk)
            self.reusable = len(self.cached)
            done += len(chunk)
            if len(todo) > self.batch_size:
                yield PromptProgress(rid, done, len(todo), len(prompt))
        return done, True

    # --- completion ---------------------------------------------------------

    def _grammars(self, request: GenerateRequest) -> tuple[str | None, str | None]:
        """(grammar for the whole completion, grammar for the final channel), validated."""
        end_texts = [self._special_text[t] for t in self.runtime.end_ids]

        def checked(grammar: str) -> str:
            validate_gbnf(
                grammar,
                forbidden_tokens=end_texts,
                forbidden_token_ids=self.runtime.end_ids,
                vocab_size=self.runtime.n_vocab,
                special_tokens=self.runtime.special_ids,
            )
            return grammar

        whole = checked(request.completion_grammar) if request.completion_grammar else None
        final = None
        if request.response_schema is not None:
            final = checked(json_schema_to_gbnf(request.response_schema))
        return whole, final

    def _bias(self, request: GenerateRequest) -> dict[int, float]:
        if request.ignore_end:
            return dict.fromkeys(self.runtime.end_ids, NEG_INF)
        return {}

    def _harmony_end(self, parser: StreamParser) -> int:
        """The end token harmony requires here: <|call|> after a tool call, else <|return|>.

        A finished grammar lets llama.cpp pick any end token; which one is then
        the model's coin toss, not its intent, so the message decides.
        """
        ids = self.runtime.special_ids
        return ids[CALL] if parser.current_recipient is not None else ids[RETURN]

    def _complete(
        self,
        request: GenerateRequest,
        prompt: list[int],
        evaluated: int,
        grammars: tuple[str | None, str | None],
        cancelled: Callable[[], bool],
        started: float,
    ) -> Iterator[Event]:
        rid = request.request_id
        whole_grammar, final_grammar = grammars
        bias = self._bias(request)
        sampler = self.runtime.make_sampler(
            request.sampling, grammar=whole_grammar, logit_bias=bias
        )
        constrained = whole_grammar is not None
        parser = StreamParser(role="assistant", strict=False)
        # Under a grammar, the text is decoded as the grammar read it (grammar_text.py).
        decoder: codecs.IncrementalDecoder | GrammarDecoder = (
            GrammarDecoder()
            if whole_grammar is not None or final_grammar is not None
            else codecs.getincrementaldecoder("utf-8")(errors="replace")
        )
        batcher = DeltaBatcher(rid)
        counts = _Counts()
        generation_started = time.perf_counter()
        finish: FinishReason = "length"
        call_token = self.runtime.special_ids.get(CALL)
        try:
            while counts.total < request.max_tokens:
                if cancelled():
                    finish = "cancelled"
                    break
                if len(self.cached) >= self.runtime.n_ctx:
                    finish = "context_full"
                    break
                token = sampler.sample()
                if counts.first_token_at is None:
                    counts.first_token_at = time.perf_counter()
                if token in self.runtime.end_ids and not request.ignore_end:
                    if constrained:
                        token = self._harmony_end(parser)
                    yield from self._feed(parser, decoder, batcher, token, rid, counts=None)
                    finish = "tool_call" if token == call_token else "stop"
                    break
                counts.total += 1
                yield from self._feed(parser, decoder, batcher, token, rid, counts=counts)
                if final_grammar is not None and _in_final_content(parser):
                    sampler.close()
                    sampler = self.runtime.make_sampler(
                        request.sampling, grammar=final_grammar, logit_bias=bias
                    )
                    final_grammar = None
                    constrained = True
                if not self.runtime.evaluate([token]):
                    finish = "cancelled"
                    break
                self.cached.append(token)
        finally:
            sampler.close()
        tail = decoder.decode(b"", final=True)
        events = list(parser.feed_text(tail)) if tail else []
        events += parser.finish()
        yield from self._translate(events, batcher, rid)
        yield from batcher.flush()
        yield self._done(
            rid, finish, prompt, evaluated, counts, started, generation_started, parser
        )

    def _feed(
        self,
        parser: StreamParser,
        decoder: codecs.IncrementalDecoder | GrammarDecoder,
        batcher: DeltaBatcher,
        token: int,
        rid: int,
        counts: _Counts | None,
    ) -> Iterator[Event]:
        special = self._special_text.get(token)
        if special is not None:
            tail = decoder.decode(b"", final=True)
            events = list(parser.feed_text(tail)) if tail else []
            events += parser.feed_special(special)
        else:
            events = parser.feed_text(decoder.decode(self.runtime.token_bytes(token)))
        if counts is not None and special is None and not parser.in_header:
            counts.add(parser.current_channel)  # content only: headers are neither
        yield from self._translate(events, batcher, rid)

    def _translate(
        self, events: Sequence[object], batcher: DeltaBatcher, rid: int
    ) -> Iterator[Event]:
        for event in events:
            if isinstance(event, ContentDelta):
                if event.recipient is None:  # tool-call arguments arrive whole, below
                    yield from batcher.add(_display_channel(event.channel), event.text)
            elif isinstance(event, MessageDone) and _is_tool_call(event.message):
                yield from batcher.flush()
                message = event.message
                yield ToolCall(rid, message.recipient or "", message.content, message.content_type)

    def _done(
        self,
        rid: int,
        finish: FinishReason,
        prompt: list[int],
        evaluated: int,
        counts: _Counts,
        started: float,
        generation_started: float,
        parser: StreamParser | None = None,
    ) -> Done:
        now = time.perf_counter()
        prompt_seconds = generation_started - started
        generation_seconds = now - generation_started
        return Done(
            request_id=rid,
            finish_reason=finish,
            prompt_tokens=len(prompt),
            prompt_tokens_evaluated=evaluated,
            completion_tokens=counts.total,
            analysis_tokens=counts.analysis,
            final_tokens=counts.final,
            time_to_first_token_s=(
                counts.first_token_at - started if counts.first_token_at is not None else None
            ),
            tokens_per_second=(
                counts.total / generation_seconds
                if counts.total and generation_seconds > 0
                else None
            ),
            prompt_tokens_per_second=(
                evaluated / prompt_seconds if evaluated and prompt_seconds > 0 else None
            ),
            messages=tuple(parser.messages) if parser is not None else (),
            prompt_tokens_restored=self._restored,
        )


class _Counts:
    __slots__ = ("analysis", "final", "first_token_at", "total")

    def __init__(self) -> None:
        self.total = 0
        self.analysis = 0
        self.final = 0
        self.first_token_at: float | None = None

    def add(self, channel: str | None) -> None:
        if channel == "analysis":
            self.analysis += 1
        elif channel == "final":
            self.final += 1


def _display_channel(channel: str | None) -> str:
    if channel in ("analysis", "commentary"):
        return channel
    return "final"  # a message without a channel is shown as the answer


def _is_tool_call(message: Message) -> bool:
    return message.role == "assistant" and message.recipient is not None


def _in_final_content(parser: StreamParser) -> bool:
    return parser.current_channel == "final" and not parser.in_header
