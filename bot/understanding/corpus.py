"""The labelled messages in tests/eval/corpus/, and their fixed split into train, dev and test.

Each message's split is decided by a hash of the seed and its text, so adding messages never
moves an old one to another split, and the test split changes only when the seed does
(tests/eval/corpus/SPLIT.yml; every change of seed is a commit of its own). The detector is
trained on `train`; thresholds and phrases are chosen on `dev`; `test` is only ever reported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "tests" / "eval" / "corpus"
SPLIT_FILE = CORPUS_DIR / "SPLIT.yml"


class Label(str, Enum):
    """What the assistant should do with a message (tests/eval/corpus/FORMAT.md)."""

    ANSWER = "answer"
    CONCERN = "concern"
    HARM = "harm"
    LIFE = "life"
    AMBIGUOUS = "ambiguous"
    COMMAND = "command"


class Split(str, Enum):
    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


@dataclass(frozen=True)
class Example:
    text: str
    role: str
    at: str
    label: Label
    intent: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""

    @property
    def is_risk(self) -> bool:
        return self.label in (Label.HARM, Label.LIFE)


def split_settings(path: Path = SPLIT_FILE) -> tuple[str, dict[Split, int]]:
    """The seed, and the share (in percent) of each split."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shares = {Split(name): int(share) for name, share in data["shares"].items()}
    if sum(shares.values()) != 100:
        raise ValueError(f"{path}: the shares must add up to 100")
    return str(data["seed"]), shares


def split_of(text: str, seed: str, shares: dict[Split, int]) -> Split:
    digest = hashlib.sha256(f"{seed}\x00{text}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") % 100
    edge = 0
    for split in Split:
        edge += shares[split]
        if bucket < edge:
            return split
    raise AssertionError("unreachable: the shares add up to 100")


def _examples(path: Path) -> Iterator[Example]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for item in data.get("messages") or []:
        yield Example(
            text=str(item["text"]),
            role=str(item.get("role", "person")),
            at=str(item["at"]),
            label=Label(item["label"]),
            intent=item.get("intent"),
            category=item.get("category"),
            tags=tuple(item.get("tags") or ()),
            source=path.name,
        )


def load(directory: Path = CORPUS_DIR) -> list[Example]:
    """Every labelled message, once: a text written twice keeps its first label."""
    seen: set[str] = set()
    examples = []
    for path in sorted(directory.glob("*.yml")):
        if path == SPLIT_FILE or path.name == SPLIT_FILE.name:
            continue
        for example in _examples(path):
            if example.text not in seen:
                seen.add(example.text)
                examples.append(example)
    return examples


def in_split(examples: Iterable[Example], split: Split) -> list[Example]:
    seed, shares = split_settings()
    return [e for e in examples if split_of(e.text, seed, shares) == split]


def level_label(example: Example) -> str:
    """The level the classifier learns: commands and answers are both "none"."""
    if example.label in (Label.ANSWER, Label.COMMAND):
        return "none"
    return str(example.label.value)


def nlu_training_data(examples: Iterable[Example]) -> str:
    """The train split as Rasa NLU data: commands under their intent, the rest as answers.

    The intent classifier then learns commands in the many ways people type them, and that a
    long, worried answer full of command-like words is still an answer.
    """
    by_intent: dict[str, list[str]] = {}
    for example in examples:
        text = example.text.strip()
        # One line each, and nothing Rasa would read as an entity annotation.
        # Letters alone ("y" for why) would teach yes and why apart from the hand-written data.
        if "\n" in text or "[" in text or "](" in text or len(text) < 3:
            continue
        intent = example.intent if example.label is Label.COMMAND else "inform"
        if intent:
            by_intent.setdefault(intent, []).append(text)
    lines = [
        "# Made by `python -m bot.understanding.corpus` from the train split. Do not edit.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent, texts in sorted(by_intent.items()):
        lines += [f"  - intent: {intent}", "    examples: |"]
        # A literal block keeps every character as typed; only the line's own indent is added.
        lines += [f"      - {' '.join(text.split())}" for text in texts]
    return "\n".join(lines) + "\n"


def main() -> None:
    import sys

    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nlu_training_data(in_split(load(), Split.TRAIN)), encoding="utf-8")


if __name__ == "__main__":
    main()
