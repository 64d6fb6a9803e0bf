#!/usr/bin/env python3
"""Build home/data/europe.json, the outline map of Europe on the home page.

Run by hand, not by make: the committed data file is what the site uses.
The source is Natural Earth's 1:50m countries (public domain) as TopoJSON,
from the npm package world-atlas (ISC licence), installed outside the
repository:

    npm install --prefix /tmp/mapbuild world-atlas@2.0.2
    .venv/bin/python scripts/build_europe_map.py \\
        /tmp/mapbuild/node_modules/world-atlas/countries-50m.json

What it does, with the standard library only (and django-countries' table of
ISO codes):

1. decodes the TopoJSON arcs (shared borders) into longitude/latitude;
2. projects them with the Lambert azimuthal equal-area projection centred on
   52°N 10°E (the one of EPSG:3035, on a sphere) and scales them to a
   1000-unit-wide view box;
3. simplifies each arc once (Douglas-Peucker), so neighbours keep one
   common border;
4. assembles the rings of each country, clips them to the view box and drops
   islands too small to see;
5. writes one compact SVG path per country, keyed by ISO 3166-1 alpha-2 code
   (Kosovo, which has no ISO code, as "XK"), with a marker point for
   countries too small to click (Malta, Luxembourg, Andorra…), and the
   unnamed territories in a separate background list.
"""

import argparse
import json
import math
import sys
from pathlib import Path

from django_countries.data import ALT_CODES

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPOSITORY / "home" / "data" / "europe.json"

WIDTH = 1000
# Projected extent in kilometres (x east, y north of 52°N 10°E): Iceland to
# the Caucasus, Crete and Cyprus to the North Cape.
EXTENT = {"west": -2450, "east": 3000, "south": -2050, "north": 2350}
# Longitude/latitude box a geometry must touch to be considered at all.
REGION = {"west": -32, "east": 60, "south": 25, "north": 75}
TOLERANCE = 0.8  # Douglas-Peucker tolerance, in view-box units
MIN_RING_AREA = 6  # smaller islands are dropped (in square view-box units)
MARKER_BELOW = 9  # countries narrower and shorter than this get a marker point

EARTH_RADIUS_KM = 6371.0
LAT0, LON0 = math.radians(52), math.radians(10)
NAMED_WITHOUT_ISO = {"Kosovo": "XK"}
ATTRIBUTION = (
    "Made with Natural Earth (public domain), 1:50m countries, through the npm "
    "package world-atlas 2.0.2 (ISC licence, Copyright 2013-2019 Michael Bostock). "
    "Regenerate with scripts/build_europe_map.py."
)


def project(lon, lat):
    """Lambert azimuthal equal-area, spherical, in kilometres."""
    lam, phi = math.radians(lon) - LON0, math.radians(lat)
    k = math.sqrt(
        2 / (1 + math.sin(LAT0) * math.sin(phi) + math.cos(LAT0) * math.cos(phi) * math.cos(lam))
    )
    x = EARTH_RADIUS_KM * k * math.cos(phi) * math.sin(lam)
    y = (
        EARTH_RADIUS_KM
        * k
        * (math.cos(LAT0) * math.sin(phi) - math.sin(LAT0) * math.cos(phi) * math.cos(lam))
    )
    return x, y


SCALE = WIDTH / (EXTENT["east"] - EXTENT["west"])
HEIGHT = round((EXTENT["north"] - EXTENT["south"]) * SCALE)


def to_view(lon, lat):
    x, y = project(lon, lat)
    return (x - EXTENT["west"]) * SCALE, (EXTENT["north"] - y) * SCALE


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    translate_x, translate_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def _distance_to_segment(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points, tolerance):
    if len(points) < 3:
        return list(points)
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def simplify_arc(points, tolerance):
    """Simplify keeping both ends; a closed arc (an island) is split at its
    farthest point so that it cannot collapse to a line."""
    if len(points) > 3 and points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        return douglas_peucker(points[: far + 1], tolerance)[:-1] + douglas_peucker(
            points[far:], tolerance
        )
    return douglas_peucker(points, tolerance)


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip(points, width, height):
    """Sutherland-Hodgman clipping of a ring to the view box."""
    edges = (
        (lambda p: p[0] >= 0, lambda a, b: _cross_x(a, b, 0)),
        (lambda p: p[0] <= width, lambda a, b: _cross_x(a, b, width)),
        (lambda p: p[1] >= 0, lambda a, b: _cross_y(a, b, 0)),
        (lambda p: p[1] <= height, lambda a, b: _cross_y(a, b, height)),
    )
    for inside, cross in edges:
        if not points:
            break
        output = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    output.append(cross(previous, point))
                output.append(point)
            elif inside(previous):
                output.append(cross(previous, point))
            previous = point
        points = output
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def area(points):
    return abs(
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True))
        / 2
    )


