"""The classifier's own rules, without the hub: how each theme's cut-off is chosen."""

import numpy as np
import pytest

from engaging.themes import model as theme_model
from engaging.themes.model import ThemeModel, ThemeSpec, best_threshold
from tests.themes.coded import PHRASES, coded_rows


def coded():
    rows = coded_rows(120)
    names = list(PHRASES)
    texts = [row["text"] for row in rows]
    Y = np.array([[1 if row[name] else 0 for name in names] for row in rows], dtype=np.int8)
    return texts, Y, [ThemeSpec(name) for name in names]


def test_the_best_cut_off_lies_between_the_last_comment_kept_and_the_first_left_out():
    y = np.array([1, 1, 0, 0, 1])
    p = np.array([0.40, 0.35, 0.20, 0.10, 0.05])
    # Keeping the top two gives F1 2·2/(2+3) = 0.8, better than any other cut.
    assert best_threshold(y, p) == pytest.approx(0.275)
    # Nothing coded: the classifier's own boundary.
    assert best_threshold(np.zeros(5, dtype=int), p) == 0.5


def test_each_cut_off_moves_half_way_from_the_boundary_to_the_best_on_held_out_comments():
    texts, Y, specs = coded()
    assert theme_model.SHRINK == 0.5 and theme_model.INNER_FOLDS == 2
    shipped = ThemeModel(specs).fit(texts, Y)
    tuned = ThemeModel(specs, shrink=1.0).fit(texts, Y)
    boundary = ThemeModel(specs, inner_folds=0).fit(texts, Y)

    assert np.allclose(boundary.thresholds, 0.5)
    # The inner cross-validation found cut-offs away from 0.5 ...
    assert np.abs(tuned.thresholds - 0.5).max() > 0.02
    # ... and the shipped model goes half of the way there.
    assert np.allclose(shipped.thresholds, 0.5 + 0.5 * (tuned.thresholds - 0.5))
    # The weights do not depend on the cut-offs.
    assert np.allclose(shipped.weights, boundary.weights, atol=1e-4)


def test_a_comment_is_given_the_themes_above_their_own_cut_offs():
    texts, Y, specs = coded()
    model = ThemeModel(specs).fit(texts, Y)
    P = np.array([[0.9, 0.1, 0.1], [0.1, 0.1, 0.1]], dtype=np.float32)
    model.thresholds = np.array([0.6, 0.4, 0.4])
    # Above its cut-off: chosen. Nothing above: the best theme when it is half-way to its cut-off (0.1/0.4 is not).
    assert model.decide(P).tolist() == [[1, 0, 0], [0, 0, 0]]
    # Measured against its own cut-off, 0.1 is two-thirds of the way to 0.15: the best of the second comment.
    model.thresholds = np.array([0.95, 0.15, 0.4])
    assert model.decide(P).tolist() == [[1, 0, 0], [0, 1, 0]]


def test_too_few_comments_for_an_inner_cross_validation_keep_the_boundary():
    texts, Y, specs = coded()
    model = ThemeModel(specs).fit(texts[:20], Y[:20])
    assert np.allclose(model.thresholds, 0.5)
