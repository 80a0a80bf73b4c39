"""One replica of each service against two, both on PostgreSQL and Redis (part of `make bench`).

Each layout is a private stack on a new PostgreSQL database and its own Redis lock keys, both
dropped afterwards (scripts/scaled.py). 40 conversations at once, each message sent to
a Rasa replica chosen at random, as the API's relay does. On a 2-core machine two replicas share
the same two cores, so read the ratio as what a second replica costs or saves here, not as what
a second machine would give.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.bench import WHAT_MATTERS_TURNS, summarise
from scripts.conversation import Conversation
from scripts.scaled import scaled_stack
from scripts.stack import Stack


def timed_conversation(urls: list[str], seed: int) -> list[float]:
    choose = random.Random(seed)  # noqa: S311 - spreading load, not a secret
    sender = uuid.uuid4().hex
    latencies = []
    for message in WHAT_MATTERS_TURNS:
        started = time.perf_counter()
        Conversation(choose.choice(urls), sender).say(message)
        latencies.append(time.perf_counter() - started)
    return latencies


def measure(stack: Stack, concurrency: int) -> dict[str, float]:
    timed_conversation(stack.rasa_urls, seed=-1)  # warm up
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        runs = pool.map(lambda n: timed_conversation(stack.rasa_urls, seed=n), range(concurrency))
        latencies = [latency for run in runs for latency in run]
    return summarise(latencies, elapsed=time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=40)
    args = parser.parse_args(argv)
    results: dict[int, dict[str, float]] = {}
    for replicas in (1, 2):
        print(f"Starting {replicas} of each on PostgreSQL and Redis...", flush=True)
        with (
            tempfile.TemporaryDirectory() as data,
            scaled_stack(Path(data), replicas=replicas) as stack,
        ):
            results[replicas] = measure(stack, args.conversations)
    print(f"\n{args.conversations} conversations at once, on PostgreSQL and Redis")
    print(f"{'replicas':<10}{'turns':>7}{'p50 ms':>9}{'p95 ms':>9}{'turns/s':>9}")
    for replicas, r in results.items():
        print(
            f"{replicas:<10}{r['turns']:>7.0f}{r['p50_ms']:>9.1f}"
            f"{r['p95_ms']:>9.1f}{r['turns_per_s']:>9.1f}"
        )
    one, two = results[1], results[2]
    throughput = two["turns_per_s"] / one["turns_per_s"]
    print(
        f"Two of each / one of each, same run: throughput x{throughput:.2f}, "
        f"p95 x{two['p95_ms'] / one['p95_ms']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
