"""Distances and search boxes: the box always contains the circle, distances match known ones."""

from __future__ import annotations

import math

import pytest

from bot.content.distance import EARTH_RADIUS_KM, bounding_box, haversine_km

COLOGNE = (50.9375, 6.9603)
BERLIN = (52.5200, 13.4050)


def test_cologne_to_berlin() -> None:
    assert haversine_km(*COLOGNE, *BERLIN) == pytest.approx(477, abs=3)
    assert haversine_km(*COLOGNE, *COLOGNE) == 0


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` away on a great circle (the textbook formula, independent of the code)."""
    delta, theta = km / EARTH_RADIUS_KM, math.radians(bearing_deg)
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lambda2)


@pytest.mark.parametrize("latitude", [47.4, 51.0, 54.9])
def test_box_contains_every_point_of_the_circle(latitude: float) -> None:
    radius = 25.0
    box = bounding_box(latitude, 10.0, radius)
    for step in range(72):
        point = destination(latitude, 10.0, step * 5, radius)
        assert haversine_km(latitude, 10.0, *point) == pytest.approx(radius)
        assert box.south <= point[0] <= box.north
        assert box.west <= point[1] <= box.east
