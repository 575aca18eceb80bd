"""The comment threads of the round page as HTML, built in Python.

A round may carry hundreds of comments, each with its own forms; rendered through the template
engine the threads alone took ~100 ms. Here every user value passes through `format_html` /
`escape`, and comment text through the project's one sanitiser (`render_markdown`), exactly as
`{{ text|markdown }}` would; the markup is the same the template produced.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from integration_site.rendering.markdown import render_markdown
from integration_site.versions import version_of
from participation.models import Comment

DISPOSITIONS = Comment.Disposition.choices
LABELS = dict(DISPOSITIONS)


def _options(selected):
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == selected else "", label)  # noqa: S308
            for value, label in DISPOSITIONS
        ),
    )


class ThreadRenderer:
    def __init__(
        self, *, viewer_id, can_comment, can_answer, comments_url, create_url, csrf, focus_key=None
    ):
        self.viewer_id = viewer_id
        # The comment just posted in place (htmx): it takes the focus after the swap.
        self.focus_key = focus_key
        self.can_comment = can_comment
        self.can_answer = can_answer
        self.comments_url = comments_url
        self.create_url = create_url
        self.csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf)

    def threads(self, roots):
        if not roots:
            return mark_safe("")  # noqa: S308 - empty string
        items = format_html_join("", "{}", ((self.thread(c),) for c in roots))
        return format_html('<ol class="comment-list list-unstyled">{}</ol>', items)

    def thread(self, c):
        replies = ""
        if c.thread:
            replies = format_html(
                '<ol class="comment-replies list-unstyled" aria-label="{}">{}</ol>',
                _("Antworten auf Nr. %(number)s") % {"number": c.number},
                format_html_join(
                    "",
                    "<li{}>{}</li>",
                    ((self._item_attrs(r), self.comment(r)) for r in c.thread),
                ),
            )
        reply_form = ""
        if self.can_comment and not c.withdrawn_at:
            reply_form = format_html(
                '<details class="reply-form"><summary class="small">{reply}'
                '<span class="visually-hidden"> {to_number}</span></summary>'
                '<form method="post" action="{action}" hx-post="{action}" '
                'hx-target="closest .comment-area">{csrf}'
                '<input type="hidden" name="parent" value="{key}">'
                '<label class="form-label small" for="antwort-auf-{key}">{your_reply}</label>'
                '<textarea class="form-control form-control-sm" name="text" '
                'id="antwort-auf-{key}" rows="3" required></textarea>'
                '<button class="btn btn-sm btn-outline-primary mt-1" type="submit">'
                "{send}</button></form></details>",
                reply=_("Antworten"),
                to_number=_("auf Nr. %(number)s") % {"number": c.number},
                your_reply=_("Ihre Antwort auf Nr. %(number)s") % {"number": c.number},
                send=_("Antwort senden"),
                key=c.key,
                action=self.create_url,
                csrf=self.csrf,
            )
        return format_html(
            "<li{}>{}{}{}</li>", self._item_attrs(c), self.comment(c), replies, reply_form
        )

    def _item_attrs(self, c):
        if c.key == self.focus_key:
            return format_html(' id="kommentar-{}" tabindex="-1" autofocus', c.key)
        return format_html(' id="kommentar-{}"', c.key)

    def comment(self, c):
        edited = (
            format_html(' · <span class="badge text-bg-light border">{}</span>', _("bearbeitet"))
            if c.edited_at
            else ""
        )
        organisation = format_html(" ({})", c.organisation) if c.organisation else ""
        head = format_html(
            '<p class="comment-head small mb-1" id="kopf-{key}"><a href="#kommentar-{key}" '
            'class="comment-number">{number}</a> · <strong>{author}</strong>{org} · '
            "{created}{edited}</p>",
            key=c.key,
            number=_("Nr. %(number)s") % {"number": c.number},
            author=c.author_name,
            org=organisation,
            created=c.created_label,
            edited=edited,
        )
        if c.withdrawn_at:
            body = format_html('<p class="fst-italic mb-1">{}</p>', _("zurückgezogen"))
        else:
            body = format_html('<div class="comment-text">{}</div>', render_markdown(c.text))
        return format_html(
            '<article class="comment{}" aria-labelledby="kopf-{}">{}{}{}{}</article>',
            " comment-withdrawn" if c.withdrawn_at else "",
            c.key,
            head,
            body,
            self.answer(c),
            "" if c.withdrawn_at else self.actions(c),
        )

    def answer(self, c):
        if not (c.disposition or c.answer):
            return ""
        badge = (
            format_html(
                ': <span class="badge status-badge status-{}">{}</span>',
                c.disposition,
                LABELS.get(c.disposition, c.disposition),
            )
            if c.disposition
            else ""
        )
        return format_html(
            '<div class="comment-answer"><p class="small mb-1"><strong>{}</strong>{}</p>{}</div>',
            _("Stabsstelle"),
            badge,
            render_markdown(c.answer),
        )

    def actions(self, c):
        parts = []
        if self.can_comment and c.author_id == self.viewer_id:
            parts.append(
                format_html(
                    '<div class="comment-actions d-flex gap-2 align-items-center">'
                    '<a class="btn btn-sm btn-link px-0" href="{base}{key}/bearbeiten/">{edit}'
                    '<span class="visually-hidden"> ({number})</span></a>'
                    '<form method="post" action="{base}{key}/zurueckziehen/" '
                    'data-confirm="{confirm}">{csrf}'
                    '<button class="btn btn-sm btn-link px-0" type="submit">{withdraw}'
                    '<span class="visually-hidden"> ({number})</span></button></form></div>',
                    base=self.comments_url,
                    key=c.key,
                    number=_("Nr. %(number)s") % {"number": c.number},
                    edit=_("Bearbeiten"),
                    confirm=_("Kommentar wirklich zurückziehen?"),
                    withdraw=_("Zurückziehen"),
                    csrf=self.csrf,
                )
            )
        if self.can_answer:
            options = _options(c.disposition if c.disposition in LABELS else "")
            parts.append(
                format_html(
                    '<details class="answer-form"><summary class="small">{summary}'
                    '<span class="visually-hidden"> ({number})</span></summary>'
                    '<form method="post" action="{base}{key}/antwort/">{csrf}'
                    '<input type="hidden" name="version" value="{version}">'
                    '<label class="form-label small" for="entscheidung-{key}">{decision}</label>'
                    '<select class="form-select form-select-sm" name="disposition" '
                    'id="entscheidung-{key}" required><option value="">{choose}</option>'
                    "{options}</select>"
                    '<label class="form-label small mt-1" for="antwort-{key}">'
                    "{answer_label}</label>"
                    '<textarea class="form-control form-control-sm" name="answer" '
                    'id="antwort-{key}" rows="3">{answer}</textarea>'
                    '<button class="btn btn-sm btn-primary mt-1" type="submit">{save}'
                    "</button></form></details>",
                    summary=_("Antwort ändern")
                    if c.disposition
                    else _("Antworten und entscheiden"),
                    number=_("Nr. %(number)s") % {"number": c.number},
                    decision=_("Entscheidung"),
                    choose=_("– bitte wählen –"),
                    answer_label=_("Antwort der Stabsstelle"),
                    save=_("Antwort speichern"),
                    base=self.comments_url,
                    key=c.key,
                    csrf=self.csrf,
                    options=options,
                    answer=c.answer,
                    version=version_of(c),
                )
            )
        return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html
