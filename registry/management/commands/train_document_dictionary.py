"""Writes the preset dictionary companies' read models are compressed with."""

import random

from django.core.management.base import BaseCommand

from registry.models import Company
from registry.selectors import company_documents, company_graph

# zlib uses at most this much of a preset dictionary (its window).
WINDOW = 32 * 1024


class Command(BaseCommand):
    help = (
        "Writes registry/data/company_documents.zdict from the pickled read models of "
        "companies drawn at random from this database (the repository's: the demo's 20,000 "
        "companies, seed 1, --seed 1). A new dictionary makes every read model of another "
        "layout: build them again afterwards (refresh_company_documents --all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=60)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", default=str(company_documents.DICTIONARY))

    def handle(self, *args, companies, seed, output, **options):
        ids = sorted(Company.objects.values_list("pk", flat=True))
        chosen = sorted(random.Random(seed).sample(ids, min(companies, len(ids))))
        graphs = company_graph.load(Company.objects.filter(pk__in=chosen))
        # The strings met most often are kept nearest the end, where zlib
        # finds them at the shortest distance: here, simply the last pickles.
        words = b"".join(company_documents.pickled(graph) for graph in graphs)[-WINDOW:]
        with open(output, "wb") as out:
            out.write(words)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {len(words):,} bytes from {len(graphs)} companies.")
        )
