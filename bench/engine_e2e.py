"""Benchmark: end-to-end throughput of the stack with a given engine environment (issue 15's before/after).

    .venv/bin/python bench/engine_e2e.py --engine .venv-rasa --models MODELS_DIR [--senders 8] [--seconds 20]

Starts the real action server and Rasa (``--engine`` as the Rasa environment, the active model of
``--models``), then
``--senders`` simulated people each send a question through Wegweiser's Rasa channel and wait for the
reply, again and again for ``--seconds``. Prints one JSON line: answered messages per second, latency
percentiles (ms), errors. Run it for each engine, interleaved, on the same model data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.engine.models import ModelRegistry
from bot.rasa_client import RasaClient

sys.path.insert(0, str(PROJECT_ROOT))
from tests.auxil.stack import stack_settings, start_stack

QUESTIONS = (
    "Ich suche eine Wohnung",
    "how do i get health insurance",
    "كيف اعمل تأمين صحي",
    "мне нужна консультация по миграции",
    "kocam beni tehdit ediyor",
    "potrzebuję kursu niemieckiego",
)


async def _load(client: RasaClient, senders: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def person(n: int) -> None:
        nonlocal errors
        i = 0
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                await client.send(f"bench-{n}", QUESTIONS[(n + i) % len(QUESTIONS)], {})
                latencies.append(time.monotonic() - started)
            except Exception:  # a benchmark counts failures, it does not stop on them
                errors += 1
            i += 1

    await asyncio.gather(*(person(n) for n in range(senders)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", type=Path, required=True, help="the Rasa environment (a venv folder)")
    parser.add_argument(
        "--models", type=Path, required=True, help="a models folder; its active model is used"
    )
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wegweiser-e2e-") as folder:
        settings = stack_settings(Path(folder), engine_venv=args.engine.resolve())
        model = ModelRegistry(args.models.resolve()).active()
        if model is None:
            sys.exit(f"{args.models}: no active model; train one with `wegweiser train --activate`")
        running = start_stack(settings, model, web=False)
        try:
            client = RasaClient.from_settings(settings)
            asyncio.run(_load(client, 2, 3.0))  # warm up
            latencies, errors = asyncio.run(_load(client, args.senders, args.seconds))
        finally:
            running.supervisor.stop()
    ms = sorted(x * 1000 for x in latencies)
    print(
        json.dumps(
            {
                "engine": str(args.engine),
                "senders": args.senders,
                "seconds": args.seconds,
                "answered_per_s": round(len(ms) / args.seconds, 1),
                "p50_ms": round(statistics.median(ms), 1) if ms else None,
                "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 1) if ms else None,
                "errors": errors,
            }
        )
    )


if __name__ == "__main__":
    main()
