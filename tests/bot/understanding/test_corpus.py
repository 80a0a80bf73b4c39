"""The labelled corpus and its fixed split."""

from __future__ import annotations

from collections import Counter

import yaml

from bot.understanding import corpus
from bot.understanding.corpus import Label, Split, split_of, split_settings


def test_every_message_is_labelled_and_written_once() -> None:
    examples = corpus.load()
    assert len(examples) >= 3000
    assert len({e.text for e in examples}) == len(examples)
    for example in examples:
        assert example.role in ("person", "carer")
        if example.label is Label.COMMAND:
            assert example.intent
        if example.label in (Label.HARM, Label.LIFE, Label.AMBIGUOUS):
            assert example.category


def test_the_split_follows_the_seed_and_the_shares() -> None:
    seed, shares = split_settings()
    assert shares == {Split.TRAIN: 60, Split.DEV: 20, Split.TEST: 20}
    examples = corpus.load()
    counts = Counter(split_of(e.text, seed, shares) for e in examples)
    for split, share in shares.items():
        assert abs(counts[split] / len(examples) - share / 100) < 0.03
    # A message's split depends on the seed and its own text only.
    assert split_of("my garden", seed, shares) == split_of("my garden", seed, shares)
    moved = sum(
        split_of(e.text, seed, shares) != split_of(e.text, seed + "-other", shares)
        for e in examples
    )
    assert moved > len(examples) / 3


def test_every_label_is_in_every_split() -> None:
    examples = corpus.load()
    for split in Split:
        labels = {e.label for e in corpus.in_split(examples, split)}
        assert labels == set(Label)


def test_the_nlu_data_holds_only_the_train_split() -> None:
    examples = corpus.load()
    data = corpus.nlu_training_data(corpus.in_split(examples, Split.TRAIN))
    test_only = [
        e.text
        for e in corpus.in_split(examples, Split.TEST)
        if "\n" not in e.text and len(e.text) > 20
    ]
    assert test_only
    assert not any(f"- {' '.join(text.split())}\n" in data for text in test_only)
    assert "  - intent: skip\n" in data


def test_every_message_is_typed_at_a_question_the_assistant_asks() -> None:
    slots: set[str] = set()
    for path in (corpus.ROOT / "domain").glob("*.yml"):
        slots |= set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("slots") or {})
    asked = {e.at for e in corpus.load()}
    # Written for the question asked once for the whole plan; typed at the first outcome's.
    assert asked - slots <= {"what_would_help", "who_could_help"}, asked - slots
    assert {"call_me", "contact", "meet_when", "cared_for_name", "look_again"} <= asked
