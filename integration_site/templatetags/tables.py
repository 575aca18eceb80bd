"""`{% scrolltable %}<table>…</table>{% endscrolltable %}`: a table that scrolls sideways on
a narrow screen instead of widening the page.

The table is wrapped in `<div class="table-responsive">` (Bootstrap's scroll container), which
a keyboard can focus (tabindex) and which is named after the table's caption, so that a screen
reader says what the focused box holds. role="group", not "region": a page may show several
tables with the same caption, and regions are landmarks that need unique names.
The browser crawl (tests/browser/test_accessibility.py) fails on any table outside a scroll
container and on any page wider than a 390 px phone.
"""

import re
from html import unescape

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL)


class ScrollTableNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        table = self.nodelist.render(context)
        if "<table" not in table:  # an include that printed no table this time
            return table
        caption = CAPTION.search(table)
        # The caption's text, as a person reads it; format_html escapes it for the attribute.
        name = unescape(" ".join(strip_tags(caption.group(1)).split())) if caption else ""
        label = format_html(' aria-label="{}"', name) if name else ""
        return format_html(
            '<div class="table-responsive" role="group" tabindex="0"{}>{}</div>',
            label,
            mark_safe(table),  # noqa: S308 - the template's own rendered output
        )


@register.tag
def scrolltable(parser, token):
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist)
