"""Template tags of the home page."""

from django import template

from home.europe_map import europe_map as build_europe_map

register = template.Library()


@register.inclusion_tag("home/includes/europe_map.html")
def europe_map(countries, described_by=""):
    """The map of Europe for the counted `countries` (HomePage.country_counts);
    `described_by` is the id of its text alternative."""
    return {"map": build_europe_map(countries), "described_by": described_by}
