"""Rebuild the search index from scratch, or (``--check``) report drift from the database."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ideas.models import Idea
from search.backends import get_backend
from search.backends.database import PAGE_MODELS
from search.query import KINDS


def searchable_counts() -> dict[str, int]:
    """What the index should hold: public ideas and live pages of every kind."""
    return {
        "idea": Idea.objects.public().count(),
        **{kind: model.objects.live().count() for kind, model in PAGE_MODELS.items()},
    }


class Command(BaseCommand):
    help = "Rebuild the search index in batches, or compare its counts with the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare database and index counts per kind; exit with status 1 on drift.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, check: bool, no_progress: bool, **options):
        backend = get_backend()
        expected = searchable_counts()
        if check:
            return self._check(backend, expected)
        with tqdm(
            total=sum(expected.values()),
            unit="doc",
            desc="Indexing",
            disable=no_progress,
            file=self.stderr._out,
        ) as bar:
            indexed = backend.rebuild(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} documents."))

    def _check(self, backend, expected: dict[str, int]) -> None:
        drift = False
        for kind in KINDS:
            indexed = backend.count(kind)
            marker = "ok" if indexed == expected[kind] else "DRIFT"
            drift |= indexed != expected[kind]
            self.stdout.write(
                f"{kind:<10} database {expected[kind]:>8}  index {indexed:>8}  {marker}"
            )
        if drift:
            raise CommandError("The search index has drifted: run search_reindex.", returncode=1)
