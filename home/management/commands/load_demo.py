"""python manage.py load_demo — the multilingual demo content (idempotent)."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from home.demo_loader import DemoLoader


class Command(BaseCommand):
    help = "Load the demo practices, taxonomies and pages, in several languages. Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            default=os.environ.get("DEMO_ADMIN_PASSWORD", "changeme"),
            help="Password of the 'admin' superuser, created when missing (default: changeme).",
        )
        parser.add_argument("--no-admin", action="store_true", help="Do not create the admin user.")

    def handle(self, *args, **options):
        report = DemoLoader(stdout=self.stdout).load()
        self.stdout.write(self.style.SUCCESS(str(report)))
        if not options["no_admin"]:
            User = get_user_model()
            if not User.objects.filter(username="admin").exists():
                User.objects.create_superuser(
                    "admin", "admin@example.org", options["admin_password"]
                )
                self.stdout.write(self.style.SUCCESS("Created the superuser 'admin'."))
