"""Two rules on top of the intent classifier, applied to every typed message.

CommandGate: a typed message counts as a command (skip, go back, pause, ...) only when it is
clearly one: short, and confidently classified. Anything else is an answer ("I want to stop
feeling so lonely" is about loneliness, not about stopping). Buttons send `/intent` payloads,
which Rasa parses without this pipeline, so they are always commands.

RiskPhraseDetector: a message that matches the reviewed phrase list (bot/safety/risk_phrases.yml)
is given intent `risk`, whatever the classifier said, so that the safety response never rests on
the classifier alone.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.safety.detector import risk_categories

RISK_INTENT = "risk"
ANSWER_INTENT = "inform"


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
            if too_long or confidence < needed:
                _set_intent(message, ANSWER_INTENT, 1.0 - confidence)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RiskPhraseDetector(_Rule):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # The classifier alone raises risk only when very sure: its guesses on everyday answers
        # about family ("my son phones every night") were most of the false alarms.
        return {"classifier_min_confidence": 0.8}

    def __init__(self, config: dict[str, Any]) -> None:
        self.classifier_min_confidence = float(config["classifier_min_confidence"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if risk_categories(message.get(TEXT) or ""):
                _set_intent(message, RISK_INTENT, 1.0)
            elif intent.get("name") == RISK_INTENT:
                confidence = float(intent.get("confidence", 0.0))
                if confidence < self.classifier_min_confidence:
                    _set_intent(message, ANSWER_INTENT, 1.0 - confidence)
        return messages
