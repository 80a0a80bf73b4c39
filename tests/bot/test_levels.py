"""Grading a message: the phrase list first, the classifier only ever asks."""

from __future__ import annotations

import numpy as np
import pytest

from bot.safety.detector import Detector
from bot.safety.levels import (
    Assessment,
    CheckKind,
    Level,
    Source,
    category_after_yes,
    check_for,
    from_phrases,
)
from bot.safety.model import RiskModel, Thresholds, parts_of
from bot.safety.phrases import POSSIBLE, risk_categories
from bot.understanding.encoder import shared_encoder


def test_the_phrase_list_raises_the_highest_level_it_names() -> None:
    assert from_phrases([]) is None
    assert from_phrases(["abuse"]) == Assessment(Level.HARM, ("abuse",), Source.PHRASE_LIST)
    assert from_phrases(["abuse", "medical_emergency"]) == Assessment(
        Level.LIFE, ("abuse", "medical_emergency"), Source.PHRASE_LIST
    )


@pytest.mark.parametrize(
    ("text", "clear", "possible"),
    [
        ("I used to self harm when I was younger. I don't now", [], ["self_harm"]),
        ("at my old house a man took my money. i moved. i am ok now", [], ["abuse"]),
        ("I used to want to end my life and I still do", ["suicide"], []),
        ("I want to end my life", ["suicide"], []),
    ],
)
def test_clear_risk_told_as_over_asks_the_check_instead(
    text: str, clear: list[str], possible: list[str]
) -> None:
    assert risk_categories(text) == clear
    assert risk_categories(text, POSSIBLE) == possible


def test_words_that_may_mean_risk_ask_the_check_that_fits() -> None:
    assert from_phrases([], ["suicide"]) == Assessment(
        Level.CHECK, ("suicide",), Source.PHRASE_LIST, CheckKind.LIFE
    )
    assert from_phrases([], ["financial_harm", "suicide"]) == Assessment(
        Level.CHECK, ("financial_harm", "suicide"), Source.PHRASE_LIST, CheckKind.HARM
    )
    # Clear risk wins over possible risk.
    assert from_phrases(["abuse"], ["suicide"]) == Assessment(
        Level.HARM, ("abuse",), Source.PHRASE_LIST
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm so tired of everything", ["suicide"]),
        ("Life's not worth much now", ["suicide"]),
        ("I've had a long life. I'm ready to go whenever.", ["suicide"]),
        ("My son does all my banking. I've no idea what's in there", ["financial_harm"]),
        ("ah dinnae feel safe in this hoose any mair", ["unsafe_home"]),
        ("I'm ready to go out when the taxi comes", []),
        ("I've had enough of this rain", []),
        ("my garden", []),
        # Added from the dev split's misses after the fifth round of writing.
        ("She says she'd rather die than go into a home", ["suicide"]),
        ("he keeps on about Dignitas since the diagnosis", ["suicide"]),
        ("nobody helps me up in the morning, I lie till dinner", ["neglect"]),
        ("can we meet somewhere he won't find out", ["psychological_harm"]),
        ("there's a fire in the kitchen", ["danger_to_life"]),
        ("her brother shoves me when she's not looking", ["physical_harm"]),
        ("it hits me hardest on a Sunday", []),
        ("my physio pushes me to do more", []),
    ],
)
def test_the_possible_tier_names_words_that_may_mean_risk(text: str, expected: list[str]) -> None:
    assert risk_categories(text, POSSIBLE) == expected
    assert risk_categories(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("im not going to hurt myself, just really flat", []),
        ("not suicidal or anything, just fed up", []),
        ("I don't want to live with strangers", []),
        ("he never hits me", []),
        ("I want to hurt myself", ["self_harm"]),
        ("I'm not sleeping and I want to end it all", ["suicide"]),
    ],
)
def test_a_phrase_denied_just_before_is_not_a_disclosure(text: str, expected: list[str]) -> None:
    assert risk_categories(text) == expected


def test_checks_fit_the_category() -> None:
    assert check_for("suicide") is CheckKind.LIFE
    assert check_for("medical_emergency") is CheckKind.EMERGENCY
    assert check_for("financial_harm") is CheckKind.HARM
    assert check_for(None) is CheckKind.HARM
    assert category_after_yes(CheckKind.HARM, "financial_harm") == "financial_harm"
    assert category_after_yes(CheckKind.LIFE, "financial_harm") == "suicide"


def test_a_long_message_is_also_read_sentence_by_sentence() -> None:
    text = "I'd like to get back to the bowls. But some nights I think about my tablets."
    assert parts_of(text) == [
        "I'd like to get back to the bowls.",
        "But some nights I think about my tablets.",
    ]
    assert parts_of("my garden") == []


@pytest.fixture(scope="module")
def detector() -> Detector:
    texts = [
        "my garden", "seeing my family", "the lunch club", "my dog", "going to the shops",
        "the bills frighten me", "I feel so alone", "I can't pay the gas",
        "my nephew takes my money", "the carer pushed me", "he shouts and frightens me",
        "I want to die", "I took all my pills", "I can't breathe",
        "I'd rather be dead than in a home", "some days there's no point",
    ]  # fmt: skip
    levels = ["none"] * 5 + ["concern"] * 3 + ["harm"] * 3 + ["life"] * 3 + ["ambiguous"] * 2
    risks = ["financial_harm", "physical_harm", "psychological_harm", "suicide", "suicide"]
    categories = [None] * 8 + [*risks, "medical_emergency", "suicide", "suicide"]
    vectors = shared_encoder().encode(texts)
    model = RiskModel.fit(texts, vectors, levels, categories, c=10.0)
    return Detector(model, Thresholds(check=0.4, concern=0.4, worry_check=1.1), shared_encoder())


def test_the_classifier_alone_never_raises_an_urgent_level(detector: Detector) -> None:
    for text in ("I want to die", "my nephew takes my money every week", "I took all my pills"):
        assessment = detector.assess(text)
        if assessment.source is Source.CLASSIFIER:
            assert not assessment.level.urgent


def test_the_phrase_list_comes_first(detector: Detector) -> None:
    assert detector.assess("I want to end my life") == Assessment(
        Level.LIFE, ("suicide",), Source.PHRASE_LIST
    )


def test_the_possible_tier_checks_where_the_classifier_did_not(detector: Detector) -> None:
    calm = Detector(detector.model, Thresholds(1.1, 1.1, 1.1), detector.encoder)
    text = "I'm ready for the box, me"
    assert calm.model.assess(*calm.read(text), calm.thresholds).level is Level.NONE
    assert calm.assess(text) == Assessment(
        Level.CHECK, ("suicide",), Source.PHRASE_LIST, CheckKind.LIFE
    )


def test_what_the_classifier_hears(detector: Detector) -> None:
    assert detector.assess("my garden").level is Level.NONE
    assert detector.assess("").level is Level.NONE
    checked = detector.assess("my nephew keeps taking money from me")
    assert checked.level is Level.CHECK
    assert checked.source is Source.CLASSIFIER


def test_the_model_is_kept_and_read_back(detector: Detector, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "risk.joblib"
    detector.model.save(path)
    again = RiskModel.load(path)
    texts, vectors = detector.read("he shouts and frightens me")
    assert np.allclose(
        again.probabilities(texts, vectors)["harm"],
        detector.model.probabilities(texts, vectors)["harm"],
    )
