"""``content seed`` also loads the postal codes and the demo directory — once, whatever runs it again."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select

from bot.config import load_settings
from bot.content.seed import SHIPPED_DEMO_SERVICES, seed
from bot.db.models import PostalCode, Service
from bot.db.session import session_scope


def totals(url: str) -> tuple[int, int, int]:
    with session_scope(url) as session:
        codes = session.scalar(select(func.count()).select_from(PostalCode)) or 0
        services = session.scalar(select(func.count()).select_from(Service)) or 0
        demo = session.scalar(select(func.count()).select_from(Service).where(Service.demo)) or 0
    return codes, services, demo


def demo_rows() -> int:
    with SHIPPED_DEMO_SERVICES.open(encoding="utf-8") as handle:
        return sum(1 for row in csv.DictReader(handle) if any(v.strip() for v in row.values()))


def test_seeding_twice_loads_everything_once(tmp_path: Path) -> None:
    settings = load_settings(var_dir=tmp_path)
    said: list[str] = []
    seed(settings, echo=said.append)
    first = totals(settings.db_url)
    assert first[0] > 20000
    assert first[1] == first[2] == demo_rows() > 0
    assert any("GeoNames" in line for line in said)
    said.clear()
    seed(settings, echo=said.append)
    assert totals(settings.db_url) == first
    assert not any("Postal codes loaded" in line or "Demo service" in line for line in said)


def test_without_the_geonames_file_one_line_says_how_to_get_it(tmp_path: Path) -> None:
    settings = load_settings(var_dir=tmp_path, geonames_file=tmp_path / "missing.csv")
    said: list[str] = []
    seed(settings, echo=said.append)
    hints = [line for line in said if "download.geonames.org" in line]
    assert len(hints) == 1 and "DE.zip" in hints[0]
    codes, services, _ = totals(settings.db_url)
    assert codes == 0
    assert services == demo_rows()  # the demo rows carry their own coordinates
