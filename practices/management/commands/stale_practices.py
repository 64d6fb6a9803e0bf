"""python manage.py stale_practices — published practices due for a review, as
a table or as CSV."""

import argparse
import csv

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from practices.editorial.freshness import review_interval_days, stale_practices

CSV_HEADER = ["title", "languages", "last_reviewed", "days_since_review", "edit_url"]


def non_negative_days(value):
    try:
        days = int(value)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(
            f"takes a whole number of days, 0 or more (got {value!r})."
        )
    return days


def edit_url(page):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("wagtailadmin_pages:edit", args=[page.pk])


class Command(BaseCommand):
    help = (
        "List the published practices not reviewed for more than "
        "PRACTICE_REVIEW_INTERVAL_DAYS days (or --days), the longest unreviewed first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=non_negative_days,
            default=None,
            help="Review interval in days (default: PRACTICE_REVIEW_INTERVAL_DAYS).",
        )
        parser.add_argument(
            "--format", choices=["text", "csv"], default="text", help="Output format."
        )

    def handle(self, *args, days=None, format="text", **options):
        days = review_interval_days() if days is None else days
        practices = stale_practices(days=days)
        rows = [
            [
                item.page.title,
                ", ".join(item.language_codes),
                item.last_reviewed.isoformat(),
                str(item.days_since_review),
                edit_url(item.page),
            ]
            for item in practices
        ]
        if format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(CSV_HEADER)
            writer.writerows(rows)
            return
        if not rows:
            self.stdout.write(
                self.style.SUCCESS(f"No practice needs review (none older than {days} days).")
            )
            return
        self.stdout.write(self.table(rows))
        self.stdout.write(
            self.style.WARNING(f"{len(rows)} practice(s) not reviewed for more than {days} days.")
        )

    @staticmethod
    def table(rows):
        header = ["Title", "Languages", "Last reviewed", "Days", "Edit"]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(cells):
            return "  ".join(
                cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
            ).rstrip()

        separator = "  ".join("-" * width for width in widths)
        return "\n".join([line(header), separator, *(line(row) for row in rows)])
