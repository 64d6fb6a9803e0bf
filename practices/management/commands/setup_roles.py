"""python manage.py setup_roles — the translator groups, one per partner language.

Idempotent: run it after load_demo, and again whenever languages or home
pages change; it adds what is missing and removes what is no longer wanted.
"""

from django.core.management.base import BaseCommand

from practices.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the 'Translators — <language>' groups: admin access, the "
        "translation tools, the pages of their language tree and the taxonomy terms in "
        "their language. Safe to rerun."
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
                self.style.SUCCESS("Nothing to change: the translator groups are up to date.")
            )
