"""Runs inside an engine environment: per-message parse latency of one model (engine_compare, make bench).

    <engine>/bin/python bench/engine_latency.py MODEL < messages.jsonl   # prints one JSON line

Loads the model once, then parses each message alone through ``MessageProcessor.parse_message`` (what
the REST channel does per message) and prints the load time and the latency percentiles in ms.
"""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
import sys
import time


async def _latencies(model: str, texts: list[str]) -> tuple[float, list[float]]:
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage

    started = time.perf_counter()
    agent = Agent.load(model)
    load_seconds = time.perf_counter() - started
    processor = agent.processor
    assert processor is not None
    await processor.parse_message(UserMessage("warm up"))
    result = []
    for text in texts:
        started = time.perf_counter()
        await processor.parse_message(UserMessage(text))
        result.append((time.perf_counter() - started) * 1000)
    return load_seconds, result


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python bench/engine_latency.py MODEL < messages.jsonl", file=sys.stderr)
        return 2
    logging.disable(logging.WARNING)
    texts = [json.loads(line) for line in sys.stdin if line.strip()]
    load_seconds, ms = asyncio.run(_latencies(argv[0], texts))
    ordered = sorted(ms)
    print(
        json.dumps(
            {
                "python": sys.version.split()[0],
                "n": len(ms),
                "load_seconds": round(load_seconds, 2),
                "p50_ms": round(statistics.median(ordered), 1),
                "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
                "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
                "mean_ms": round(statistics.fmean(ordered), 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
