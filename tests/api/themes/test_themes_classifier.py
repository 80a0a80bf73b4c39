"""The theme suggestions: the labelled set, its fixed split, and what the classifier scores."""

from __future__ import annotations

import numpy as np
import pytest

from api.plans.models import PlanRole
from api.themes import classifier
from api.themes.areas import AREAS_FOR, Area
from scripts import themes


def test_the_labelled_set_has_at_least_300_outcomes_and_every_area() -> None:
    examples = {role: themes.load(role) for role in PlanRole}

    assert [len(examples[role]) for role in PlanRole] == [224, 116]
    for role in PlanRole:
        labelled = {area for example in examples[role] for area in example.areas}
        assert labelled == set(AREAS_FOR[role])


@pytest.mark.parametrize("role", list(PlanRole))
def test_the_split_is_fixed_disjoint_and_covers_every_area_on_both_sides(role: PlanRole) -> None:
    train, test = themes.split(role)

    assert (train, test) == themes.split(role)
    assert len(train) + len(test) == len(themes.load(role))
    assert not {e.text for e in train} & {e.text for e in test}
    for side in (train, test):
        assert {example.areas[0] for example in side} == set(AREAS_FOR[role])


def test_the_kept_classifier_is_the_one_the_train_split_gives() -> None:
    trained = themes.train()
    kept = classifier.load()

    for role in PlanRole:
        assert kept[role].areas == AREAS_FOR[role]
        np.testing.assert_allclose(kept[role].weights, trained[role].weights, atol=1e-5)
        np.testing.assert_allclose(kept[role].bias, trained[role].bias, atol=1e-5)


@pytest.mark.parametrize(
    ("role", "support", "suggested", "correct"),
    [(PlanRole.PERSON, 72, 86, 47), (PlanRole.CARER, 35, 34, 12)],
)
def test_the_figures_on_the_test_split_are_the_readmes(
    role: PlanRole, support: int, suggested: int, correct: int
) -> None:
    scores = themes.evaluate(role)

    assert sum(s.support for s in scores) == support
    assert sum(s.suggested for s in scores) == suggested
    assert sum(s.correct for s in scores) == correct


def test_a_suggestion_is_the_likeliest_area_and_any_other_at_even_odds() -> None:
    person = classifier.suggest(
        ["Getting back to the bowling club with my pals", "x"], PlanRole.PERSON
    )
    carer = classifier.suggest(
        ["Not worrying about money", "Getting a proper night's sleep"], PlanRole.CARER
    )

    assert person == [[Area.THINGS_TO_DO, Area.SEEING_PEOPLE], [Area.THINGS_TO_DO]]
    assert carer == [[Area.CARER_FINANCES], [Area.CARER_HEALTH_AND_WELLBEING]]
    assert classifier.suggest([], PlanRole.PERSON) == []
