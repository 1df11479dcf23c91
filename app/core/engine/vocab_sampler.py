"""Sampling one token from the model's logits, vectorised over the whole vocabulary.

gpt-oss has 201,088 tokens. llama.cpp's CPU sampler chain walks them one at a
time, several times per token (a scalar expf, a running sum, a normalising
pass): measured here at 2-9 ms per token, several percent of a decode step
on a laptop CPU. This sampler does the same mathematics with numpy's SIMD
kernels on a zero-copy view of llama.cpp's logits:

* no truncation (the default: temperature 1, top-p 1): one exp over the
  vocabulary, then inverse-CDF sampling in two levels — sums of blocks of
  BLOCK tokens, a cumulative sum over the blocks, then one inside the block —
  instead of one long sequential cumulative sum;
* top-k, top-p, min-p: the same rules and order as llama.cpp's chain (truncate
  on the untempered logits, then apply the temperature to the survivors);
* temperature 0: argmax.

Grammar-constrained sampling stays with llama.cpp's chain (llama_runtime.py):
only the grammar knows which tokens are allowed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from app.core.engine.protocol import SamplingSettings

BLOCK = 256
# top-p looks at the most likely TOP_P_WINDOW tokens first and sorts the whole
# vocabulary only if they do not hold the mass asked for.
TOP_P_WINDOW = 2048

Logits = npt.NDArray[np.float32]


class VocabSampler:
    def __init__(
        self,
        n_vocab: int,
        sampling: SamplingSettings,
        logit_bias: Mapping[int, float] | None = None,
    ) -> None:
        self.sampling = sampling
        seed = sampling.seed if sampling.seed is not None else int.from_bytes(os.urandom(8))
        self._rng = np.random.default_rng(seed)
        self._buffer = np.empty(n_vocab, dtype=np.float32)
        bias = dict(logit_bias or {})
        self._bias_ids = np.fromiter(bias.keys(), dtype=np.int64, count=len(bias))
        self._bias_values = np.fromiter(bias.values(), dtype=np.float32, count=len(bias))

    def sample(self, logits: Logits) -> int:
        """One token id drawn from ``logits`` (not modified)."""
        x = self._buffer
        np.copyto(x, logits)
        if self._bias_ids.size:
            x[self._bias_ids] += self._bias_values
        settings = self.sampling
        if settings.temperature <= 0:
            return int(np.argmax(x))
        truncating = settings.top_k > 0 or settings.top_p < 1.0 or settings.min_p > 0.0
        if truncating:
            return self._sample_truncated(x)
        if settings.temperature != 1.0:
            x *= np.float32(1.0 / settings.temperature)
        x -= x.max()
        np.exp(x, out=x)
        return self._inverse_cdf(x)

    def _inverse_cdf(self, weights: Logits) -> int:
        """An index drawn with probability proportional to ``weights`` (≥ 0, not all 0)."""
        n = weights.size
        full = n // BLOCK * BLOCK
        block_sums = weights[:full].reshape(-1, BLOCK).sum(axis=1, dtype=np.float64)
        tail = float(weights[full:].sum(dtype=np.float64))
        cumulative = np.cumsum(block_sums)
        total = (float(cumulative[-1]) if cumulative.size else 0.0) + tail
        target = self._rng.random() * total
        block = int(np.searchsorted(cumulative, target, side="right"))
        before = float(cumulative[block - 1]) if block > 0 else 0.0
        start = block * BLOCK
        segment = weights[start : min(start + BLOCK, n)]
        inside = np.cumsum(segment, dtype=np.float64)
        index = int(np.searchsorted(inside, target - before, side="right"))
        if index >= segment.size or segment[index] <= 0:
            # Rounding put the target at the very end: take the last possible token.
            nonzero = np.flatnonzero(segment)
            index = int(nonzero[-1]) if nonzero.size else int(np.argmax(weights) - start)
        return start + index

    def _sample_truncated(self, x: Logits) -> int:
        """top-k, then top-p, then min-p on untempered logits; then the temperature."""
        settings = self.sampling
        candidates = np.arange(x.size)
        if 0 < settings.top_k < candidates.size:
            candidates = np.argpartition(x, -settings.top_k)[-settings.top_k :]
        if settings.top_p < 1.0:
            candidates = self._top_p(x, candidates, settings.top_p)
        if settings.min_p > 0.0:
            kept = x[candidates]
            candidates = candidates[kept >= kept.max() + np.log(settings.min_p)]
        values = x[candidates].astype(np.float64) / settings.temperature
        weights = np.exp(values - values.max())
        cumulative = np.cumsum(weights)
        index = int(np.searchsorted(cumulative, self._rng.random() * cumulative[-1], "right"))
        return int(candidates[min(index, candidates.size - 1)])

    @staticmethod
    def _top_p(x: Logits, candidates: npt.NDArray[np.int64], top_p: float) -> npt.NDArray[np.int64]:
        """The most likely candidates whose probability adds up to at least ``top_p``."""
        values = x[candidates]
        peak = values.max()
        total = float(np.exp(values - peak, dtype=np.float64).sum())
        window = min(TOP_P_WINDOW, candidates.size)
        for size in (window, candidates.size):
            top = np.argpartition(values, -size)[-size:] if size < values.size else np.arange(size)
            order = top[np.argsort(-values[top], kind="stable")]
            mass = np.cumsum(np.exp(values[order] - peak, dtype=np.float64))
            enough = np.flatnonzero(mass >= top_p * total)
            if enough.size:
                return candidates[order[: int(enough[0]) + 1]]
        return candidates
