"""Finding the place people mean, however they write it; asking back when a name is ambiguous."""

from __future__ import annotations

import pytest

from bot.content.place_names import ALIASES
from bot.content.places import PlaceResolution, resolve_place
from bot.db.migrate import upgrade
from bot.db.session import session_scope


def resolve(url: str, **query: object) -> PlaceResolution:
    with session_scope(url) as session:
        return resolve_place(session, **query)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "typed",
    ["Köln", "Koln", "koeln", "KÖLN", "Kölnn", "Кёльн", "Кельн", "كولونيا", "کلن", "ich wohne in Koln"],
)
def test_cologne_in_every_spelling(gazetteer_url: str, typed: str) -> None:
    place = resolve(gazetteer_url, text=typed).place
    assert place is not None, typed
    assert (place.name, place.ags, place.postal_code) == ("Köln", "05315", None)
    # A town with many postal codes is its centre, not one of its codes.
    assert place.latitude == pytest.approx(50.94, abs=0.03)
    assert place.longitude == pytest.approx(6.96, abs=0.05)


@pytest.mark.parametrize(
    ("typed", "town"),
    [
        ("Muenchen", "München"),
        ("Munchen", "München"),
        ("Muenchn", "München"),
        ("Мюнхен", "München"),
        ("ميونخ", "München"),
        ("Лейпциг", "Leipzig"),
        ("لايبزيغ", "Leipzig"),
        ("Берлин", "Berlin"),
        ("برلين", "Berlin"),
        ("Гамбург", "Hamburg"),
        ("Düsseldof", "Düsseldorf"),
        ("Frankfurt a. M.", "Frankfurt am Main"),
        ("Frankfurt/Oder", "Frankfurt (Oder)"),
        ("Essen", "Essen"),
        ("Kreuzberg", "Berlin Kreuzberg"),
        ("Halle (Saale)", "Halle"),
    ],
)
def test_big_cities_in_other_scripts_and_with_typos(gazetteer_url: str, typed: str, town: str) -> None:
    place = resolve(gazetteer_url, text=typed).place
    assert place is not None, typed
    assert place.name == town


def test_a_typo_of_a_small_place_is_confirmed_not_assumed(gazetteer_url: str) -> None:
    found = resolve(gazetteer_url, text="Wolnzah")
    assert found.ambiguous
    assert [(c.name, c.postal_code) for c in found.candidates] == [("Wolnzach", "85283")]
    exact = resolve(gazetteer_url, text="Wolnzach").place
    assert exact is not None and exact.name == "Wolnzach"


def test_a_postal_code_is_that_area(gazetteer_url: str) -> None:
    place = resolve(gazetteer_url, text="50667").place
    assert place is not None
    assert (place.name, place.postal_code, place.ags) == ("Köln", "50667", "05315")
    assert (place.latitude, place.longitude) == (50.9387, 6.9547)
    assert place.region_name == "Köln, Stadt"
    assert resolve(gazetteer_url, text="50667 Köln").place == place
    dresden = resolve(gazetteer_url, text="1067").place  # the leading zero forgotten
    assert dresden is not None and dresden.postal_code == "01067"


@pytest.mark.parametrize("typed", ["٥٠٦٦٧", "۵۰۶۶۷", "الرمز ٥٠٦٦٧"])
def test_a_postal_code_in_arabic_or_persian_digits(gazetteer_url: str, typed: str) -> None:
    place = resolve(gazetteer_url, text=typed).place
    assert place is not None and place.postal_code == "50667"


def test_an_unknown_postal_code_is_not_guessed(gazetteer_url: str) -> None:
    assert resolve(gazetteer_url, text="00000") == PlaceResolution()


@pytest.mark.parametrize("typed", ["Neustadt", "Halle", "Frankfurt", "Франкфурт"])
def test_the_same_name_in_different_towns_is_asked_back(gazetteer_url: str, typed: str) -> None:
    found = resolve(gazetteer_url, text=typed)
    assert found.place is None and found.ambiguous
    assert 2 <= len(found.candidates) <= 8
    assert len({(c.name, c.ags) for c in found.candidates}) == len(found.candidates)
    assert all(c.region_name for c in found.candidates)  # what tells the candidates apart


def test_neustadt_candidates_are_real_towns_called_neustadt(gazetteer_url: str) -> None:
    candidates = resolve(gazetteer_url, text="Neustadt").candidates
    names = {c.name for c in candidates}
    assert "Neustadt an der Weinstraße" in names
    assert all("Neustadt" in name for name in names)
    picked = next(c for c in candidates if c.name == "Neustadt an der Weinstraße")
    again = resolve(gazetteer_url, lat=picked.latitude, lon=picked.longitude).place
    assert again is not None and again.name == "Neustadt an der Weinstraße"


@pytest.mark.parametrize("typed", ["Xyzabc", "Bon", "", "   "])
def test_nothing_found(gazetteer_url: str, typed: str) -> None:
    found = resolve(gazetteer_url, text=typed)
    assert not found.found and not found.ambiguous


def test_a_shared_location_keeps_its_point_and_gets_a_name(gazetteer_url: str) -> None:
    place = resolve(gazetteer_url, lat=50.94, lon=6.96).place
    assert place is not None
    assert (place.latitude, place.longitude) == (50.94, 6.96)
    assert (place.name, place.ags) == ("Köln", "05315")
    assert place.postal_code is not None and place.postal_code.startswith("50")
    assert resolve(gazetteer_url, lat=0.0, lon=0.0) == PlaceResolution()  # far from Germany


def test_every_alias_leads_somewhere(gazetteer_url: str) -> None:
    lost = [a for a in ALIASES if not (f := resolve(gazetteer_url, text=a)).found and not f.ambiguous]
    assert lost == []


def test_attribution_travels_with_every_result(gazetteer_url: str) -> None:
    assert "GeoNames" in resolve(gazetteer_url, text="Köln").attribution


def test_without_a_gazetteer_a_shared_location_still_works(empty_database: str) -> None:
    url = empty_database
    upgrade(url)
    place = resolve(url, lat=50.94, lon=6.96).place
    assert place is not None
    assert (place.name, place.latitude, place.longitude) == ("", 50.94, 6.96)
    assert resolve(url, text="Köln") == PlaceResolution()
