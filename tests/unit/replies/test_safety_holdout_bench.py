"""``bench/safety_holdout.py`` counts what the keyword net catches in a safety set, by language."""

from __future__ import annotations

from pathlib import Path

from bench.safety_holdout import measure, table
from bot.replies.safety import SafetyNet

SET = """\
language: de
danger:
  - {text: "er hat mich vergewaltigt", category: rape}
  - {text: "es geht mir nicht so gut heute", category: rape}
  - {text: "mein vater atmet nicht", category: medical}
calm:
  - "wo ist das bürgeramt"
  - "notfall beim zahnarzt am wochenende"
"""


def test_counts_caught_danger_and_calm_messages_that_fire(tmp_path: Path) -> None:
    (tmp_path / "de.yml").write_text(SET, encoding="utf-8")
    result = measure(tmp_path, SafetyNet.load())
    assert result["danger"]["de"]["rape"] == {"caught": 1, "total": 2}
    assert result["danger"]["de"]["medical"] == {"caught": 1, "total": 1}
    assert result["calm"]["de"] == {"fired": 1, "total": 2}
    assert (result["caught"], result["danger_total"]) == (2, 3)
    shown = table(result)
    assert "1/2" in shown and "2/3" in shown
    assert "vergewaltigt" not in shown  # counts only: holdout messages must not be read for tuning
