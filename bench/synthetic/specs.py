"""The pure half of synthetic practices: `build_specs()`, specs and texts from a seed.

The same seed gives the same practices whatever --count is (docs/benchmarks.md).
"""

import datetime
import random
import uuid
from dataclasses import dataclass

from django.utils.text import slugify

from bench.synthetic.vocabulary import (
    APPROACH_WEIGHTS,
    APPROACHES,
    CITIES,
    CONTEXT,
    DIFFICULTIES,
    FALLBACK_CITIES,
    GROUP_WEIGHTS,
    GROUPS,
    INDICATORS,
    METHOD_INTRO,
    METHOD_STEPS,
    OUTCOMES,
    PARTNERS,
    PROFESSIONALS,
    RESOURCES,
    SETTINGS,
    SUMMARIES,
    TITLES,
    TRANSFERABILITY,
)

SLUG_PREFIX = "synthetic-practice-"
TEXT_LANGUAGES = ("en", "fr", "it")
FALLBACK_LANGUAGE = "en"
SUMMARY_MAX_LENGTH = 400
SLUG_MAX_LENGTH = 120


class SyntheticDataError(Exception):
    """The database is not ready for synthetic practices (no index, no terms…)."""


STATUS_WEIGHTS = {"pilot": 25, "ongoing": 45, "mainstreamed": 18, "ended": 12}
LICENCE_WEIGHTS = {
    "cc-by-4.0": 50,
    "cc-by-sa-4.0": 20,
    "cc-by-nc-4.0": 15,
    "cc0-1.0": 10,
    "all-rights-reserved": 5,
}
# How many terms a practice gets: {number: weight}.
TERM_COUNTS = {
    "themes": {1: 45, 2: 38, 3: 17},
    "countries": {1: 80, 2: 20},
    "target_groups": {0: 20, 1: 40, 2: 28, 3: 12},
    "professions": {0: 30, 1: 45, 2: 25},
    "practice_types": {0: 35, 1: 50, 2: 15},
    "organisations": {0: 40, 1: 40, 2: 20},
}
PROJECT_PROBABILITY = 0.25
FEATURED_PROBABILITY = 0.02
FIRST_START_YEAR, LAST_START_YEAR = 2010, 2026
PUBLISHED_FROM = datetime.datetime(2020, 1, 1, 8, 0, tzinfo=datetime.UTC)
PUBLISHED_SPAN_SECONDS = 6 * 365 * 24 * 3600
LAST_REVIEW_LIMIT = datetime.date(2026, 10, 31)


@dataclass(frozen=True)
class TaxonomyPools:
    """The keys of the terms a practice may use: slugs, country codes,
    organisation names, project references (or titles)."""

    themes: tuple[str, ...]
    countries: tuple[str, ...]
    target_groups: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    practice_types: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()


@dataclass(frozen=True)
class PracticeText:
    """The translatable values of one practice in one language."""

    title: str
    slug: str
    summary: str
    region: str
    context: str
    method: str
    outcomes: str
    transferability: str
    resources: str
    difficulties: str
    indicators: tuple[tuple[str, str, str], ...]  # (label, value, unit)


@dataclass(frozen=True)
class PracticeSpec:
    number: int
    translation_key: uuid.UUID
    texts: dict[str, PracticeText]
    indicator_ids: tuple[str, ...]
    themes: tuple[str, ...]
    countries: tuple[str, ...]
    target_groups: tuple[str, ...]
    professions: tuple[str, ...]
    practice_types: tuple[str, ...]
    organisations: tuple[str, ...]
    project: str | None
    start_year: int
    end_year: int | None
    status: str
    licence: str
    featured: bool
    last_reviewed: datetime.date
    published_at: datetime.datetime


def build_specs(count, *, seed=1, languages=("en", "fr"), pools, start=1):
    """The specs of practices number `start` to `start + count - 1`."""
    if not pools.themes or not pools.countries:
        raise SyntheticDataError("Synthetic practices need at least one theme and one country.")
    weights = {kind: _skewed_weights(getattr(pools, kind), seed, kind) for kind in TERM_COUNTS}
    weights["projects"] = _skewed_weights(pools.projects, seed, "projects")
    return [
        _build_spec(number, seed, tuple(languages), weights)
        for number in range(start, start + count)
    ]


