"""Fortschreibung (copy), the comparison of two editions, and the Bewertung of the predecessor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from concepts.exchange import matching
from concepts.forms.editions import (
    CompareForm,
    EditionCopyForm,
    GoalAssessmentForm,
    PredecessorMatchForm,
)
from concepts.models import Edition
from concepts.scoping import EditionMixin
from concepts.services.assessments import assessment_rows, assessment_summary
from concepts.services.compare import compare_editions
from concepts.services.editions import COPYABLE_STATUSES, edition_copy, goal_assessments_save
from integration_site.refusals import refusal_to_form, refusal_to_messages
from integration_site.versions import VersionedEditMixin


class EditionCopyView(EditionMixin, FormView):
    permission_required = "concepts.edit_concept"
    form_class = EditionCopyForm
    template_name = "concepts/edition_copy.html"

    def get_initial(self):
        # The year the Fortschreibung is written in, not the year after an old predecessor's.
        return {"year": max(timezone.localdate().year, self.edition.year + 1)}

    def open_drafts(self):
        return Edition.objects.filter(
            concept_id=self.edition.concept_id,
            status__in=[Edition.Status.DRAFT, Edition.Status.IN_CONSULTATION],
        ).order_by("-year", "-pk")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "open_drafts": self.open_drafts()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["copyable"] = self.edition.status in COPYABLE_STATUSES
        context["open_drafts"] = context["form"].open_drafts
        return context

    def form_valid(self, form):
        try:
            target = edition_copy(
                source=self.edition,
                user=self.request.user,
                title=form.cleaned_data["title"],
                year=form.cleaned_data["year"],
            )
        except ValidationError as error:
            refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("„%(title)s“ ist als Entwurf angelegt; alle Inhalte wurden übernommen.")
            % {"title": target.title},
        )
        return redirect("concepts:edition_detail", town=self.municipality.slug, edition=target.pk)


class EditionCompareView(EditionMixin, TemplateView):
    """This edition ("nachher") against another edition of the concept ("vorher")."""

    template_name = "concepts/edition_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        others = Edition.objects.filter(concept_id=self.edition.concept_id).exclude(
            pk=self.edition.pk
        )
        data = self.request.GET if "mit" in self.request.GET else None
        initial = {"mit": self.edition.based_on_id} if self.edition.based_on_id else {}
        form = CompareForm(data, initial=initial, editions=others)
        other = None
        if data is not None and form.is_valid():
            other = form.cleaned_data["mit"]
        elif data is None and self.edition.based_on_id:
            other = others.filter(pk=self.edition.based_on_id).first()
        context.update(form=form, other=other, has_others=others.exists())
        if other is not None:
            context["results"] = compare_editions(other, self.edition)
            context["total_changes"] = sum(
                len(r.added) + len(r.removed) + len(r.changed) for r in context["results"]
            )
        return context


class AssessmentView(EditionMixin, TemplateView):
    """Bewertung der vorherigen Fassung, read like a chapter of the new edition."""

    template_name = "concepts/assessment.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = assessment_rows(self.edition)
        context.update(
            rows=rows,
            summary=assessment_summary(rows),
            predecessor=self.edition.based_on,
            can_grade=self.can_edit and not self.edition.is_locked and self.edition.based_on_id,
        )
        return context


class AssessmentEditView(VersionedEditMixin, EditionMixin, TemplateView):
    permission_required = "concepts.edit_concept"
    template_name = "concepts/assessment_edit.html"

    def get_forms(self, data=None):
        rows = assessment_rows(self.edition, include_ungraded=True)
        return [
            (
                row,
                GoalAssessmentForm(
                    data,
                    prefix=row.prefix,
                    initial={"grade": row.grade, "text": row.text},
                    versioned=row.assessment,
                ),
            )
            for row in rows
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("pairs", self.get_forms())
        context["predecessor"] = self.edition.based_on
        return context

    def post(self, request, *args, **kwargs):
        pairs = self.get_forms(request.POST)
        if all(form.is_valid() for _row, form in pairs):
            grades = {
                row.goal: (form.cleaned_data["grade"], form.cleaned_data["text"].strip())
                for row, form in pairs
            }
            try:
                goal_assessments_save(edition=self.edition, grades=grades, user=request.user)
            except ValidationError as error:
                refusal_to_messages(request, error)
                return self.render_to_response(self.get_context_data(pairs=pairs))
            messages.success(request, _("Die Bewertungen sind gespeichert."))
            return redirect(
                "concepts:assessment", town=self.municipality.slug, edition=self.edition.pk
            )
        messages.error(request, _("Bitte die markierten Angaben prüfen."))
        return self.render_to_response(self.get_context_data(pairs=pairs))


class PredecessorMatchView(EditionMixin, TemplateView):
    """Zuordnung zur Vorfassung: which field, goal and measure of the predecessor each element
    of this edition continues. Proposed by text similarity and number for an edition read from
    an exchange file (concepts/exchange/matching.py); confirmed, the pairs are the same
    `CopyLink`s a Fortschreibung in the app writes, so the comparison and the Bewertung work.
    The page shows the links the edition has, or – before any, or with ?vorschlaege=1 – the
    proposals."""

    permission_required = "concepts.edit_concept"
    template_name = "concepts/predecessor_match.html"

    def get_form(self, data=None):
        predecessor = self.edition.based_on_id
        if predecessor is None:
            return None, {}
        groups = matching.edition_items(self.edition)
        proposed = matching.proposals(self.edition, items=groups)
        current = matching.current_links(self.edition)
        confirmed = any(current.values()) and "vorschlaege" not in self.request.GET
        initial = {}
        for group in groups:
            key = group.kind.key
            for item in group.new:
                if confirmed:
                    old = current[key].get(item.pk)
                else:
                    old = proposed[key][item.pk][0].pk if item.pk in proposed[key] else None
                initial[f"{key}-{item.pk}"] = str(old) if old else ""
        if confirmed:
            field_pairs = current["hf"]
        else:
            field_pairs = {new: old.pk for new, (old, _score) in proposed["hf"].items()}
        form = PredecessorMatchForm(data, groups=groups, initial=initial, field_pairs=field_pairs)
        return form, {"proposed": proposed, "confirmed": confirmed}

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        extra = {}
        if form is None:
            form, extra = self.get_form()
        else:
            extra = self.extra
        context.update(form=form, predecessor=self.edition.based_on, **extra)
        if form is not None:
            proposed = extra["proposed"]
            sections = []
            for group in form.groups:
                rows = []
                for kind, item, name in form.rows:
                    if kind is not group.kind:
                        continue
                    proposal = proposed[kind.key].get(item.pk)
                    if form.is_bound and form.errors.get(name):
                        form.fields[name].widget.attrs.update(
                            {
                                "class": "form-select form-select-sm is-invalid",
                                "aria-invalid": "true",
                                "aria-describedby": f"{form[name].auto_id}-fehler",
                            }
                        )
                    rows.append({"item": item, "field": form[name], "proposal": proposal})
                sections.append({"kind": group.kind, "rows": rows, "old_count": len(group.old)})
            context["sections"] = sections
        return context

    def post(self, request, *args, **kwargs):
        form, self.extra = self.get_form(request.POST)
        if form is None:
            return redirect(
                "concepts:predecessor_match", town=self.municipality.slug, edition=self.edition.pk
            )
        if form.is_valid():
            try:
                count = matching.link(self.edition, form.pairs())
            except ValidationError as error:
                refusal_to_messages(request, error)
                return self.render_to_response(self.get_context_data(form=form))
            messages.success(
                request,
                _(
                    "Die Zuordnung zur Vorfassung ist gespeichert (%(count)s Paare). Der "
                    "Vergleich zeigt jetzt, was sich geändert hat."
                )
                % {"count": count},
            )
            return redirect(
                "concepts:edition_compare", town=self.municipality.slug, edition=self.edition.pk
            )
        messages.error(request, _("Bitte die markierten Angaben prüfen."))
        return self.render_to_response(self.get_context_data(form=form))
