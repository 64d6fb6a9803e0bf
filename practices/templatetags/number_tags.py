"""Numbers and money in the page's language, written by Babel (CLDR):
`{{ total|number }}` and `{% indicator_figure value as figure %}`."""

import re
from decimal import Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    format_percent,
    is_currency,
    parse_decimal,
)
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()

# Spaces an editor may have typed between the digits of a figure ("1 200").
DIGIT_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009]+(?=\d)")
# A year, not a quantity: four digits as typed, left as they are.
YEAR = re.compile(r"^(1[89]|20)\d\d$")


def babel_locale(language=None):
    """The Babel locale of a Django language code ("pt-br" → pt_BR)."""
    try:
        return Locale.parse(to_locale(language or get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


class Count(int):
    """An integer that prints in the page's language. Still an int, so that
    `{% blocktranslate count counter=total|number %}` picks the plural form
    and keeps its msgid."""

    def __new__(cls, value, text):
        count = super().__new__(cls, value)
        count.text = text
        return count

    def __str__(self):
        return self.text


@register.filter
def number(value):
    """A count or a decimal in the page's language: 93480 → "93 480" in French."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    text = format_decimal(value, locale=babel_locale())
    return Count(value, text) if isinstance(value, int) else text


def _parsed(text, locale):
    text = DIGIT_SPACES.sub("", text.strip())
    if not re.fullmatch(r"[\d.,]+", text):
        return None
    try:
        return parse_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        return None


def _money(amount, code, locale):
    pattern = None
    if amount == amount.to_integral_value():
        # No cents on a whole amount: "93 480 €", not "93 480,00 €".
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        amount, code, format=pattern, locale=locale, currency_digits=pattern is None
    )


@register.simple_tag
def indicator_figure(value):
    """{"value", "unit"} of an indicator block, in the page's language.

    A value that is a number is formatted; with an ISO 4217 unit ("EUR") it
    becomes an amount ("€93,480"), with "%" a percentage. Anything else (a
    year, "2020–2021", words) is shown as the editor typed it.
    """
    raw, unit = (value.get("value") or "").strip(), (value.get("unit") or "").strip()
    locale = babel_locale()
    amount = _parsed(raw, locale)
    if amount is None:
        return {"value": raw, "unit": unit}
    if is_currency(unit):
        return {"value": _money(amount, unit, locale), "unit": ""}
    if unit == "%":
        text = format_percent(amount / 100, locale=locale, decimal_quantization=False)
        return {"value": text, "unit": ""}
    if YEAR.match(raw):
        return {"value": raw, "unit": unit}
    text = format_decimal(amount, locale=locale, decimal_quantization=False)
    return {"value": text, "unit": unit}
