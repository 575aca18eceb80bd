"""Time and peak memory of the council PDFs: the Beschlussvorlage and the Ratspaket.

Uses the Rheine demo (concept + council path). Prints the first (uncached) render, the cached
download, and WeasyPrint's own time on the same HTML, so the product's overhead shows.
"""

from common import median_ms, peak_memory_mb, query_count, setup_django

vendor = setup_django()

from weasyprint import HTML  # noqa: E402

from concepts import demo as concepts_demo  # noqa: E402
from integration_site.pdf import BASE_URL, PDF_VARIANT, StaticOnlyFetcher  # noqa: E402
from participation import pdf_council  # noqa: E402
from participation.demo import council as demo_council  # noqa: E402
from participation.models import Paper  # noqa: E402


def clear_cache():
    from django.core.cache import caches

    caches["pdf"].clear()


def pdf_pages(data):
    import subprocess

    info = subprocess.run(
        ["pdfinfo", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return int(info.split("Pages:")[1].split()[0])


def main():
    town = concepts_demo.load()
    demo_council.load(town)
    print(f"database: {vendor}")
    for paper in Paper.objects.filter(municipality=town).order_by("date"):
        html = pdf_council.paper_html(paper)

        def weasy(html=html):
            return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
                pdf_variant=PDF_VARIANT
            )

        def product_uncached(paper=paper):
            clear_cache()
            return pdf_council.paper_pdf(paper)

        def package_uncached(paper=paper):
            clear_cache()
            return pdf_council.paper_package_pdf(paper)

        weasy_ms = median_ms(weasy, repeat=5, warmup=1)
        product_ms = median_ms(product_uncached, repeat=5, warmup=1)
        pdf_council.paper_pdf(paper)
        cached_ms = median_ms(lambda paper=paper: pdf_council.paper_pdf(paper), repeat=15)
        cached_queries = query_count(lambda paper=paper: pdf_council.paper_pdf(paper))
        package_ms = median_ms(package_uncached, repeat=3, warmup=1)
        pdf_council.paper_package_pdf(paper)
        package_cached_ms = median_ms(
            lambda paper=paper: pdf_council.paper_package_pdf(paper), repeat=15
        )
        memory = peak_memory_mb(product_uncached)
        package_memory = peak_memory_mb(package_uncached)
        pages = pdf_pages(pdf_council.paper_pdf(paper))
        print(f"Vorlage {paper.number} ({paper.consultations.count()} Beratungen):")
        print(f"  Vorlage PDF uncached      {product_ms:8.1f} ms  peak {memory:6.1f} MB")
        print(
            f"  WeasyPrint alone, same HTML {weasy_ms:6.1f} ms  ratio {product_ms / weasy_ms:4.2f}"
        )
        print(f"  Vorlage PDF cached        {cached_ms:8.1f} ms  ({cached_queries} queries)")
        print(f"  Ratspaket uncached        {package_ms:8.1f} ms  peak {package_memory:6.1f} MB")
        print(f"  Ratspaket cached          {package_cached_ms:8.1f} ms")
        package_pages = pdf_pages(pdf_council.paper_package_pdf(paper))
        print(f"  pages: Vorlage {pages}, Ratspaket {package_pages}")


if __name__ == "__main__":
    main()
