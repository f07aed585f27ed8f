"""The offline basemap: shipped coastlines and borders cut to a box, and towns, with no network."""
from __future__ import annotations

import numpy as np

from counterpoint.basemap import basemap, box_around, clip_line, clip_polygon, resolution_for, towns


def test_basemap_clip_polygon_keeps_the_part_inside_the_box():
    square = np.array([[0, 0], [4, 0], [4, 4], [0, 4]], dtype=float)
    clipped = clip_polygon(square, (1, 1, 2, 3))
    assert clipped[:, 0].min() == 1 and clipped[:, 0].max() == 2
    assert clipped[:, 1].min() == 1 and clipped[:, 1].max() == 3
    assert len(clip_polygon(square, (10, 10, 11, 11))) == 0


def test_basemap_clip_line_splits_at_the_box_edge():
    line = np.array([[0, 0], [1, 1], [2, 1], [5, 5], [1.5, 1.5], [1.2, 1.2]], dtype=float)
    runs = clip_line(line, (0.5, 0.5, 3, 3))
    assert [len(r) for r in runs] == [2, 2]


def test_basemap_box_fills_a_landscape_map_and_resolution_follows_its_size():
    box = box_around([(50.95, 1.85), (51.03, 2.37)])
    west, south, east, north = box
    assert south < 50.95 and north > 51.03 and west < 1.85 and east > 2.37
    assert (east - west) > 2 * (north - south)
    assert resolution_for(box) == "i" and resolution_for((-30, 20, 40, 70)) == "c"


def test_basemap_channel_coast_has_land_borders_and_towns():
    geo = basemap(box_around([(50.95, 1.85), (51.03, 2.37)]))
    kinds = {f["properties"]["kind"] for f in geo["features"]}
    assert {"land", "border", "town"} <= kinds
    names = {f["properties"]["name"] for f in geo["features"] if f["properties"]["kind"] == "town"}
    assert {"Calais", "London"} <= names
    land = [np.array(f["geometry"]["coordinates"][0]) for f in geo["features"] if f["properties"]["kind"] == "land"]
    # Calais and Dover each sit on a land polygon: France and Great Britain are both drawn
    assert sum(1 for poly in land if poly[:, 1].max() > 51.2 and poly[:, 0].min() < 1.2) >= 1
    assert len(land) >= 2


def test_basemap_towns_keep_small_ports_beside_capitals():
    names = [t["name"] for t in towns((-1.0, 50.0, 3.5, 52.0))]
    assert "London" in names and "Calais" in names and names.index("London") < names.index("Calais")
