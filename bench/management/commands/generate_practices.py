"""python manage.py generate_practices --count N — synthetic practices for
benchmarks and load tests (deterministic, published, translated)."""

from django.core.management.base import BaseCommand, CommandError

from bench.synthetic import SyntheticDataError, generate_practices


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate N synthetic published practices in every language of --languages, with "
        "realistic texts and taxonomy spreads. Deterministic for a given --seed; practices "
        "that already exist are skipped. Needs the site structure and terms of load_demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=positive_int, required=True, help="Number of practices."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1): same seed, same data."
        )
        parser.add_argument(
            "--languages",
            default="en,fr",
            help="Comma-separated language codes (default en,fr). Practices are created in the "
            "first one and translated into the others.",
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=200,
            help="Practices per database transaction (default 200).",
        )

    def handle(self, *args, **options):
        log = self.stdout.write if options["verbosity"] >= 1 else None
        try:
            report = generate_practices(
                options["count"],
                seed=options["seed"],
                languages=options["languages"],
                batch_size=options["batch_size"],
                log=log,
            )
        except SyntheticDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(report)))
