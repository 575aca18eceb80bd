"""Say which Debian packages are missing instead of failing with a traceback.

WeasyPrint needs Pango at import time; the tests also use poppler-utils (pdftotext).
"""

import shutil
import sys

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def main():
    problems = []
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        problems.append(
            "WeasyPrint findet seine Systembibliotheken (Pango) nicht "
            f"({error.__class__.__name__}).\n"
            f"  Bitte installieren: sudo apt-get install -y {DEBIAN_PACKAGES}"
        )
    if shutil.which("pdftotext") is None:
        print(
            "Hinweis: pdftotext fehlt; PDF-Tests werden übersprungen.\n"
            "  Installieren mit: sudo apt-get install -y poppler-utils",
            file=sys.stderr,
        )
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
