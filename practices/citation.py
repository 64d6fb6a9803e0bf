"""The suggested citation of a practice: who, when, what, where, and when it
was last checked, in the visitor's language."""

from django.utils.formats import date_format
from django.utils.translation import gettext


def citation(page, *, organisations, url):
    """Plain text, ready to paste: "Organisations (year). Title. Site. URL (last reviewed …)."""
    published = page.first_published_at or page.last_reviewed
    values = {
        "authors": "; ".join(o.name for o in organisations),
        "year": published.year if published else "",
        "title": page.title.rstrip("."),
        "site": gettext("Social Work Good Practices"),
        "url": url,
        "reviewed": date_format(page.last_reviewed, "DATE_FORMAT") if page.last_reviewed else "",
    }
    if organisations:
        text = gettext(
            "%(authors)s (%(year)s). %(title)s. %(site)s. %(url)s (last reviewed on %(reviewed)s)."
        )
    else:
        text = gettext("%(title)s (%(year)s). %(site)s. %(url)s (last reviewed on %(reviewed)s).")
    return text % values
