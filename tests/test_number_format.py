"""Figures in the reader's language: indicators (amounts, percentages,
counts) and the counts of the listings, formatted by Babel (CLDR)."""

import pytest
from django.template import Context, Template
from django.utils import translation
from site_helpers import get_ok, soup_of

from practices.blocks import IndicatorBlock

NNBSP, NBSP = "\u202f", "\u00a0"


def figures(soup):
    """[(label, figure)] of the page's indicators, spaces as they are."""
    return [
        (
            node.select_one(".indicator__label").get_text(strip=True),
            node.select_one(".indicator__figure").get_text().strip(),
        )
        for node in soup.select(".indicator")
    ]


INDICATORS = [
    ("indicator", {"label": "EU grant", "value": "93480", "unit": "EUR"}),
    ("indicator", {"label": "Participants", "value": "1 200", "unit": "participants"}),
    ("indicator", {"label": "Return to work", "value": "60", "unit": "%"}),
    ("indicator", {"label": "Founded", "value": "1993", "unit": "year"}),
    ("indicator", {"label": "Period", "value": "2020–2021", "unit": "years"}),
    ("indicator", {"label": "Budget", "value": "93480", "unit": "euros"}),
]


@pytest.mark.django_db
def test_indicators_on_an_english_practice_page(client, make_practice):
    page = make_practice("Job shadowing", slug="job-shadowing", indicators=INDICATORS)
    assert figures(soup_of(get_ok(client, page.url))) == [
        ("EU grant", "€93,480"),
        ("Participants", "1,200 participants"),
        ("Return to work", "60%"),
        ("Founded", "1993 year"),
        ("Period", "2020–2021 years"),
        ("Budget", "93,480 euros"),
    ]


@pytest.mark.django_db
def test_indicators_on_a_french_practice_page(client, make_practice):
    page = make_practice(
        "Stages croisés", slug="stages-croises", locale="fr", indicators=INDICATORS
    )
    assert figures(soup_of(get_ok(client, page.url))) == [
        ("EU grant", f"93{NNBSP}480{NBSP}€"),
        ("Participants", f"1{NNBSP}200 participants"),
        ("Return to work", f"60{NBSP}%"),
        ("Founded", "1993 year"),
        ("Period", "2020–2021 years"),
        ("Budget", f"93{NNBSP}480 euros"),
    ]


@pytest.mark.parametrize(
    ("language", "value", "unit", "expected"),
    [
        ("en", "93480", "EUR", "€93,480"),
        ("fr", "93480", "EUR", f"93{NNBSP}480{NBSP}€"),
        ("it", "93480", "EUR", f"93.480{NBSP}€"),
        ("lt", "93480", "EUR", f"93{NBSP}480{NBSP}€"),
        ("en", "1250.5", "EUR", "€1,250.50"),
        ("fr", "1250,5", "EUR", f"1{NNBSP}250,50{NBSP}€"),
        ("en", "185195", "participants", "185,195 participants"),
        ("it", "185195", "partecipanti", "185.195 partecipanti"),
        ("lt", "185195", "dalyviai", f"185{NBSP}195 dalyviai"),
        ("fr", "2,5", "jours", "2,5 jours"),
        ("it", "17", "%", "17%"),
        ("lt", "17", "%", f"17{NBSP}%"),
        ("lt", "2016", "metai", "2016 metai"),
        ("it", "tutti", "i comuni", "tutti i comuni"),
    ],
)
def test_an_indicator_in_each_language(language, value, unit, expected):
    block = IndicatorBlock()
    with translation.override(language):
        html = block.render(block.to_python({"label": "L", "value": value, "unit": unit}))
    figure = html.split('class="indicator__figure">', 1)[1].split("</dd>", 1)[0]
    text = figure.replace('<span class="indicator__value">', "")
    text = text.replace('<span class="indicator__unit">', "").replace("</span>", "")
    assert text == expected


COUNT = Template(
    "{% load i18n number_tags %}"
    "{% blocktranslate count counter=total|number %}{{ counter }} practice"
    "{% plural %}{{ counter }} practices{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    ("language", "total", "expected"),
    [
        ("en", 1, "1 practice"),
        ("en", 12345, "12,345 practices"),
        ("fr", 12345, f"12{NNBSP}345 pratiques"),
        ("it", 12345, "12.345 pratiche"),
        ("lt", 12345, f"12{NBSP}345"),
    ],
)
def test_counts_keep_their_plural_and_read_in_the_language(language, total, expected):
    with translation.override(language):
        text = COUNT.render(Context({"total": total}))
    assert text.startswith(expected)


@pytest.mark.django_db
def test_home_page_counts_go_through_the_filter(client, catalogue, monkeypatch):
    from practices.templatetags import number_tags

    monkeypatch.setattr(number_tags, "format_decimal", lambda value, locale: f"<{value}>")
    soup = soup_of(get_ok(client, "/en/"))
    hero = soup.select_one(".home-hero__figures").get_text(" ", strip=True)
    assert "<3> practices" in hero
    counts = [node.get_text() for node in soup.select(".count-list .count")]
    assert counts and all(text.startswith("<") for text in counts)
