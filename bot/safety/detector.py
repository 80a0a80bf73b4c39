"""Grade one message: the reviewed phrase list first, then the classifier that reads meaning."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.safety.levels import NOTHING, Assessment, Level, from_phrases
from bot.safety.model import RiskModel, Thresholds, parts_of
from bot.safety.phrases import phrase_categories
from bot.understanding.encoder import Array, SentenceEncoder


@dataclass
class Detector:
    model: RiskModel
    thresholds: Thresholds
    encoder: SentenceEncoder

    def read(self, text: str, whole: Array | None = None) -> tuple[list[str], Array]:
        """The message and, for a longer one, each of its sentences, with their vectors."""
        if whole is None:
            whole = self.encoder.encode([text])[0]
        parts = parts_of(text)
        if not parts:
            return [text], whole[None, :]
        return [text, *parts], np.vstack([whole[None, :], self.encoder.encode(parts)])

    def assess(self, text: str, whole: Array | None = None) -> Assessment:
        if not text.strip():
            return NOTHING
        clear, possible = phrase_categories(text)
        named = from_phrases(clear)
        if named is not None:
            return named
        return with_possible(self.model.assess(*self.read(text, whole), self.thresholds), possible)


def with_possible(guess: Assessment, possible: list[str]) -> Assessment:
    """The classifier's guess, or the check of the phrase list's "possible" tier where the
    classifier asked none."""
    if guess.level is Level.CHECK:
        return guess
    return from_phrases([], possible) or guess
