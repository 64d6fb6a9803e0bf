"""Send Elasticsearch the practices an earlier update failed to send (run from cron in production).

python manage.py sync_search_index
"""

from django.core.management.base import BaseCommand, CommandError

from search import indexing


class Command(BaseCommand):
    help = "Repair the search index entries that failed to update."

    def handle(self, *args, **options):
        done, failed = indexing.sync()
        self.stdout.write(f"{len(done)} practices repaired, {len(failed)} still failing.")
        if failed:
            raise CommandError("Some practices could not be sent; see the log.")
