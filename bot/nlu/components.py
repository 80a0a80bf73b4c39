"""What a typed message means: sentence features, the command gate, and the risk grader.

SentenceFeaturizer: all-MiniLM-L6-v2 sentence vectors (bot/understanding/encoder.py) as dense
features, so the intent classifier reads meaning as well as the words' letters.

CommandGate: a typed message counts as a command (skip, go back, pause, ...) only when it is
clearly one: short, and confidently classified. Anything else is an answer ("I want to stop
feeling so lonely" is about loneliness, not about stopping). Buttons send `/intent` payloads,
which Rasa parses without this pipeline, so they are always commands.

RiskGrader: the graded level of risk (bot/safety/levels.py), from the reviewed phrase list and a
classifier trained on the train split of tests/eval/corpus/. The level travels to the actions as
an entity `risk_level` (with its category, source and check); levels that need an answer at once
(a check, harm, risk to life) also set intent `risk`, whatever the intent classifier said.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.detector import Detector
from bot.safety.levels import Level, risk_entity
from bot.safety.model import RiskModel, Thresholds
from bot.understanding import corpus
from bot.understanding.encoder import Array, shared_encoder
from bot.understanding.vocabulary import (
    ANSWER_INTENT,
    DONT_KNOW_INTENT,
    RESUME_INTENT,
    REVIEW_CODE_INTENT,
    RISK_ENTITY,
    RISK_INTENT,
)
from contract.formats import code_spotted

logger = logging.getLogger(__name__)
_MODEL_FILE = "risk_model.joblib"


def _set_intent(message: Message, name: str, confidence: float) -> None:
    intent = {"name": name, "confidence": confidence}
    message.data[INTENT] = intent
    ranking = [i for i in message.data.get(INTENT_RANKING_KEY, []) if i.get("name") != name]
    message.data[INTENT_RANKING_KEY] = [intent, *ranking]


class _Rule(GraphComponent):
    """A component with nothing to train or store: it is made from its configuration alone."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _Rule:
        return cls(config)


# "I don't know" always has one of a few words in it ("no idea", "not sure", "dunno", "search
# me", "I forget", "nie wiem"): a short answer the classifier heard as one ("ma da", "a pot of
# tea") is an answer. The other languages are the commonest in Scotland after English and Scots.
_SAYS_DONT_KNOW = re.compile(
    r"\b(know|knows|knaw|ken|kens|idea|ideas|sure|shure|unsure|clue|clueless|notion|scooby"
    r"|d+u+n+o+|dunnae|dinno|dno|idk|idek|forget|forgot|forgotten|think|thought|remember|mind"
    r"|certain|guess|guessing|beats|search|pass|blank|say|tell|ask|stumped|worked|honest"
    r"|honestly|hard one|no|not|nae|never|dont|don'?t|dinnae|cannae|can'?t|haven'?t|wouldn'?t"
    r"|what|whit|h+m+|u+m+|e+r+m*)\b|\?"
    r"|nie wiem|poj\u0119cia|no s\u00e9|ne sais|non lo so|wei(\u00df|ss) nicht|pata|fhios"
    r"|a'?rif|3aref|\u5514\u77e5|\u4e0d\u77e5",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"[,.;:!\n]+|\s[-\u2014\u2013]\s")


