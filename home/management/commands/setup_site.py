"""python manage.py setup_site — the default Wagtail Site takes the address of
SITE_BASE_URL and the name WAGTAIL_SITE_NAME, for a changed address without a
migration."""

from django.core.management.base import BaseCommand, CommandError

from practices.site_address import SiteAddressConflict, describe, sync_default_site


class Command(BaseCommand):
    help = (
        "Give the default Wagtail site the hostname and port of SITE_BASE_URL and the "
        "name of WAGTAIL_SITE_NAME. Safe to rerun."
    )

    def handle(self, *args, **options):
        try:
            changed = sync_default_site()
        except SiteAddressConflict as error:
            raise CommandError(str(error)) from error
        if changed is None:
            raise CommandError(
                "There is no default Wagtail site: create one in Settings → Sites "
                "(or run `manage.py load_demo`), then run this command again."
            )
        self.stdout.write(self.style.SUCCESS(describe(changed)))
