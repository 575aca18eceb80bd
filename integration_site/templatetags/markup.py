from django import template

from integration_site.rendering.markdown import markdown_as_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """`{{ chapter.body|markdown }}`: sanitised HTML from user Markdown."""
    return render_markdown(text or "")


@register.filter(name="markdown_text")
def markdown_text_filter(text):
    """`{{ comment.text|markdown_text }}`: user Markdown as plain text (e-mails, excerpts)."""
    return markdown_as_text(text or "")
