"""The requests bench/engine.py sends, with prompts tokenized exactly as the engine does.

llama-bench's pp512 evaluates exactly 512 tokens, so ours must too: the prompt is
rendered and tokenized by the engine's own Generator (with only the vocabulary
loaded) and filler words are added or removed until the engine, given what its cache
holds from the previous request, evaluates exactly PP_TOKENS. Each request carries
its own date, which makes the cache diverge early in the system message. tg requests
generate a fixed number of tokens with end tokens ignored, with the sampler we ship.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine_settings import DATE, N_CTX, PP_TOKENS, TG_PROMPT, TG_TOKENS

from app.core.engine.client import EngineClient, EngineFailure
from app.core.engine.generation import Generator, common_prefix_length
from app.core.engine.protocol import Done, EngineError, GenerateRequest, SamplingSettings
from app.core.harmony import Message

# One date per prompt run: a different date makes the cache diverge early in the
# system message, so each run evaluates a fresh 512 tokens after a short prefix.
PP_DATES = ("2025-06-01", "2025-07-02", "2025-08-03", "2025-09-04", "2025-10-05")
FILLER_WORDS = (
    *("the", "water", "of", "the", "world", "is", "one", "answer", "to", "how", "people"),
    *("think", "about", "time", "and", "what", "they", "find", "when", "they", "look", "at"),
    *("the", "day", "and", "the", "number", "of", "people", "who", "come", "over", "to"),
    *("see", "it"),
)


class PromptTokens:
    """The engine's own rendering and tokenization with only the vocabulary loaded."""

    def __init__(self, model: Path) -> None:
        import llama_cpp as ll

        from app.core.engine import llama_runtime

        llama_runtime._init_backend()  # llama.cpp's log goes to the runtime's tail, not stderr
        params = ll.llama_model_default_params()
        params.vocab_only = True
        handle = ll.llama_model_load_from_file(str(model).encode(), params)
        if not handle:
            raise RuntimeError(f"could not read the vocabulary of {model}")
        runtime = llama_runtime.LlamaRuntime.__new__(llama_runtime.LlamaRuntime)
        runtime._model = handle
        runtime._ctx = None
        runtime._vocab = ll.llama_model_get_vocab(handle)
        runtime.n_vocab = int(ll.llama_vocab_n_tokens(runtime._vocab))
        runtime.n_ctx = N_CTX
        runtime._pieces = {}
        runtime.special_ids = runtime._find_special_tokens()
        runtime.end_ids = frozenset(
            t for t in runtime.special_ids.values() if ll.llama_vocab_is_eog(runtime._vocab, t)
        )
        self.runtime = runtime
        self.generator = Generator(runtime)

    def __call__(self, request: GenerateRequest) -> list[int]:
        return self.generator.prompt_tokens(request)

    def close(self) -> None:
        self.runtime.close()


def pp_request(text: str, date: str, seed: int) -> GenerateRequest:
    return GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=text),),
        max_tokens=1,
        ignore_end=True,
        sampling=SamplingSettings(temperature=1.0, top_p=1.0, seed=seed),
        conversation_date=date,
    )


def filler(n_words: int) -> str:
    return " ".join(FILLER_WORDS[i % len(FILLER_WORDS)] for i in range(n_words))


def pp_prompts(tokens: PromptTokens, dates: Sequence[str]) -> list[tuple[GenerateRequest, int]]:
    """One request per date, each sized so that the engine evaluates PP_TOKENS tokens
    after the previous one (the first: after a fresh load). Returns (request, expected
    evaluated tokens); the count is PP_TOKENS unless no filler length hits it exactly."""
    out: list[tuple[GenerateRequest, int]] = []
    previous: list[int] = []
    for i, date in enumerate(dates):
        n_words = PP_TOKENS
        best: tuple[int, int, list[int]] | None = None  # (miss, n_words, prompt)
        seen: set[int] = set()
        while n_words not in seen and n_words > 0:
            seen.add(n_words)
            prompt = tokens(pp_request(filler(n_words), date, i))
            evaluated = len(prompt) - common_prefix_length(previous, prompt)
            miss = PP_TOKENS - evaluated
            if best is None or abs(miss) < abs(best[0]):
                best = (miss, n_words, prompt)
            if miss == 0:
                break
            n_words += miss
        assert best is not None
        miss, n_words, prompt = best
        out.append((pp_request(filler(n_words), date, i), PP_TOKENS - miss))
        previous = prompt
    return out


def cache_depth(tokens: PromptTokens, request: GenerateRequest, expected: int) -> int:
    """Tokens of `request` already in the cache from the previous prompt (the system
    message up to its date): llama-bench's -d puts as many in its cache before it measures."""
    return len(tokens(request)) - expected


def tg_request(seed: int, n: int = TG_TOKENS) -> GenerateRequest:
    return GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=TG_PROMPT),),
        max_tokens=n,
        ignore_end=True,
        sampling=SamplingSettings(temperature=1.0, top_p=1.0, seed=seed),
        conversation_date=DATE,
    )


def finish(client: EngineClient, request: GenerateRequest) -> Done:
    """Run one request to its Done; an engine error ends the measurement."""
    for event in client.generate(request):
        if isinstance(event, Done):
            return event
        if isinstance(event, EngineError):
            raise EngineFailure(event.message)
    raise EngineFailure("the engine ended the turn without Done")
