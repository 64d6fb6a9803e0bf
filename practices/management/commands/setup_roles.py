"""python manage.py setup_roles — every role of the site and the review
workflow, kept in step; idempotent, it prints what it changed."""

from django.core.management.base import BaseCommand

from practices.editorial.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the groups (translators per language, contributors, editors, "
        "reviewers, administrators) and the 'Practice review' workflow on the practice "
        "indexes. Safe to rerun."
    )

    def handle(self, *args, **options):
        report = setup_roles()
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        for change in report.changes:
            self.stdout.write(change)
        if report.changes:
            self.stdout.write(self.style.SUCCESS(f"{len(report.changes)} change(s)."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "Nothing to change: the groups and the review workflow are up to date."
                )
            )
