"""Benchmark: how much of the held-out safety set the keyword net alone recognises.

``tests/safety/holdout/`` was written with the working set (``tests/safety/<lang>.yml``) but is never
used for tuning keywords, so its recall is the honest figure for messages nobody tuned on. This counts,
per language and category, the ``danger`` messages the net (:class:`bot.replies.safety.SafetyNet`, as
used while Rasa is down) catches, and the ``calm`` messages it wrongly fires on. It prints counts only,
never the messages: looking at holdout misses would turn them into tuning data (tests/safety/README.md).

    .venv/bin/python bench/safety_holdout.py [--json] [--folder tests/safety/holdout]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from bot.replies.safety import SafetyNet
from tests.auxil.safety_set import BLIND_SET, SET_CATEGORIES, calm_messages, danger_messages

HOLDOUT = BLIND_SET / "holdout"
LABELS = {
    "sexual_assault": "assault",
    "domestic_violence": "home",
    "child_abuse": "child",
    "trafficking": "traffick",
    "forced_work": "forced",
}
"""Short column headers: sexual assault, violence at home, child abuse, trafficking, forced work."""


def measure(folder: Path, net: SafetyNet) -> dict[str, Any]:
    """Caught and total danger messages by language and category; fired and total calm by language."""
    danger_total: Counter[tuple[str, str]] = Counter()
    caught: Counter[tuple[str, str]] = Counter()
    for message in danger_messages(folder):
        key = (message.language, message.category)
        danger_total[key] += 1
        caught[key] += bool(net.check(message.text))
    calm_total: Counter[str] = Counter()
    fired: Counter[str] = Counter()
    for calm in calm_messages(folder):
        calm_total[calm.language] += 1
        fired[calm.language] += bool(net.check(calm.text))
    languages = sorted({lang for lang, _ in danger_total} | set(calm_total))
    return {
        "folder": str(folder),
        "danger": {
            lang: {
                category: {"caught": caught[lang, category], "total": danger_total[lang, category]}
                for category in SET_CATEGORIES
                if danger_total[lang, category]
            }
            for lang in languages
        },
        "calm": {lang: {"fired": fired[lang], "total": calm_total[lang]} for lang in languages},
        "caught": sum(caught.values()),
        "danger_total": sum(danger_total.values()),
        "fired": sum(fired.values()),
        "calm_total": sum(calm_total.values()),
    }


def _cell(caught: int, total: int) -> str:
    return f"{caught}/{total}" if total else "-"


def table(result: dict[str, Any]) -> str:
    """Languages as rows, categories as columns ("caught/total"), then all danger and calm fired."""
    short = [LABELS.get(category, category) for category in SET_CATEGORIES]
    header = ["lang", *short, "danger", "calm fired"]
    rows: list[list[str]] = []
    per_category: Counter[str] = Counter()
    per_category_total: Counter[str] = Counter()
    for lang, categories in result["danger"].items():
        cells = []
        for category in SET_CATEGORIES:
            counts = categories.get(category, {"caught": 0, "total": 0})
            per_category[category] += counts["caught"]
            per_category_total[category] += counts["total"]
            cells.append(_cell(counts["caught"], counts["total"]))
        lang_caught = sum(c["caught"] for c in categories.values())
        lang_total = sum(c["total"] for c in categories.values())
        calm = result["calm"][lang]
        rows.append([lang, *cells, _cell(lang_caught, lang_total), _cell(calm["fired"], calm["total"])])
    rows.append(
        [
            "all",
            *(_cell(per_category[c], per_category_total[c]) for c in SET_CATEGORIES),
            _cell(result["caught"], result["danger_total"]),
            _cell(result["fired"], result["calm_total"]),
        ]
    )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in [header, *rows]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--folder", type=Path, default=HOLDOUT, help="a folder of <lang>.yml safety sets")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args()
    result = measure(args.folder, SafetyNet.load())
    if not result["danger_total"] and not result["calm_total"]:
        raise SystemExit(f"no safety set in {args.folder}")
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(table(result))
    share = result["caught"] / result["danger_total"] if result["danger_total"] else 0.0
    print(
        f"\nkeyword net alone: {result['caught']} of {result['danger_total']} danger ({share:.0%}), "
        f"fires on {result['fired']} of {result['calm_total']} calm"
    )


if __name__ == "__main__":
    main()
