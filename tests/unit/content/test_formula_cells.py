"""Formula injection (issue 14, finding 7): exported cells never run in a spreadsheet; imports warn."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from bot.content.service_files import check_services_file
from bot.content.service_records import FORMULA_NOTE
from bot.content.services_csv import parse_services_csv, write_services_csv
from bot.db.session import session_scope
from tests.auxil.directory import sample_record
from tests.auxil.small_directory import copy_small_directory

ATTACKS = {
    "service": '=HYPERLINK("https://evil.example","Klick")',
    "organisation": "+cmd|' /C calc'!A0",
    "description": "@SUM(1+1)*cmd|' /C calc'!A0",
    "address": "-2+3+cmd|' /C calc'!A0",
}


def cells_of(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    return [cell for row in rows[1:] for cell in row]


def test_exported_cells_never_start_a_formula_and_read_back_unchanged() -> None:
    record = replace(sample_record(**ATTACKS), phone="+49 221 0000-1", row=2)
    text = write_services_csv([record])
    for cell in cells_of(text):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=HYPERLINK(" in text and "'+49 221 0000-1" in text
    (back,), problems = parse_services_csv(text)
    assert problems == []
    assert back == record


def test_an_import_warns_about_each_formula_but_not_about_phone_numbers(
    small_directory: Path, tmp_path: Path
) -> None:
    directory_db = copy_small_directory(small_directory, tmp_path)  # unit test: the small gazetteer
    record = replace(sample_record(**ATTACKS), phone="+49 221 0000-1", row=2)
    plain = write_services_csv([record]).replace("'=", "=").replace("'+", "+").replace("'-", "-")
    plain = plain.replace("'@", "@")
    with session_scope(directory_db) as session:
        check = check_services_file(session, data=plain.encode(), filename="services.csv")
    assert check.ok, check.problems
    warned = {note.field for note in check.notes if note.reason == FORMULA_NOTE}
    assert warned == set(ATTACKS)
    assert all(note.row == 2 for note in check.notes)
