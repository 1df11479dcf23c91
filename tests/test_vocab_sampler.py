"""The vectorised sampler draws from the distribution llama.cpp's chain defines."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.engine.protocol import SamplingSettings
from app.core.engine.vocab_sampler import BLOCK, VocabSampler

N_VOCAB = BLOCK * 3 + 100  # whole blocks and a tail
DRAWS = 20_000


def logits(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(N_VOCAB) * 2.5).astype(np.float32)


def expected(x: np.ndarray, settings: SamplingSettings) -> np.ndarray:
    """llama.cpp's chain in float64, the slow obvious way: top-k, top-p, min-p, temperature."""
    x = x.astype(np.float64)
    keep = np.ones(x.size, dtype=bool)
    order = np.argsort(-x, kind="stable")
    if settings.top_k > 0:
        keep[order[settings.top_k :]] = False
    if settings.top_p < 1.0:
        p = np.exp(x[order] - x.max()) * keep[order]
        cut = int(np.flatnonzero(np.cumsum(p) >= settings.top_p * p.sum())[0])
        keep[order[cut + 1 :]] = False
    if settings.min_p > 0.0:
        keep &= x >= x[keep].max() + np.log(settings.min_p)
    weights = np.where(keep, np.exp((x - x.max()) / settings.temperature), 0.0)
    return weights / weights.sum()


def assert_draws_follow(probabilities: np.ndarray, draws: np.ndarray) -> None:
    """Chi-square over the likeliest tokens (expected count ≥ 20) and one bin for the rest."""
    counts = np.bincount(draws, minlength=probabilities.size)
    assert counts[probabilities == 0].sum() == 0, "a token with probability 0 was drawn"
    big = probabilities * DRAWS >= 20
    observed = np.append(counts[big], counts[~big].sum())
    wanted = np.append(probabilities[big], probabilities[~big].sum()) * DRAWS
    used = wanted > 0
    chi2 = float((((observed - wanted) ** 2)[used] / wanted[used]).sum())
    dof = int(used.sum()) - 1
    # Far beyond chance (about 8 standard deviations), yet a biased sampler is caught.
    assert chi2 < dof + 8 * np.sqrt(2 * dof), (chi2, dof)


@pytest.mark.parametrize(
    "settings",
    [
        SamplingSettings(temperature=1.0, seed=1),
        SamplingSettings(temperature=0.6, seed=2),
        SamplingSettings(temperature=1.0, top_k=40, seed=3),
        SamplingSettings(temperature=0.8, top_p=0.9, seed=4),
        SamplingSettings(temperature=1.0, min_p=0.05, seed=5),
        SamplingSettings(temperature=1.3, top_k=200, top_p=0.95, min_p=0.01, seed=6),
    ],
    ids=["plain", "temperature", "top-k", "top-p", "min-p", "all"],
)
def test_draws_follow_the_chain_distribution(settings: SamplingSettings) -> None:
    x = logits()
    sampler = VocabSampler(N_VOCAB, settings)
    draws = np.array([sampler.sample(x) for _ in range(DRAWS)])
    assert_draws_follow(expected(x, settings), draws)


def test_a_wrong_distribution_is_detected() -> None:
    x = logits()
    sampler = VocabSampler(N_VOCAB, SamplingSettings(temperature=1.0, seed=7))
    draws = np.array([sampler.sample(x) for _ in range(DRAWS)])
    with pytest.raises(AssertionError):
        assert_draws_follow(expected(x, SamplingSettings(temperature=0.8)), draws)


def test_bias_forbids_tokens_and_leaves_the_logits_alone() -> None:
    x = logits()
    top = [int(i) for i in np.argsort(-x)[:5]]
    before = x.copy()
    sampler = VocabSampler(N_VOCAB, SamplingSettings(seed=8), dict.fromkeys(top, float("-inf")))
    draws = {sampler.sample(x) for _ in range(3000)}
    assert not draws & set(top)
    assert np.array_equal(x, before)


def test_temperature_zero_is_argmax_and_seeds_repeat() -> None:
    x = logits()
    assert VocabSampler(N_VOCAB, SamplingSettings(temperature=0.0)).sample(x) == int(np.argmax(x))
    runs = [
        [VocabSampler(N_VOCAB, SamplingSettings(seed=9)).sample(x) for _ in range(1)]
        for _ in range(2)
    ]
    a, b = (VocabSampler(N_VOCAB, SamplingSettings(seed=9)) for _ in range(2))
    assert [a.sample(x) for _ in range(50)] == [b.sample(x) for _ in range(50)]
    assert runs[0] == runs[1]


def test_one_possible_token_is_always_drawn() -> None:
    x = np.full(N_VOCAB, -1e30, dtype=np.float32)
    x[N_VOCAB - 1] = 0.0  # the very last token, in the tail after the whole blocks
    sampler = VocabSampler(N_VOCAB, SamplingSettings(seed=10))
    assert {sampler.sample(x) for _ in range(200)} == {N_VOCAB - 1}
