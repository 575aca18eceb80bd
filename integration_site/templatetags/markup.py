from django import template

from integration_site.rendering.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """`{{ chapter.body|markdown }}`: sanitised HTML from user Markdown."""
    return render_markdown(text or "")
