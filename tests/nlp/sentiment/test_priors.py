"""Prior adaptation (issue 13): EM recovers a source's class mix; the checked policy only keeps real gains."""

from __future__ import annotations

import numpy as np
import pytest
from suara.nlp.sentiment.priors import (
    UNIFORM,
    agreement,
    choose_adaptation,
    em_priors,
    fit_score_prior,
    reweight,
)


def _calibrated_source(priors, n=4000, seed=0):
    """Items drawn with ``priors`` from three overlapping 1-D Gaussians, scored by the exact Bayes
    posterior under a uniform prior (a perfectly calibrated model trained class-balanced)."""
    rng = np.random.default_rng(seed)
    y = rng.choice(3, size=n, p=priors)
    x = rng.normal(loc=np.array([-1.0, 0.0, 1.0])[y], scale=0.8)
    like = np.exp(-0.5 * ((x[:, None] - np.array([-1.0, 0.0, 1.0])) / 0.8) ** 2)
    return like / like.sum(axis=1, keepdims=True), y


@pytest.mark.parametrize("priors", [(0.1, 0.15, 0.75), (0.6, 0.3, 0.1), (1 / 3, 1 / 3, 1 / 3)])
def test_em_recovers_the_source_priors(priors):
    proba, _ = _calibrated_source(priors)
    assert em_priors(proba) == pytest.approx(priors, abs=0.04)


def test_reweight_is_identity_without_a_shift_and_moves_towards_the_new_prior():
    proba, _ = _calibrated_source((0.2, 0.3, 0.5), n=50)
    assert reweight(proba, UNIFORM, UNIFORM) == pytest.approx(proba)
    shifted = reweight(proba, UNIFORM, np.array([0.1, 0.1, 0.8]))
    assert (shifted[:, 2] >= proba[:, 2] - 1e-12).all()
    assert reweight(proba, UNIFORM, np.array([0.1, 0.1, 0.8]), damping=0.0) == pytest.approx(proba)


def _biased_model(priors, seed):
    """A model that, out of its domain, under-calls neutral (like app reviews' neutral requests called negative)."""
    proba, y = _calibrated_source(priors, seed=seed)
    return reweight(proba, UNIFORM, np.array([0.45, 0.1, 0.45])), y


def test_a_correction_fitted_on_scores_is_kept_when_it_raises_agreement():
    proba, y = _biased_model((0.25, 0.35, 0.4), seed=3)
    decision = choose_adaptation(proba, y.copy())
    assert decision.applied and decision.method == "scores-checked"
    assert decision.agreement_on > decision.agreement_off
    assert decision.prior[1] > 0.5  # the fitted correction gives neutral back what the model took from it
    adapted = decision.apply(proba)
    assert agreement(adapted, y) > agreement(proba, y) + 0.05


def test_an_adaptation_the_scores_contradict_is_not_applied():
    proba, _ = _calibrated_source((0.08, 0.07, 0.85), seed=4)
    weak = proba.argmax(axis=1)  # the scores agree perfectly with the unadapted model: any shift loses
    decision = choose_adaptation(proba, weak)
    assert not decision.applied and decision.agreement_off == pytest.approx(1.0)
    assert decision.apply(proba) == pytest.approx(proba)


def test_sources_without_scores_follow_the_unchecked_damping():
    proba, _ = _calibrated_source((0.1, 0.1, 0.8), seed=5)
    off = choose_adaptation(proba, None)
    assert not off.applied and off.prior[2] > 0.7  # priors are still estimated and recorded
    on = choose_adaptation(proba, None, unchecked_damping=0.5)
    assert on.applied and on.method == "em" and on.damping == 0.5
    tiny = choose_adaptation(proba[:10], None, unchecked_damping=1.0)
    assert not tiny.applied and "fewer than" in tiny.reason


def test_agreement_is_macro_f1_over_the_weak_classes():
    proba = np.array([[0.9, 0.05, 0.05], [0.1, 0.1, 0.8], [0.1, 0.8, 0.1], [0.2, 0.1, 0.7]])
    weak = np.array([0, 2, 2, 2])  # neutral prediction on a positive item is a miss
    # negative F1 = 1; positive: tp 2, predicted 2, gold 3 -> 0.8
    assert agreement(proba, weak) == pytest.approx((1.0 + 0.8) / 2)


def test_score_fit_only_moves_the_classes_the_scores_hold():
    proba, y = _biased_model((0.4, 0.2, 0.4), seed=6)
    polar = y != 1  # NPS-like scores: no neutral weak labels
    prior = fit_score_prior(proba[polar], y[polar])
    assert prior[0] == pytest.approx(prior[2], rel=0.3)  # balanced polar scores: no shift between them
    # neutral keeps its centred offset of zero: exp(0) against the polar offsets' geometric mean of one
    assert prior[1] == pytest.approx(np.exp(np.mean(np.log(prior[[0, 2]]))), rel=1e-6)
