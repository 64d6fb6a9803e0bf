"""Rebuild the search index of every engine from the database.

python manage.py rebuild_search_index [--batch-size 500]
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from search import index_entries, indexing
from search.engines.base import SearchUnavailable


class Command(BaseCommand):
    help = "Rebuild the public search index (database, and Elasticsearch when configured)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bars."
        )

    def handle(self, *args, batch_size, no_progress, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        practices = len(index_entries.all_translation_keys())
        total = index_entries.document_count()
        bars = {}

        def progress(engine, count):
            if engine.name not in bars:
                bars[engine.name] = tqdm(
                    total=total,
                    unit="document",
                    desc=engine.name,
                    file=sys.stderr,
                    disable=no_progress,
                )
            bars[engine.name].update(count)

        try:
            report = indexing.rebuild(batch_size=batch_size, progress=progress)
        except (SearchUnavailable, DatabaseError) as error:
            # Either way the previous index still serves (see the engines' rebuild).
            raise CommandError(
                f"The search engine could not be rebuilt: {error}. The previous index still serves."
            ) from error
        finally:
            for bar in bars.values():
                bar.close()
        for engine, stats, seconds in report:
            languages = ", ".join(
                f"{code}: {count}" for code, count in sorted(stats["languages"].items())
            )
            rate = practices / seconds if seconds else 0
            self.stdout.write(
                f"{engine}: {stats['documents']} documents for {practices} practices "
                f"({languages or 'none'}) in {seconds:.1f} s, {rate:.0f} practices/s"
            )