def says_only_dont_know(text: str) -> bool:
    """Whether a message says "I don't know" and nothing more: "no, I don't know, my daughter
    helps me" and "not sure, maybe my sister" answer the question (a clause of three words or
    more with none of the words in it)."""
    return bool(_SAYS_DONT_KNOW.search(text)) and not any(
        len(clause.split()) >= 3 and not _SAYS_DONT_KNOW.search(clause)
        for clause in _CLAUSES.split(text)
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CommandGate(_Rule):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "command_intents": [],
            "max_words": 8,
            # Some commands are only ever a few words: "I don't know why, it just does" answers.
            "max_words_for": {},
            "min_confidence": 0.6,
            # Past a few words a message must be very clearly a command: "start again at the
            # bowling club" is an answer.
            "short_words": 4,
            "long_min_confidence": 0.8,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self.command_intents = set(config["command_intents"])
        self.max_words = int(config["max_words"])
        self.max_words_for = {k: int(v) for k, v in (config["max_words_for"] or {}).items()}
        self.min_confidence = float(config["min_confidence"])
        self.short_words = int(config["short_words"])
        self.long_min_confidence = float(config["long_min_confidence"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            name = intent.get("name")
            if name not in self.command_intents:
                continue
            words = len((message.get(TEXT) or "").split())
            confidence = float(intent.get("confidence", 0.0))
            too_long = words > self.max_words_for.get(name, self.max_words)
            needed = self.min_confidence if words <= self.short_words else self.long_min_confidence
            unsaid = name == DONT_KNOW_INTENT and not says_only_dont_know(message.get(TEXT) or "")
            if too_long or confidence < needed or unsaid:
                _set_intent(message, ANSWER_INTENT, 1.0 - confidence)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CodeSpotter(_Rule):
    """A short message with a code plainly in it (contract.formats.code_spotted) is a review
    code if it says "review", else a resume code: the code's shape decides, not the classifier
    (to which a code is letters)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_words": 12}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if len(text.split()) > int(self.config["max_words"]) or code_spotted(text) is None:
                continue
            review = "review" in text.casefold()
            _set_intent(message, REVIEW_CODE_INTENT if review else RESUME_INTENT, 1.0)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceFeaturizer(_Rule):
    """The message's sentence vector, as a dense sentence-level feature of its text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"scale": 1.0}

    def _featurize(self, messages: list[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        vectors = shared_encoder().encode([str(m.get(TEXT)) for m in with_text])
        vectors = vectors * float(self.config["scale"])
        for message, vector in zip(with_text, vectors, strict=True):
            message.add_features(
                Features(vector[None, :], FEATURE_TYPE_SENTENCE, TEXT, self.__class__.__name__)
            )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages


def _sentence_vector(message: Message) -> Array | None:
    _, sentence = message.get_dense_features(TEXT)
    if sentence is None:
        return None
    vector: Array = np.asarray(sentence.features, dtype=np.float32)[0]
    # The featurizer may have scaled it; the sentence model's vectors have unit length.
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RiskGrader(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Chosen on the dev split (python -m bot.safety.tune); see config.yml.
        return {"check": 0.5, "concern": 0.4, "worry_check": 0.3, "c": 2.0}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: RiskModel | None = None,
    ) -> None:
        self.config = config
        self._storage = model_storage
        self._resource = resource
        self._detector = (
            Detector(model, self._thresholds(config), shared_encoder()) if model else None
        )

    @staticmethod
    def _thresholds(config: dict[str, Any]) -> Thresholds:
        return Thresholds(
            check=float(config["check"]),
            concern=float(config["concern"]),
            worry_check=float(config["worry_check"]),
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RiskGrader:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Trained on the corpus's train split: the NLU data has no levels of risk."""
        examples = corpus.in_split(corpus.load(), corpus.Split.TRAIN)
        vectors = shared_encoder().encode([e.text for e in examples])
        model = RiskModel.fit(
            [e.text for e in examples],
            vectors,
            [corpus.level_label(e) for e in examples],
            [e.category for e in examples],
            c=float(self.config["c"]),
        )
        with self._storage.write_to(self._resource) as directory:
            model.save(Path(directory) / _MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RiskGrader:
        with model_storage.read_from(resource) as directory:
            model = RiskModel.load(Path(directory) / _MODEL_FILE)
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._detector is None:
            return messages
        for message in messages:
            text = str(message.get(TEXT) or "")
            if not text.strip():
                continue
            assessment = self._detector.assess(text, _sentence_vector(message))
            if (message.get(INTENT) or {}).get("name") == RISK_INTENT:
                # The intent classifier's own guess at risk is not trusted: the grader decides.
                _set_intent(message, ANSWER_INTENT, 1.0)
            if assessment.level is Level.NONE:
                continue
            entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != RISK_ENTITY]
            message.set(
                ENTITIES, [*entities, risk_entity(assessment, len(text))], add_to_output=True
            )
            if assessment.level is not Level.CONCERN:
                _set_intent(message, RISK_INTENT, 1.0)
        return messages
