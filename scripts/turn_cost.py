"""The cost of a late turn: a reply at turn 60 of a conversation beside one at turn 5.

`python -m scripts.turn_cost` starts the services on private ports and holds the long
conversation (scripts/conversation.py, LONG_CONVERSATION) a few times, one at a time, timing each
reply through Rasa's REST channel. `make bench` prints the same figures. Turn 5 and turn 60 are
the same step, so the ratio is what the 55 turns between them add. Figures from shared machines
are noisy: the median over the rounds is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from scripts.conversation import LONG_CONFIRM_TURNS, LONG_CONVERSATION, SAFETY_CHECKS, Conversation
from scripts.stack import private_stack


def timed_long_conversation(rasa_url: str) -> list[float]:
    """Seconds for each reply of the long conversation, in order."""
    conversation = Conversation(rasa_url, uuid.uuid4().hex)
    latencies = []
    replies = []
    for message, _field in LONG_CONVERSATION:
        started = time.perf_counter()
        reply = conversation.say_text(message)
        latencies.append(time.perf_counter() - started)
        replies.append(reply)
        if not reply:
            # Rasa answers nothing when a turn fails: a failed turn is no measure of one.
            raise RuntimeError(f"no reply at turn {len(latencies)}")
        # The risk classifier asks its check of a few everyday answers in a hundred: answered
        # untimed, so the turns stay the same steps.
        if any(reply.rstrip().endswith(question) for question in SAFETY_CHECKS):
            conversation.say_text("/deny")
    early, late = (replies[turn - 1] for turn in LONG_CONFIRM_TURNS)
    if early != late:
        # Then they are not the same step, and the ratio would measure the difference.
        raise RuntimeError(f"turns {LONG_CONFIRM_TURNS} differ: {early!r}, {late!r}")
    return latencies


def measure(rasa_url: str, rounds: int) -> dict[int, float]:
    """The median seconds of the reply at turn 5 and at turn 60 (1-based) over `rounds`."""
    runs = [timed_long_conversation(rasa_url) for _ in range(rounds)]
    return {turn: statistics.median(run[turn - 1] for run in runs) for turn in LONG_CONFIRM_TURNS}


def report(medians: dict[int, float]) -> str:
    early, late = LONG_CONFIRM_TURNS
    ratio = medians[late] / medians[early]
    return (
        f"turn {early}: {1000 * medians[early]:.1f} ms, turn {late}: {1000 * medians[late]:.1f} ms"
        f" (median of the rounds), turn {late} / turn {early}: x{ratio:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as data:
        stack = private_stack(Path(data))
        print("Starting What Matters...", flush=True)
        stack.start_all()
        try:
            timed_long_conversation(stack.rasa_url)  # warm up
            medians = measure(stack.rasa_url, args.rounds)
        finally:
            stack.stop_all()
    print(report(medians))
    return 0


if __name__ == "__main__":
    sys.exit(main())
