"""The Word import in the browser: upload → preview with corrections → import (Stabsstelle).

The upload is read once; its lines and the corrections stay in the session (one pending Word
import per town and session) until the import or a new upload. Nothing is written to the
concept until "Importieren"; then the same exchange import as for JSON files runs.
Every correction is a plain form (POST and redirect back to the page and line); with htmx the
page's workspace (lines of this page + tree) is replaced in place and the live region says
what changed.
"""

from __future__ import annotations

import json
import math

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from concepts.scoping import EditionMixin, StaffRequiredMixin
from concepts.word import WordProblem
from concepts.word.document import exchange_document, outline
from concepts.word.export import (
    DOCX_CONTENT_TYPE,
    concept_docx,
    has_word_template,
    remove_word_template,
    save_word_template,
)
from concepts.word.forms import (
    LineEditForm,
    LineRoleForm,
    TitlesForm,
    WordTemplateForm,
    WordUploadForm,
)
from concepts.word.reader import WordDocument, read_docx
from concepts.word.roles import ROLES, Rules, apply_edits, pattern_of, propose
from integration_site.background.imports import job_url, start_import
from integration_site.rendering.htmx import PartialMixin, announce, is_htmx

PAGE_SIZE = 100


def _session_key(municipality) -> str:
    return f"word-import:{municipality.slug}"


class WordUploadView(StaffRequiredMixin, FormView):
    form_class = WordUploadForm
    template_name = "concepts/word/upload.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        # the message stands at the field it is about (announced with it by a screen reader)
        try:
            document = read_docx(upload.read())
        except WordProblem as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        try:
            rules = (
                Rules.loads(form.cleaned_data["rules"].read())
                if form.cleaned_data["rules"]
                else Rules()
            )
        except WordProblem as error:
            form.add_error("rules", str(error))
            return self.form_invalid(form)
        title = document.title or upload.name.rsplit(".", 1)[0]
        self.request.session[_session_key(self.municipality)] = {
            "user": self.request.user.pk,
            "filename": upload.name,
            "document": document.as_dict(),
            "rules": rules.as_dict(),
            "titles": {"concept_title": title[:250], "edition_title": "", "year": None},
        }
        return redirect("concepts:word_preview", town=self.municipality.slug)


