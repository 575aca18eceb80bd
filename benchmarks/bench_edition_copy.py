"""Fortschreibung and exchange on a small and a large concept (8 × 4 × 4 × 5).

Prints, for edition_copy, the JSON export, the import and the spreadsheet export: the number of
elements, queries and the median time of each; and the comparison page's queries and time.
"""

from common import median_ms, peak_memory_mb, query_count, setup_django

vendor = setup_django()

import datetime  # noqa: E402

from django.test import Client  # noqa: E402

from concepts.exchange.export import dumps, edition_export  # noqa: E402
from concepts.exchange.load import edition_import  # noqa: E402
from concepts.exports import measures_xlsx  # noqa: E402
from concepts.models import (  # noqa: E402
    Concept,
    CopyLink,
    Edition,
    Membership,
    Municipality,
)
from concepts.services.compare import compare_editions  # noqa: E402
from concepts.services.editions import edition_copy  # noqa: E402
from tests.factories import build_concept  # noqa: E402

SIZES = {
    "klein (1×1×1×1)": {"fields": 1, "strategic": 1, "operational": 1, "measures": 1},
    "groß (8×4×4×5)": {"fields": 8, "strategic": 4, "operational": 4, "measures": 5},
}


def main():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench")
    print(f"Datenbank: {vendor}")
    header = (
        f"{'Konzept':<18} {'Elemente':>8} {'Kopie q':>8} {'Kopie ms':>9} {'Kopie MB':>9} "
        f"{'Export q':>9} {'Export ms':>10} {'Import ms':>10} {'XLSX ms':>8} "
        f"{'Vergleich q':>12} {'Vergleich ms':>13}"
    )
    print(header)
    for n, (label, size) in enumerate(SIZES.items()):
        town = Municipality.objects.create(name=f"Bench {n}", slug=f"bench-{n}")
        Membership.objects.create(user=user, municipality=town, role="staff")
        concept = Concept.objects.create(municipality=town, title="Konzept")
        source = Edition.objects.create(
            concept=concept,
            title="Quelle",
            year=2020,
            status=Edition.Status.ADOPTED,
            adopted_on=datetime.date(2020, 1, 1),
        )
        build_concept(source, **size)
        copies = []

        def copy(source=source, copies=copies):
            copies.append(edition_copy(source=source, user=user, title="Kopie", year=2026))

        copy_queries = query_count(copy)
        copy_ms = median_ms(copy, repeat=5, warmup=1)
        copy_mb = peak_memory_mb(copy)
        elements = CopyLink.objects.filter(edition=copies[0]).count()
        export_queries = query_count(lambda source=source: edition_export(source))
        export_ms = median_ms(lambda source=source: dumps(edition_export(source)), repeat=5)
        text = dumps(edition_export(source))
        import_ms = median_ms(
            lambda text=text, town=town: edition_import(municipality=town, data=text),
            repeat=3,
            warmup=0,
        )
        xlsx_ms = median_ms(lambda source=source: measures_xlsx(source), repeat=3, warmup=1)
        target = copies[0]
        client = Client()
        client.force_login(user)
        url = f"/{town.slug}/konzept/{target.pk}/vergleich/"
        client.get(url)
        compare_queries = query_count(lambda url=url, client=client: client.get(url))
        compare_ms = median_ms(lambda url=url, client=client: client.get(url), repeat=5)
        assert compare_editions(source, target)
        print(
            f"{label:<18} {elements:>8} {copy_queries:>8} {copy_ms:>9.0f} {copy_mb:>9.1f} "
            f"{export_queries:>9} {export_ms:>10.0f} {import_ms:>10.0f} {xlsx_ms:>8.0f} "
            f"{compare_queries:>12} {compare_ms:>13.0f}"
        )


if __name__ == "__main__":
    main()