def _skewed_weights(keys, seed, kind):
    """Zipf-like weights over the keys, in an order that depends on the seed
    (not on the alphabet), so that facet counts differ."""
    order = sorted(set(keys))
    random.Random(f"synthetic-skew:{seed}:{kind}").shuffle(order)
    return {key: 1.0 / (rank + 1) ** 1.1 for rank, key in enumerate(order)}


def _weighted_sample(rng, weights, k):
    """k distinct keys, drawn with probability proportional to their weight
    (Efraimidis–Spirakis), most likely first."""
    if k <= 0 or not weights:
        return ()
    keyed = sorted(
        ((rng.random() ** (1.0 / weight), key) for key, weight in weights.items()), reverse=True
    )
    return tuple(key for _score, key in keyed[:k])


def _weighted_choice(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _build_spec(number, seed, languages, weights):
    rng = random.Random(f"synthetic-practice:{seed}:{number}")
    terms = {
        kind: _weighted_sample(rng, weights[kind], _weighted_choice(rng, TERM_COUNTS[kind]))
        for kind in TERM_COUNTS
    }
    project = None
    if weights["projects"] and rng.random() < PROJECT_PROBABILITY:
        project = _weighted_sample(rng, weights["projects"], 1)[0]
    start_year = _weighted_choice(
        rng,
        {
            year: 1 + (year - FIRST_START_YEAR)
            for year in range(FIRST_START_YEAR, LAST_START_YEAR + 1)
        },
    )
    status = _weighted_choice(rng, STATUS_WEIGHTS)
    end_year = min(start_year + rng.randint(1, 6), LAST_START_YEAR) if status == "ended" else None
    published_at = PUBLISHED_FROM + datetime.timedelta(
        seconds=rng.randrange(PUBLISHED_SPAN_SECONDS)
    )
    last_reviewed = min(
        published_at.date() + datetime.timedelta(days=rng.randrange(0, 500)), LAST_REVIEW_LIMIT
    )
    words = _draw_words(rng, number, start_year, terms)
    indicator_ids = tuple(
        str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in words["indicators"]
    )
    texts = {}
    for lang in languages:
        text_lang = lang if lang in TEXT_LANGUAGES else FALLBACK_LANGUAGE
        texts[lang] = _render(words, text_lang)
    return PracticeSpec(
        number=number,
        translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
        texts=texts,
        indicator_ids=indicator_ids,
        project=project,
        start_year=start_year,
        end_year=end_year,
        status=status,
        licence=_weighted_choice(rng, LICENCE_WEIGHTS),
        featured=rng.random() < FEATURED_PROBABILITY,
        last_reviewed=last_reviewed,
        published_at=published_at,
        **terms,
    )


def _group_for(terms, rng):
    """The group the texts talk about: the one a target group or theme
    points at, else a frequent one."""
    for slug in terms["target_groups"] + terms["themes"]:
        for position, group in enumerate(GROUPS):
            if any(keyword in slug for keyword in group["keywords"]):
                return position
    return rng.choices(range(len(GROUPS)), weights=GROUP_WEIGHTS)[0]


def _draw_words(rng, number, start_year, terms):
    """Language-independent choices: which vocabulary entries, which figures."""
    n_years = rng.randint(2, 6)
    n_partners_start = rng.randint(2, 5)
    cities = CITIES.get(terms["countries"][0].upper(), FALLBACK_CITIES)
    return {
        "number": number,
        "group": _group_for(terms, rng),
        "approach": rng.choices(range(len(APPROACHES)), weights=APPROACH_WEIGHTS)[0],
        "setting": rng.randrange(len(SETTINGS)),
        "partner": rng.randrange(len(PARTNERS)),
        "pro": rng.randrange(len(PROFESSIONALS)),
        "city": rng.choice(cities),
        "summary": rng.randrange(len(SUMMARIES)),
        "context": _paragraphs(rng, len(CONTEXT), rng.randint(2, 3), 2, 3),
        "method_intro": tuple(sorted(rng.sample(range(len(METHOD_INTRO)), rng.randint(1, 2)))),
        "method_steps": tuple(sorted(rng.sample(range(len(METHOD_STEPS)), rng.randint(4, 7)))),
        "outcomes": _paragraphs(rng, len(OUTCOMES), rng.randint(2, 3), 2, 3),
        "transferability": _paragraphs(rng, len(TRANSFERABILITY), rng.randint(2, 3), 2, 2),
        "resources": rng.randrange(len(RESOURCES)) if rng.random() < 0.6 else None,
        "difficulties": rng.randrange(len(DIFFICULTIES)) if rng.random() < 0.4 else None,
        "indicators": tuple(
            (position, rng.randint(*INDICATORS[position][2]))
            for position in sorted(rng.sample(range(len(INDICATORS)), rng.randint(2, 4)))
        ),
        "figures": {
            "year": start_year,
            "plan_end": start_year + rng.randint(4, 6),
            "decision_year": min(start_year + n_years, LAST_START_YEAR),
            "n_years": n_years,
            "n_people": rng.randint(30, 2400),
            "n_staff": rng.randint(4, 60),
            "n_days": rng.randint(2, 10),
            "n_weeks": rng.randint(2, 8),
            "n_weeks_before": rng.randint(6, 20),
            "n_partners_start": n_partners_start,
            "n_partners": n_partners_start + rng.randint(2, 20),
            "pct1": rng.randint(15, 70),
            "pct2": rng.randint(55, 95),
            "budget": rng.randint(20, 450) * 1000,
            "population": rng.randint(8, 900) * 1000,
        },
    }


def _paragraphs(rng, pool_size, count, low, high):
    """`count` paragraphs of `low`..`high` distinct sentences (indexes into a pool)."""
    sizes = [rng.randint(low, high) for _ in range(count)]
    drawn = rng.sample(range(pool_size), min(sum(sizes), pool_size))
    paragraphs, position = [], 0
    for size in sizes:
        if drawn[position : position + size]:
            paragraphs.append(tuple(drawn[position : position + size]))
        position += size
    return tuple(paragraphs)


def _number(value, lang):
    grouped = f"{value:,}"
    if lang == "fr":
        return grouped.replace(",", "\u202f")
    if lang == "it":
        return grouped.replace(",", ".")
    return grouped


def _cap(text):
    return text[:1].upper() + text[1:]


def _render(words, lang):
    group = GROUPS[words["group"]][lang]
    approach = APPROACHES[words["approach"]][lang]
    pro = PROFESSIONALS[words["pro"]][lang]
    values = {
        "group": group["art"],
        "group_pl": group["pl"],
        "group_de": group["de"],
        "group_a": group["a"],
        "one": group["one"],
        "approach": approach["the"],
        "Approach_name": _cap(approach["name"]),
        "setting": SETTINGS[words["setting"]][lang],
        "partner": PARTNERS[words["partner"]][lang],
        "pro": pro["the"],
        "Pro": _cap(pro["the"]),
        "pro_pl": pro["pl"],
        "city": words["city"],
        "number": words["number"],
    }
    for name, value in words["figures"].items():
        values[name] = (
            value if name.endswith("year") or name == "plan_end" else _number(value, lang)
        )

    def sentence(template):
        return _cap(template[lang].format(**values))

    def paragraphs(pool, chosen):
        return "".join(
            "<p>" + " ".join(sentence(pool[i]) for i in paragraph) + "</p>" for paragraph in chosen
        )

    title = TITLES[lang].format(**values)
    slug_words = slugify(title.rsplit(" #", 1)[0])
    slug = f"{SLUG_PREFIX}{words['number']:05d}-{slug_words}"
    if len(slug) > SLUG_MAX_LENGTH:
        slug = slug[:SLUG_MAX_LENGTH].rsplit("-", 1)[0]
    summary = sentence(SUMMARIES[words["summary"]])
    if len(summary) > SUMMARY_MAX_LENGTH:
        summary = summary[: SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    method = (
        "<p>"
        + " ".join(sentence(METHOD_INTRO[i]) for i in words["method_intro"])
        + "</p><ol>"
        + "".join(f"<li>{sentence(METHOD_STEPS[i])}</li>" for i in words["method_steps"])
        + "</ol>"
    )
    indicators = tuple(
        (INDICATORS[i][0][lang], _number(value, lang), INDICATORS[i][1][lang])
        for i, value in words["indicators"]
    )
    return PracticeText(
        title=title,
        slug=slug,
        summary=summary,
        region=words["city"],
        context=paragraphs(CONTEXT, words["context"]),
        method=method,
        outcomes=paragraphs(OUTCOMES, words["outcomes"]),
        transferability=paragraphs(TRANSFERABILITY, words["transferability"]),
        resources=(
            ""
            if words["resources"] is None
            else f"<p>{sentence(RESOURCES[words['resources']])}</p>"
        ),
        difficulties=(
            ""
            if words["difficulties"] is None
            else f"<p>{sentence(DIFFICULTIES[words['difficulties']])}</p>"
        ),
        indicators=indicators,
    )
