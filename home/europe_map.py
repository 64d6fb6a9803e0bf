"""The map of Europe on the home page: where the practices come from, each
country linking to its search landing page."""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import ngettext

DATA_FILE = Path(__file__).resolve().parent / "data" / "europe.json"
SHADES = 4


@cache
def outlines():
    """The committed map data: view box, one path per ISO code, background."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MapCountry:
    code: str
    path: str
    marker: tuple | None = None
    count: int = 0
    shade: int = 0
    url: str = ""
    label: str = ""


@dataclass(frozen=True)
class LegendEntry:
    shade: int
    low: int
    high: int


def practices_label(name, count):
    """The accessible name of a country on the map: "Italy: 3 practices"."""
    return ngettext(
        "%(country)s: %(count)s practice", "%(country)s: %(count)s practices", count
    ) % {"country": name, "count": count}


def shade_of(count, highest, shades):
    """1 (fewest) to `shades` (most), in equal steps up to the highest count."""
    return max(1, math.ceil(shades * count / highest))


def legend(highest):
    """The count range of each shade in use, e.g. 1–3, 4–6, 7–9, 10–12."""
    shades = min(SHADES, highest)
    return [
        LegendEntry(
            shade=level,
            low=math.floor((level - 1) * highest / shades) + 1,
            high=math.floor(level * highest / shades),
        )
        for level in range(1, shades + 1)
    ]


def europe_map(countries):
    """Map data for `countries`: objects with `code`, `name`, `practice_count`
    and `url`, as HomePage.country_counts returns them.

    Countries with practices come last, so that their outline and focus ring
    are drawn over their grey neighbours. Countries the map does not show
    (overseas ones) are only in the text list beside it.
    """
    data = outlines()
    counted = {str(country.code).upper(): country for country in countries}
    highest = max((country.practice_count for country in counted.values()), default=0)
    shades = min(SHADES, highest)
    grey, shaded = [], []
    for code, outline in data["countries"].items():
        country = counted.get(code)
        if country is None:
            grey.append(MapCountry(code=code, path=outline["d"]))
            continue
        marker = outline.get("marker")
        shaded.append(
            MapCountry(
                code=code,
                path=outline["d"],
                marker=tuple(marker) if marker else None,
                count=country.practice_count,
                shade=shade_of(country.practice_count, highest, shades),
                url=country.url,
                label=practices_label(country.name, country.practice_count),
            )
        )
    return {
        "view_box": data["viewBox"],
        "background": data["background"],
        "countries": grey + shaded,
        "legend": legend(highest) if highest else [],
    }