def path_data(rings):
    """Rings as one SVG path, integer coordinates, relative moves."""
    parts = []
    cursor = (0, 0)
    for ring in rings:
        rounded = []
        for x, y in ring:
            point = (round(x), round(y))
            if not rounded or point != rounded[-1]:
                rounded.append(point)
        if len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()
        if len(set(rounded)) < 3:
            continue
        start = rounded[0]
        steps = " ".join(
            f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(rounded, rounded[1:], strict=False)
        )
        parts.append(f"m{start[0] - cursor[0]} {start[1] - cursor[1]}l{steps}z")
        cursor = start  # after z the current point is the ring's start
    return "".join(parts).replace(" -", "-")


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def touches_region(polygons, arcs_lonlat):
    for polygon in polygons:
        for index in polygon[0]:
            for lon, lat in arcs_lonlat[index if index >= 0 else ~index]:
                if (
                    REGION["west"] <= lon <= REGION["east"]
                    and REGION["south"] <= lat <= REGION["north"]
                ):
                    return True
    return False


def build(topology):
    arcs_lonlat = decode_arcs(topology)
    numeric_to_alpha2 = {numeric: alpha2 for alpha2, (_, numeric) in ALT_CODES.items()}
    geometries = [
        g
        for g in topology["objects"]["countries"]["geometries"]
        if touches_region(polygons_of(g), arcs_lonlat)
    ]
    used = {
        abs(i if i >= 0 else ~i) for g in geometries for p in polygons_of(g) for r in p for i in r
    }
    arcs = {}
    for index in used:
        projected = [to_view(lon, lat) for lon, lat in arcs_lonlat[index]]
        arcs[index] = simplify_arc(projected, TOLERANCE)

    countries, background = {}, []
    for geometry in geometries:
        name = geometry.get("properties", {}).get("name", "")
        numeric = geometry.get("id")
        code = numeric_to_alpha2.get(int(numeric)) if numeric else NAMED_WITHOUT_ISO.get(name)
        rings, largest, whole = [], None, []
        for polygon in polygons_of(geometry):
            for position, ring in enumerate(polygon):
                points = ring_points(ring, arcs)
                clipped = clip(points, WIDTH, HEIGHT)
                if len(clipped) < 3:
                    continue
                size = area(clipped)
                if position == 0:
                    whole.extend(clipped)
                    if largest is None or size > largest[0]:
                        largest = (size, clipped)
                if size >= MIN_RING_AREA:
                    rings.append(clipped)
        if largest is None:
            continue  # entirely outside the view
        if not rings:
            rings = [largest[1]]
        entry = {"d": path_data(rings)}
        xs, ys = [p[0] for p in whole], [p[1] for p in whole]
        if max(xs) - min(xs) < MARKER_BELOW and max(ys) - min(ys) < MARKER_BELOW:
            entry["marker"] = [round((max(xs) + min(xs)) / 2), round((max(ys) + min(ys)) / 2)]
        if code:
            countries[code] = entry
        elif entry["d"]:
            background.append(entry["d"])
    return {
        "attribution": ATTRIBUTION,
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "countries": dict(sorted(countries.items())),
        "background": background,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    data = build(json.loads(args.source.read_text()))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    size = sum(len(c["d"]) for c in data["countries"].values()) + sum(map(len, data["background"]))
    print(
        f"{args.output}: {len(data['countries'])} countries, "
        f"{len(data['background'])} background shapes, {size / 1024:.1f} KiB of path data",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
