"""Train the classifier on the train split and choose its thresholds on the dev split.

    .venv-bot/bin/python -m bot.safety.tune           # the classifier's thresholds
    .venv-bot/bin/python -m bot.safety.tune phrases   # the phrase list: misses, false alarms

Prints, for a grid of thresholds, the dev figures that `make eval` reports, and the phrase
list's patterns that fire on messages that are not risk (train and dev). Never reads the test
split.
"""

from __future__ import annotations

import itertools
from collections import Counter

from bot.safety.detector import Detector, with_possible
from bot.safety.levels import Assessment, Level, from_phrases
from bot.safety.model import RiskModel, Thresholds
from bot.safety.phrases import normalise, patterns, phrase_categories, risk_categories, said
from bot.understanding.corpus import Example, Label, Split, in_split, level_label, load
from bot.understanding.encoder import shared_encoder


def train_model(train: list[Example]) -> RiskModel:
    texts = [e.text for e in train]
    vectors = shared_encoder().encode(texts)
    return RiskModel.fit(
        texts, vectors, [level_label(e) for e in train], [e.category for e in train]
    )


def share(got: list[tuple[Example, Assessment]], labels: set[Label], levels: set[Level]) -> float:
    chosen = [a for e, a in got if e.label in labels]
    return sum(a.level in levels for a in chosen) / max(len(chosen), 1)


def phrase_false_alarms(examples: list[Example]) -> None:
    hits: Counter[str] = Counter()
    for example in examples:
        if example.is_risk or example.label is Label.AMBIGUOUS:
            continue
        text = normalise(example.text)
        for category, compiled in patterns().items():
            for pattern in compiled:
                if said(pattern, text):
                    hits[f"{category}: {pattern.pattern[:70]}"] += 1
                    print(f"  phrase list on {example.label.value}: {example.text[:90]!r}")
    print("phrase list false alarms:", hits.most_common(20))


def phrase_misses(examples: list[Example]) -> None:
    """Risk in train and dev that the phrase list does not name, by label and category."""
    missed = [e for e in examples if e.is_risk and not risk_categories(e.text)]
    for example in sorted(missed, key=lambda e: (e.label.value, e.category or "")):
        print(f"  missed {example.label.value}/{example.category}: {example.text!r}")
    risky = sum(e.is_risk for e in examples)
    print(f"phrase list names {risky - len(missed)}/{risky} of the risk in train and dev")


def main() -> None:
    import sys

    corpus = load()
    if sys.argv[1:] == ["phrases"]:
        seen = in_split(corpus, Split.TRAIN) + in_split(corpus, Split.DEV)
        phrase_misses(seen)
        phrase_false_alarms(seen)
        return
    train, dev = in_split(corpus, Split.TRAIN), in_split(corpus, Split.DEV)
    print(f"train {len(train)}, dev {len(dev)}")
    phrase_false_alarms(train + dev)
    model = train_model(train)
    probe = Detector(model, Thresholds(1, 1, 1), shared_encoder())
    wholes = shared_encoder().encode([e.text for e in dev])
    read = [probe.read(e.text, w) for e, w in zip(dev, wholes, strict=True)]
    phrases = [phrase_categories(e.text) for e in dev]
    calm, risk = {Label.ANSWER, Label.COMMAND}, {Label.HARM, Label.LIFE}
    met = {Level.CHECK, Level.HARM, Level.LIFE}
    grid = itertools.product((0.45, 0.5, 0.55, 0.6), (0.4, 0.5), (0.2, 0.25, 0.3, 0.35, 1.1))
    for check, concern, worry_check in grid:
        thresholds = Thresholds(check, concern, worry_check)
        got = [
            (e, from_phrases(clear) or with_possible(model.assess(*r, thresholds), possible))
            for e, r, (clear, possible) in zip(dev, read, phrases, strict=True)
        ]
        print(
            f"check {check:.2f} concern {concern:.2f} worry_check {worry_check:.2f}: "
            f"risk met {share(got, risk, met):.3f}  "
            f"ambiguous checked {share(got, {Label.AMBIGUOUS}, met):.3f}  "
            f"calm script {share(got, calm, {Level.HARM, Level.LIFE}):.3f}  "
            f"calm check {share(got, calm, {Level.CHECK}):.3f}  "
            f"worry script {share(got, {Label.CONCERN}, {Level.HARM, Level.LIFE}):.3f}  "
            f"worry noticed {share(got, {Label.CONCERN}, {Level.CONCERN, Level.CHECK}):.3f}"
        )


if __name__ == "__main__":
    main()
