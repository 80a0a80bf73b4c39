"""The theme suggestions' labelled set (tests/eval/themes/): train, and measure on test.

    python -m scripts.themes train      # refit api/themes/classifier.json from the train split
    python -m scripts.themes evaluate   # precision and recall per area on the test split

Each file is split by itself, 70% train and 30% test of each area (by the first area an
example is labelled with), in an order fixed by a hash of a seed and the words, so the split
stays the same from run to run. Only the train split is ever used to fit or choose
anything; the test split is for the figures in the README.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from api.plans.models import PlanRole
from api.themes import classifier
from api.themes.areas import AREAS_FOR, Area, name

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "eval" / "themes"
SEED = 16
TEST_SHARE = 0.3


@dataclass(frozen=True)
class Example:
    text: str
    areas: tuple[Area, ...]


def load(role: PlanRole) -> list[Example]:
    """One role's examples, in file order: `areas<TAB>words`, # for comments."""
    examples = []
    path = LABELLED / f"{role.value}.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        areas, text = line.split("\t", 1)
        labels = tuple(Area(area) for area in areas.split(","))
        if not set(labels) <= set(AREAS_FOR[role]):
            raise ValueError(f"{path.name}:{number}: an area of the other role")
        examples.append(Example(text=text, areas=labels))
    return examples


def _order(text: str) -> bytes:
    return hashlib.sha256(f"{SEED}\x00{text}".encode()).digest()


def split(role: PlanRole) -> tuple[list[Example], list[Example]]:
    """(train, test) for one role, the same every time: within each group of examples whose
    first area is the same, the 30% first in an order fixed by a hash of the seed and the
    words go to test, so every area has examples on both sides."""
    examples = load(role)
    test: set[int] = set()
    for area in AREAS_FOR[role]:
        group = [i for i, example in enumerate(examples) if example.areas[0] is area]
        group.sort(key=lambda i: _order(examples[i].text))
        test.update(group[: round(len(group) * TEST_SHARE)])
    return (
        [example for i, example in enumerate(examples) if i not in test],
        [example for i, example in enumerate(examples) if i in test],
    )


def train() -> dict[PlanRole, classifier.RoleModel]:
    models = {}
    for role in PlanRole:
        examples, _ = split(role)
        vectors = classifier.encoder().encode([example.text for example in examples])
        models[role] = classifier.fit(
            vectors, [example.areas for example in examples], AREAS_FOR[role]
        )
    return models


@dataclass(frozen=True)
class Score:
    area: Area
    support: int  # test examples labelled with the area
    suggested: int  # test examples the area was suggested for
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.suggested if self.suggested else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.support if self.support else None


def score(
    examples: Sequence[Example], suggestions: Sequence[Sequence[Area]], role: PlanRole
) -> list[Score]:
    return [
        Score(
            area=area,
            support=sum(area in example.areas for example in examples),
            suggested=sum(area in suggested for suggested in suggestions),
            correct=sum(
                area in example.areas and area in suggested
                for example, suggested in zip(examples, suggestions, strict=True)
            ),
        )
        for area in AREAS_FOR[role]
    ]


def evaluate(role: PlanRole) -> list[Score]:
    _, test = split(role)
    return score(test, classifier.suggest([example.text for example in test], role), role)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def table(role: PlanRole, scores: Sequence[Score]) -> str:
    lines = [
        "| Area | Test outcomes | Suggested | Precision | Recall |",
        "|---|---:|---:|---:|---:|",
    ]
    for item in scores:
        lines.append(
            f"| {name(item.area)} | {item.support} | {item.suggested} | "
            f"{_percent(item.precision)} | {_percent(item.recall)} |"
        )
    support = sum(item.support for item in scores)
    suggested = sum(item.suggested for item in scores)
    correct = sum(item.correct for item in scores)
    lines.append(
        f"| **All {role.value} areas (micro)** | {support} | {suggested} | "
        f"{_percent(correct / suggested if suggested else None)} | "
        f"{_percent(correct / support if support else None)} |"
    )
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    command = argv[0] if argv else "evaluate"
    if command == "train":
        classifier.save(train())
        classifier.load.cache_clear()
        print(f"Saved {classifier.MODEL_FILE}")
        return 0
    if command == "evaluate":
        for role in PlanRole:
            train_set, test = split(role)
            print(f"\n{role.value}: {len(train_set)} train, {len(test)} test (seed {SEED})\n")
            print(table(role, evaluate(role)))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
