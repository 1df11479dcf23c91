"""How a prompt is cut into batches, so that reusing a KV prefix changes no result.

llama.cpp's CPU flash attention (ggml-cpu/ops.cpp, ggml_compute_forward_flash_attn_ext_f16)
computes a batch of at least ``TILE_ROWS`` query rows with a tiled kernel (Q and K in
f32, 64x64 tiles, ggml_compute_forward_flash_attn_ext_tiled) and a smaller one with a
row-by-row kernel that first rounds Q to f16; a single row over 512 cells or more
takes a third path that splits the cells among the threads. The three give different
last bits, and through the next layers different KV values and logits: a token's
KV would depend on the size of the batch it happened to be evaluated in. A prompt
evaluated whole (cold) and the same prompt continued from a reused or restored
prefix would then not compute the same answer, even greedily.

Within the tiled kernel every row is computed on its own: its scores and softmax
run over fixed 64-cell tiles of the cache, and a tile or a cell its mask hides adds
exactly nothing. So the rule here is: every prompt token is evaluated in a batch of
at least ``TILE_ROWS`` rows (and at most ``n_ubatch``: llama.cpp cuts a call into
batches of that many tokens from its start, prompt_calls()). A prompt's tail
shorter than that borrows rows from the batch before it, or, when there is none (a
short prompt, or a few new tokens after a reused prefix), is padded with filler rows
after it that are removed again (LlamaRuntime.evaluate's ``min_rows``). Then every
prompt token's KV is the same whichever prefix was reused. Generated tokens are
evaluated one at a time; a later prompt that repeats them evaluates them anew
(Generator.reusable).
"""

from __future__ import annotations

TILE_ROWS = 64  # GGML_FA_TILE_Q in ggml-cpu/common.h


def batch_rows(batch_size: int) -> int:
    """The fewest rows a prompt batch is given; a batch size below the tile size (the
    tiled kernel then never runs) still avoids the single-row path."""
    return max(2, min(TILE_ROWS, batch_size))


def prompt_pieces(n: int, batch_size: int) -> list[int]:
    """The sizes of the batches `n` prompt tokens are evaluated in: at most
    `batch_size` each, none smaller than batch_rows() unless it is the only one (it is
    then padded to that many rows)."""
    if n <= 0:
        return []
    least = batch_rows(batch_size)
    pieces = [batch_size] * (n // batch_size)
    rest = n - sum(pieces)
    if rest:
        if pieces and rest < least and batch_size + rest >= 2 * least:
            pieces[-1] -= least - rest  # the tail borrows rows: no filler needed
            rest = least
        pieces.append(rest)
    return pieces


def prompt_calls(n: int, batch_size: int, ubatch: int) -> list[int]:
    """The sizes of the llama_decode calls for `n` prompt tokens: the batches of
    prompt_pieces(n, ubatch), as many at a time as fit `batch_size`. llama.cpp cuts a call
    into batches of `ubatch` from its start, so a call holds full batches and at most
    one shorter one, at its end."""
    calls: list[int] = []
    current = 0
    for piece in prompt_pieces(n, ubatch):
        if current and current + piece > batch_size:
            calls.append(current)
            current = 0
        current += piece
        if piece < ubatch:
            calls.append(current)
            current = 0
    if current:
        calls.append(current)
    return calls