class WordPreviewView(StaffRequiredMixin, PartialMixin, TemplateView):
    """The document's lines (paged) beside the tree they give; corrections; the import."""

    template_name = "concepts/word/preview.html"
    htmx_partial = "workspace"

    def load_objects(self):
        super().load_objects()
        stored = self.request.session.get(_session_key(self.municipality))
        if stored and stored.get("user") != self.request.user.pk:
            stored = None
        self.stored = stored

    def get(self, request, *args, **kwargs):
        if self.stored is None:
            messages.info(request, _("Bitte zuerst eine Word-Datei hochladen."))
            return redirect("concepts:word_upload", town=self.municipality.slug)
        return super().get(request, *args, **kwargs)

    # -- state ---------------------------------------------------------------------------------

    def state(self):
        document = WordDocument.from_dict(self.stored["document"])
        rules = Rules.from_dict(self.stored["rules"])
        lines = apply_edits(document.lines, rules)
        roles = propose(lines, rules)
        return document, rules, lines, roles

    def save_rules(self, rules: Rules):
        self.stored["rules"] = rules.as_dict()
        self.request.session[_session_key(self.municipality)] = self.stored

    def page_number(self, lines_count: int) -> int:
        pages = max(1, math.ceil(lines_count / PAGE_SIZE))
        try:
            page = int(self.request.GET.get("seite") or self.request.POST.get("seite") or 1)
        except ValueError:
            page = 1
        return min(max(page, 1), pages)

    def get_context_data(self, problems=None, titles_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        document, rules, lines, roles = self.state()
        titles = self.stored["titles"]
        built = exchange_document(lines, roles, **titles, doc_title=document.title)
        page = self.page_number(len(lines))
        pages = max(1, math.ceil(len(lines) / PAGE_SIZE))
        start = (page - 1) * PAGE_SIZE
        rows = []
        for line, role in list(zip(lines, roles, strict=True))[start : start + PAGE_SIZE]:
            rows.append(
                {
                    "line": line,
                    "role": role,
                    "role_label": ROLES[role],
                    "pattern": pattern_of(line),
                    "corrected": line.id in rules.lines,
                }
            )
        if titles_form is None:
            titles_form = TitlesForm(
                initial={
                    "concept_title": built.data["concept"]["title"],
                    "edition_title": built.data["edition"]["title"],
                    "year": built.data["edition"]["year"],
                }
            )
        context.update(
            filename=self.stored["filename"],
            notes=document.notes,
            rows=rows,
            roles=list(ROLES.items()),
            scopes=LineRoleForm.SCOPES,
            tree=outline(built.data),
            build_problems=built.problems,
            problems=problems,
            page=page,
            pages=pages,
            page_range=range(1, pages + 1),
            lines_count=len(lines),
            rules=rules,
            corrections=len(rules.lines)
            + len(rules.styles)
            + len(rules.patterns)
            + len(rules.merges)
            + len(rules.splits),
            titles_form=titles_form,
        )
        return context

    # -- corrections and the import --------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        if self.stored is None:
            return redirect("concepts:word_upload", town=self.municipality.slug)
        action = request.POST.get("action")
        if action == "import":
            return self.import_()
        if action == "discard":
            del request.session[_session_key(self.municipality)]
            messages.info(request, _("Der Word-Import wurde verworfen; nichts wurde gespeichert."))
            return redirect("concepts:edition_list", town=self.municipality.slug)
        document, rules, lines, _roles = self.state()
        by_id = {line.id: line for line in lines}
        said = ""
        if action == "role":
            form = LineRoleForm(request.POST)
            if form.is_valid() and form.cleaned_data["line"] in by_id:
                line = by_id[form.cleaned_data["line"]]
                role, scope = form.cleaned_data["role"], form.cleaned_data["scope"]
                pattern = pattern_of(line)
                if scope == "style" and line.style:
                    rules.styles[line.style] = role
                    rules.lines = {
                        k: v
                        for k, v in rules.lines.items()
                        if by_id.get(k) is None or by_id[k].style != line.style
                    }
                    said = _("Alle Zeilen der Formatvorlage „%(style)s“: %(role)s.")
                    said %= {"style": line.style, "role": ROLES[role]}
                elif scope == "pattern" and pattern:
                    rules.patterns[pattern] = role
                    said = _("Alle Zeilen mit dem Muster „%(pattern)s“: %(role)s.")
                    said %= {"pattern": pattern, "role": ROLES[role]}
                else:
                    rules.lines[line.id] = role
                    said = _("Zeile %(n)s: %(role)s.") % {"n": line.id + 1, "role": ROLES[role]}
        elif action in ("merge", "split"):
            form = LineEditForm(request.POST)
            if form.is_valid() and form.cleaned_data["line"] in by_id:
                line = by_id[form.cleaned_data["line"]]
                if action == "merge":
                    rules.merges.append(line.id)
                    said = _("Zeile %(n)s ist mit der nächsten verbunden.") % {"n": line.id + 1}
                elif form.cleaned_data["at"] and form.cleaned_data["at"] in line.text[1:]:
                    rules.splits[line.id] = form.cleaned_data["at"]
                    said = _("Zeile %(n)s ist geteilt.") % {"n": line.id + 1}
        elif action == "reset":
            rules = Rules()
            said = _("Alle Korrekturen sind zurückgenommen.")
        if said:
            self.save_rules(rules)
        else:
            said = _("Nichts geändert: die Angabe passt zu keiner Zeile.")
        if is_htmx(request):
            return announce(self.get(request, *args, **kwargs), said)
        messages.info(request, said)
        url = reverse("concepts:word_preview", kwargs={"town": self.municipality.slug})
        page = self.page_number(len(lines))
        anchor = f"#zeile-{request.POST.get('line')}" if request.POST.get("line") else ""
        return redirect(f"{url}?seite={page}{anchor}")

    def import_(self):
        form = TitlesForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(titles_form=form))
        self.stored["titles"] = {
            "concept_title": form.cleaned_data["concept_title"],
            "edition_title": form.cleaned_data["edition_title"],
            "year": form.cleaned_data["year"],
        }
        self.request.session[_session_key(self.municipality)] = self.stored
        document, _rules, lines, roles = self.state()
        # The problems the preview already shows stop the import here; the import itself (the
        # exchange import of the built document) runs in the worker (concepts/word/background).
        built = exchange_document(lines, roles, **self.stored["titles"], doc_title=document.title)
        if built.problems:
            return self.render_to_response(
                self.get_context_data(problems=built.problems, titles_form=form)
            )
        job = start_import(
            "word",
            municipality=self.municipality,
            user=self.request.user,
            filename=self.stored["filename"],
            data=json.dumps(
                {key: self.stored[key] for key in ("document", "rules", "titles")}
            ).encode(),
        )
        del self.request.session[_session_key(self.municipality)]
        return redirect(job_url(job))


class WordRulesView(StaffRequiredMixin, TemplateView):
    """The corrections of the pending preview as a rules file, for the next document."""

    def get(self, request, *args, **kwargs):
        stored = request.session.get(_session_key(self.municipality))
        if not stored or stored.get("user") != request.user.pk:
            return redirect("concepts:word_upload", town=self.municipality.slug)
        rules = Rules.from_dict(stored["rules"])
        response = HttpResponse(rules.dumps(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="word-import-regeln.json"'
        return response


class EditionDocxView(EditionMixin, View):
    """The concept of one edition as a Word document; any role of the town reads it."""

    def get(self, request, *args, **kwargs):
        edition = self.edition
        response = HttpResponse(concept_docx(edition), content_type=DOCX_CONTENT_TYPE)
        town = self.municipality.slug
        filename = f"integrationskonzept-{town}-{edition.year}-{edition.pk}.docx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class WordTemplateView(StaffRequiredMixin, FormView):
    """The town's own Word template for the .docx downloads (concept and Beschlussvorlage)."""

    form_class = WordTemplateForm
    template_name = "concepts/word/template.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_template"] = has_word_template(self.municipality)
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "remove":
            remove_word_template(self.municipality)
            messages.success(request, _("Die eigene Word-Vorlage ist entfernt."))
            return redirect("concepts:word_template", town=self.municipality.slug)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            save_word_template(self.municipality, form.cleaned_data["template"].read())
        except WordProblem as error:
            form.add_error("template", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Die Word-Vorlage ist gespeichert."))
        return redirect("concepts:word_template", town=self.municipality.slug)
