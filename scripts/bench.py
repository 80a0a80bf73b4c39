"""`make bench`: turn latency of What Matters beside a bare Rasa starter bot, in one run.

Both bots are driven through Rasa's REST channel by scripted conversations, one at a time and
then 20 at once; then a long conversation's turn 60 beside its turn 5 (scripts/turn_cost.py).
The starter bot is `rasa init`'s project with its default pipeline, trained once and kept under
build/bench/. Figures from shared machines are noisy: read the ratios.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.conversation import Conversation
from scripts.stack import BOT_PYTHON, ROOT, free_port, private_stack
from scripts.turn_cost import measure as measure_turn_cost
from scripts.turn_cost import report as report_turn_cost

STARTER_DIR = ROOT / "build" / "bench" / "starter"

# A typical conversation: short everyday answers, ending with the plan sent.
WHAT_MATTERS_TURNS = [
    "hello", "/affirm", "Jean",
    "my garden", "it keeps me going", "/affirm", "yes",
    "seeing my grandson", "he makes me laugh", "yes", "no", "1",
    "a lift to the lunch club", "my daughter", "someone to do the digging", "my son",
    "the carers in the morning", "the stairs", "I stay downstairs", "knitting", "my neighbour Jean",
    "no", "/send_plan", "/send_plan",
]  # fmt: skip
# The starter bot's own happy and sad paths, to a similar length.
STARTER_TURNS = ["hello", "I am sad", "yes", "great", "bye", "hi", "very sad", "no", "bye"] * 2


def timed_conversation(rasa_url: str, turns: list[str]) -> list[float]:
    conversation = Conversation(rasa_url, uuid.uuid4().hex)
    latencies = []
    for message in turns:
        started = time.perf_counter()
        conversation.say(message)
        latencies.append(time.perf_counter() - started)
    return latencies


def measure(rasa_url: str, turns: list[str], concurrency: int, rounds: int) -> dict[str, float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        runs = pool.map(lambda _: timed_conversation(rasa_url, turns), range(concurrency * rounds))
        latencies = [latency for run in runs for latency in run]
    return summarise(latencies, elapsed=time.perf_counter() - started)


def summarise(latencies: list[float], *, elapsed: float) -> dict[str, float]:
    """Turns, their p50 and p95 in ms, and turns a second, from each turn's seconds."""
    return {
        "turns": len(latencies),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * statistics.quantiles(latencies, n=100)[94],
        "turns_per_s": len(latencies) / elapsed,
    }


def start_starter_bot() -> tuple[subprocess.Popen[bytes], str]:
    if not list((STARTER_DIR / "models").glob("*.tar.gz")):
        print("Training the Rasa starter bot once (a few minutes)...", flush=True)
        STARTER_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(BOT_PYTHON), "-m", "rasa", "init", "--no-prompt", "--init-dir", str(STARTER_DIR)],
            check=True,
            stdout=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
    port = free_port()
    process = subprocess.Popen(
        [str(BOT_PYTHON), "-m", "rasa", "run", "--model", str(STARTER_DIR / "models"),
         "--interface", "127.0.0.1", "--port", str(port)],
        cwd=STARTER_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            Conversation(url, "warm-up").say("hello")
            return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise TimeoutError("the starter bot did not start")


def main() -> int:
    results: dict[tuple[str, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as data:
        stack = private_stack(Path(data))
        starter, starter_url = start_starter_bot()
        try:
            print("Starting What Matters...", flush=True)
            stack.start_all()
            bots = {"what-matters": (stack.rasa_url, WHAT_MATTERS_TURNS),
                    "rasa-starter": (starter_url, STARTER_TURNS)}  # fmt: skip
            for url, turns in bots.values():
                timed_conversation(url, turns)  # warm up
            for concurrency, rounds in ((1, 5), (20, 2)):
                for name, (url, turns) in bots.items():
                    results[(name, concurrency)] = measure(url, turns, concurrency, rounds)
            # A late turn beside an early one (scripts/turn_cost.py), one conversation at a time.
            late_turn = report_turn_cost(measure_turn_cost(stack.rasa_url, rounds=3))
        finally:
            stack.stop_all()
            starter.terminate()
            starter.wait()

    print(f"\n{'bot':<14}{'conc.':>6}{'turns':>7}{'p50 ms':>9}{'p95 ms':>9}{'turns/s':>9}")
    for (name, concurrency), r in results.items():
        print(
            f"{name:<14}{concurrency:>6}{r['turns']:>7.0f}{r['p50_ms']:>9.1f}"
            f"{r['p95_ms']:>9.1f}{r['turns_per_s']:>9.1f}"
        )
    print("\nWhat Matters / starter bot, same run:")
    for concurrency in (1, 20):
        ours, base = results[("what-matters", concurrency)], results[("rasa-starter", concurrency)]
        print(
            f"  {concurrency:>2} conversations: p50 x{ours['p50_ms'] / base['p50_ms']:.2f}, "
            f"p95 x{ours['p95_ms'] / base['p95_ms']:.2f}, "
            f"throughput x{ours['turns_per_s'] / base['turns_per_s']:.2f}"
        )
    print(f"\nA long conversation: {late_turn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
