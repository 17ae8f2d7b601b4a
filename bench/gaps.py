"""Benchmark: the gaps report over a national directory (100,000 services, every district asked from).

Fills a temporary SQLite database like ``bench/near_me.py`` (synthetic services around real postal
code centroids), imports the GeoNames gazetteer for the districts and their centres, and counts
questions in every district (a few topics × languages × weeks each). Then times what staff and
operators run: the list of every district (``gaps_report`` without a region, as the page and the CSV
compute it), one big-city district, and the districts of one state. Prints seconds and the figures
of the largest district. Needs the GeoNames file (``WEGWEISER_GEONAMES_FILE``, ../shared by default).

    .venv/bin/python bench/gaps.py [--services 100000] [--weeks 12]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from near_me import centres, fill
from sqlalchemy import select

from bot.config import load_settings
from bot.content.gaps import gaps_report
from bot.content.geo_import import import_gazetteer
from bot.content.usage import increment
from bot.content.usage_report import last_weeks
from bot.db.migrate import upgrade
from bot.db.models import Region
from bot.db.session import session_scope
from bot.languages import language_codes
from bot.topics import TOPICS


def ask_everywhere(url: str, weeks: int, rng: random.Random) -> int:
    """Questions in every district: 3 to 8 topics, each in 1 to 4 languages, in random weeks."""
    counted = 0
    with session_scope(url) as session:
        districts = list(session.scalars(select(Region.ags)))
        for ags in districts:
            for topic in rng.sample(TOPICS, rng.randint(3, 8)):
                for language in rng.sample(language_codes(), rng.randint(1, 4)):
                    when = date.today() - timedelta(weeks=rng.randrange(weeks))
                    increment(
                        session, topic=topic, region=ags, language=language, when=when, by=rng.randint(1, 30)
                    )
                    counted += 1
    return counted


def timed(url: str, runs: int, **options: object) -> tuple[list[float], list[float], object]:
    """Wall-clock and CPU seconds of ``runs`` reports (CPU time suffers less from a busy machine)."""
    seconds: list[float] = []
    cpu: list[float] = []
    report = None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        with session_scope(url) as session:
            report = gaps_report(session, **options)  # type: ignore[arg-type]
        seconds.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return seconds, cpu, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    geonames = load_settings().geonames_path
    points = centres(geonames, rng)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        began = time.perf_counter()
        fill(url, args.services, points, rng)
        with session_scope(url) as session:
            import_gazetteer(session, path=geonames)
        cells = ask_everywhere(url, args.weeks, rng)
        elapsed = time.perf_counter() - began
        print(f"filled {args.services:,} services and {cells:,} counter cells in {elapsed:.1f} s")
        weeks = last_weeks(args.weeks)
        for label, runs, options in (
            ("every district (page, CSV)", 3, {"weeks": weeks}),
            ("one city (Köln, 05315)", 10, {"weeks": weeks, "region": "05315"}),
            ("one state (NRW, 05)", 3, {"weeks": weeks, "region": "05"}),
        ):
            seconds, cpu, report = timed(url, runs, **options)
            districts = report.districts  # type: ignore[attr-defined]
            median, worst = statistics.median(seconds) * 1000, max(seconds) * 1000
            print(
                f"{label:<28} {len(districts):>4} districts   median {median:8.1f} ms   max {worst:8.1f} ms"
                f"   CPU median {statistics.median(cpu) * 1000:8.1f} ms"
            )
        busiest = max(districts, key=lambda d: d.services)
    print(
        f"largest: {busiest.region} {busiest.name}, {busiest.services:,} services nearby, "
        f"{busiest.gap_count} gaps; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
