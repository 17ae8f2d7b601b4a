"""Benchmark: ``services_near`` with 100,000 services over Germany must answer in ≤ 5 ms (p99).

Fills a temporary SQLite database with synthetic services placed around real postal code centroids
(GeoNames file from WEGWEISER_GEONAMES_FILE's default, else uniformly over Germany), then times random
queries — a third with a topic, a third with a language, a third with both — each in its own session,
as the action server runs them. Prints p50/p95/p99 in milliseconds, as wall-clock time and as the
process's CPU time (which other load on the machine inflates less).

    .venv/bin/python bench/near_me.py [--services 100000] [--queries 2000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path

from sqlalchemy import insert, text

from bot.config import load_settings
from bot.content.search import services_near
from bot.db.migrate import upgrade
from bot.db.models import (
    Location,
    OpeningHours,
    Organisation,
    Service,
    ServiceLanguage,
    ServiceTopic,
    refresh_service_search,
)
from bot.db.session import get_engine, session_scope
from bot.topics import TOPICS

GERMANY = (47.3, 55.0, 5.9, 15.0)
LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr", "ro", "bg", "pl", "ti", "ku")


def centres(path: Path, rng: random.Random) -> list[tuple[float, float]]:
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            return [(float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(handle)]
    south, north, west, east = GERMANY
    return [(rng.uniform(south, north), rng.uniform(west, east)) for _ in range(20000)]


def fill(url: str, count: int, points: list[tuple[float, float]], rng: random.Random) -> None:
    now = datetime.now(UTC)
    engine = get_engine(url)
    with engine.begin() as connection:
        connection.execute(
            insert(Organisation),
            [
                {
                    "id": i,
                    "uid": f"org-{i}",
                    "name": f"Träger {i}",
                    "provider": "caritas",
                    "description": "",
                    "email": "",
                    "website": "",
                    "demo": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(1, count // 50 + 2)
            ],
        )
        locations, services, topics, languages, hours = [], [], [], [], []
        for i in range(1, count + 1):
            lat, lon = rng.choice(points)
            locations.append(
                {
                    "id": i,
                    "uid": f"loc-{i}",
                    "organisation_id": i // 50 + 1,
                    "name": "",
                    "address": f"Straße {i}",
                    "postal_code": "00000",
                    "city": "Ort",
                    "ags": None,
                    "latitude": lat + rng.gauss(0, 0.01),
                    "longitude": lon + rng.gauss(0, 0.015),
                }
            )
            services.append(
                {
                    "id": i,
                    "uid": f"svc-{i}",
                    "organisation_id": i // 50 + 1,
                    "location_id": i,
                    "name": f"Beratung {i}",
                    "description": "",
                    "free": True,
                    "anonymous": None,
                    "appointment": False,
                    "accessible": None,
                    "phone": "",
                    "email": "",
                    "website": "",
                    "online_counselling": "",
                    "last_verified": None,
                    "demo": True,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            for topic in rng.sample(TOPICS, rng.randint(1, 3)):
                topics.append({"service_id": i, "topic": topic})
            for language in {"de", *rng.sample(LANGUAGES, rng.randint(0, 2))}:
                languages.append({"service_id": i, "language": language})
            for weekday in rng.sample(range(5), 3):
                hours.append(
                    {
                        "service_id": i,
                        "weekday": weekday,
                        "opens": clock(9),
                        "closes": clock(rng.choice((12, 16))),
                        "valid_from": None,
                        "valid_to": None,
                    }
                )
        for model, rows in (
            (Location, locations),
            (Service, services),
            (ServiceTopic, topics),
            (ServiceLanguage, languages),
            (OpeningHours, hours),
        ):
            connection.execute(insert(model), rows)
        refresh_service_search(connection, service_ids=None)  # Core inserts bypass the ORM hook
        connection.execute(text("ANALYZE"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    points = centres(load_settings().geonames_path, rng)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        started = time.perf_counter()
        fill(url, args.services, points, rng)
        print(f"filled {args.services:,} services in {time.perf_counter() - started:.1f} s")
        for _ in range(50):  # warm-up: connection pool, statement cache
            with session_scope(url) as session:
                services_near(session, lat=52.5, lon=13.4)
        timings: list[float] = []
        cpu: list[float] = []
        found: list[int] = []
        for i in range(args.queries):
            lat, lon = rng.choice(points)
            lat, lon = lat + rng.gauss(0, 0.02), lon + rng.gauss(0, 0.03)
            topic = rng.choice(TOPICS) if i % 3 != 1 else None
            language = rng.choice(LANGUAGES[1:]) if i % 3 != 0 else None
            began, began_cpu = time.perf_counter(), time.process_time()
            with session_scope(url) as session:
                hits = services_near(session, lat=lat, lon=lon, topic=topic, language=language)
            timings.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            found.append(len(hits))
    print(
        f"{len(timings):,} queries (topic and/or language filters), "
        f"mean {statistics.mean(found):.2f} results each; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores"
    )
    for label, values in (("wall clock", timings), ("CPU time  ", cpu)):
        print(
            f"{label}: p50 {percentile(values, 0.50):.2f} ms   p95 {percentile(values, 0.95):.2f} ms"
            f"   p99 {percentile(values, 0.99):.2f} ms   max {max(values):.2f} ms"
        )


if __name__ == "__main__":
    main()
