"""Where a PDF's words sit on the page: `pdftotext -bbox` (poppler-utils) gives every word's box.

`words_past_right_margin(pdf, right_margin_mm)` lists the words whose right edge lies past the
page's text area (page width minus the right margin of the PDF's @page rule), so that a test can
show that no table or long word runs into the margin or off the page. `page_margins(css)`
reads that rule's margins from the stylesheet, so the check follows the CSS.
"""

import re
import shutil
import subprocess
from html import unescape

MM = 72 / 25.4  # PDF points per millimetre
# Kerning and rounding put a glyph a fraction of a point past its box; a line that really runs
# into the margin is far beyond this.
TOLERANCE_PT = 1.5

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE_RULE = re.compile(r"@page\s*\{([^{}]*)", re.DOTALL)
MARGIN = re.compile(r"(?<![-\w])margin\s*:\s*([^;}]+)")


def page_margins(css):
    """(top, right, bottom, left) in mm of the first plain `@page { margin: … }` in `css`."""
    for rule in PAGE_RULE.finditer(css):
        found = MARGIN.search(rule.group(1))
        if found:
            values = [float(v.removesuffix("mm")) for v in found.group(1).split()]
            # CSS shorthand: 1 to 4 values, clockwise from the top.
            top, right, bottom, left = {
                1: lambda a: (a, a, a, a),
                2: lambda a, b: (a, b, a, b),
                3: lambda a, b, c: (a, b, c, b),
                4: lambda a, b, c, d: (a, b, c, d),
            }[len(values)](*values)
            return top, right, bottom, left
    raise AssertionError("keine @page-Regel mit margin in mm gefunden")


def words_past_right_margin(pdf, right_margin_mm, tolerance_pt=TOLERANCE_PT):
    """[(page number, word, its right edge in mm, the text area's right edge in mm)] of every
    word of `pdf` (bytes) that ends past the page width minus `right_margin_mm`."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed for the PDF checks"
    result = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    )
    found = []
    xhtml = result.stdout.decode("utf-8")
    for number, page in enumerate(PAGE.finditer(xhtml), start=1):
        limit = float(page.group(1)) - right_margin_mm * MM
        for word in WORD.finditer(page.group(3)):
            right = float(word.group(3))
            if right > limit + tolerance_pt:
                found.append(
                    (number, unescape(word.group(5)), round(right / MM, 1), round(limit / MM, 1))
                )
    return found
