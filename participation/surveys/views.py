"""Online surveys: the Stabsstelle builds, sends and evaluates; respondents answer by link.

Staff pages need `concepts.edit_concept` (everyone else of the town: 403). The answer pages are
public: the personal link's signed token or the open link's key is the credential. They never
store an IP address or user agent; the open link is rate-limited per client in the cache only.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView, View

from concepts.models import Actor, FieldOfAction, Municipality
from concepts.scoping import StaffRequiredMixin
from integration_site import spreadsheets
from integration_site.background.pdfs import pdf_download
from integration_site.versions import VersionedEditMixin
from participation.models import (
    Answer,
    Question,
    Response,
    Survey,
    SurveyCitation,
    SurveyLink,
    SurveySection,
)
from participation.surveys import exports, services
from participation.surveys.answering import (
    HONEYPOT,
    SectionForm,
    Structure,
    hidden_question_ids,
    pages,
    visible_questions,
)
from participation.surveys.forms import (
    CitationForm,
    InviteForm,
    QuestionForm,
    SectionDeleteForm,
    SectionUpdateForm,
    SurveyForm,
    TagForm,
)
from participation.surveys.forms import SectionForm as SectionBuildForm
from participation.surveys.results import Filters, survey_results

# Open links: at most this many answer POSTs per client and hour (counted in the cache only).
OPEN_POSTS_PER_HOUR = 120
TEXT_PAGE_SIZE = 50


class SurveyMixin(StaffRequiredMixin):
    """Resolves `self.survey` among the town's surveys (404 otherwise)."""

    def load_objects(self):
        super().load_objects()
        self.survey = get_object_or_404(
            Survey.objects.for_municipality(self.municipality).select_related("edition__concept"),
            pk=self.kwargs["survey"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["survey"] = self.survey
        return context

    def to_survey(self, anchor=""):
        response = redirect(
            "participation:survey_detail", town=self.municipality.slug, survey=self.survey.pk
        )
        if anchor:
            response["Location"] += f"#{anchor}"
        return response


class SurveyListView(StaffRequiredMixin, TemplateView):
    template_name = "participation/surveys/survey_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["surveys"] = (
            Survey.objects.for_municipality(self.municipality)
            .select_related("edition")
            .annotate(submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        )
        return context


class SurveyCreateView(VersionedEditMixin, StaffRequiredMixin, FormView):
    template_name = "participation/form.html"
    form_class = SurveyForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality"] = self.municipality
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Neue Umfrage")
        return context

    def form_valid(self, form):
        source = form.cleaned_data.get("copy_from")
        if source is not None:
            survey = services.survey_copy(
                source=source,
                edition=form.cleaned_data["edition"],
                title=form.cleaned_data["title"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                user=self.request.user,
            )
        else:
            form.instance.created_by = self.request.user
            survey = form.save()
        messages.success(self.request, _("Die Umfrage ist angelegt."))
        return redirect(
            "participation:survey_detail", town=self.municipality.slug, survey=survey.pk
        )


class SurveyUpdateView(VersionedEditMixin, SurveyMixin, FormView):
    template_name = "participation/form.html"
    form_class = SurveyForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(municipality=self.municipality, instance=self.survey)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Umfrage bearbeiten")
        return context

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Die Umfrage ist gespeichert."))
        return self.to_survey()


class SurveyDetailView(SurveyMixin, TemplateView):
    """The build page: sections and questions, links, state and the actions."""

    template_name = "participation/surveys/survey_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        structure = Structure.load(self.survey)
        context["sections"] = [(s, structure.questions[s.pk]) for s in structure.sections]
        context["section_form"] = SectionBuildForm()
        context["links"] = self.survey.links.select_related("actor", "contact_person")
        context["invite_form"] = InviteForm(survey=self.survey)
        context["submitted"] = self.survey.responses.submitted().count()
        context["open_url"] = services.open_url(self.survey)
        context["running"] = self.survey.accepts_answers()
        return context


@method_decorator(require_POST, name="dispatch")
class SectionCreateView(SurveyMixin, View):
    def post(self, request, *args, **kwargs):
        form = SectionBuildForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Bitte eine Überschrift für den Abschnitt eingeben."))
            return self.to_survey()
        services.section_add(survey=self.survey, **form.cleaned_data)
        messages.success(request, _("Der Abschnitt ist angelegt."))
        return self.to_survey("aufbau")


class SectionMixin(SurveyMixin):
    """Resolves `self.section` among the survey's sections (404 otherwise)."""

    def load_objects(self):
        super().load_objects()
        self.section = get_object_or_404(
            SurveySection.objects.filter(survey=self.survey), pk=self.kwargs["section"]
        )


class SectionUpdateView(VersionedEditMixin, SectionMixin, FormView):
    template_name = "participation/form.html"
    form_class = SectionUpdateForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.section
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Abschnitt bearbeiten")
        context["back_url"] = self.to_survey()["Location"]
        return context

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Der Abschnitt ist gespeichert."))
        return self.to_survey(f"abschnitt-{self.section.pk}")


@method_decorator(require_POST, name="dispatch")
class SectionMoveView(SectionMixin, View):
    """Up or down by one page: a plain form button, so the keyboard and no JavaScript do."""

    def post(self, request, *args, **kwargs):
        direction = {"oben": "up", "unten": "down"}.get(request.POST.get("richtung", ""), "")
        try:
            services.section_move(section=self.section, direction=direction)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Der Abschnitt „%(title)s“ ist verschoben.") % {"title": self.section}
            )
        return self.to_survey(f"abschnitt-{self.section.pk}")


class SectionDeleteView(SectionMixin, FormView):
    """Asks first: what happens to the page's questions (moved by default, see the form)."""

    template_name = "participation/surveys/section_delete.html"
    form_class = SectionDeleteForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["section"] = self.section
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = list(self.section.questions.order_by("position", "pk"))
        context.update(
            section=self.section,
            questions=questions,
            answered=Answer.objects.filter(question__section=self.section).exists(),
            back_url=self.to_survey(f"abschnitt-{self.section.pk}")["Location"],
        )
        return context

    def form_valid(self, form):
        move_to = form.cleaned_data["move_to"]
        count = self.section.questions.count()
        try:
            services.section_delete(section=self.section, move_to=move_to)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if move_to is not None and count:
            message = ngettext(
                "Der Abschnitt „%(title)s“ ist gelöscht; seine Frage steht jetzt am Ende von "
                "„%(target)s“.",
                "Der Abschnitt „%(title)s“ ist gelöscht; seine %(count)d Fragen stehen jetzt am "
                "Ende von „%(target)s“.",
                count,
            ) % {"title": self.section.title, "count": count, "target": move_to.title}
        else:
            message = _("Der Abschnitt „%(title)s“ ist gelöscht.") % {"title": self.section.title}
        messages.success(self.request, message)
        return self.to_survey("aufbau")


class QuestionCreateView(VersionedEditMixin, SurveyMixin, FormView):
    template_name = "participation/form.html"
    form_class = QuestionForm
    question = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["survey"] = self.survey
        if self.question is not None:
            kwargs["instance"] = self.question
        return kwargs

    def get_initial(self):
        # Only a new question takes its section from the link; an edit keeps the saved one.
        section = self.request.GET.get("abschnitt")
        return {"section": section} if self.question is None and section else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Frage bearbeiten") if self.question else _("Neue Frage")
        context["back_url"] = self.to_survey()["Location"]
        return context

    def form_valid(self, form):
        question = form.save(commit=False)
        if question.pk is None:
            question.position = services.next_question_position(question.section)
        question.save()
        messages.success(self.request, _("Die Frage ist gespeichert."))
        return self.to_survey(f"frage-{question.pk}")


class QuestionUpdateView(QuestionCreateView):
    def load_objects(self):
        super().load_objects()
        self.question = get_object_or_404(
            Question.objects.filter(section__survey=self.survey), pk=self.kwargs["question"]
        )


@method_decorator(require_POST, name="dispatch")
class QuestionDeleteView(SurveyMixin, View):
    def post(self, request, *args, **kwargs):
        question = get_object_or_404(
            Question.objects.filter(section__survey=self.survey), pk=self.kwargs["question"]
        )
        if question.answers.exists():
            messages.error(request, _("Die Frage hat schon Antworten und bleibt."))
        else:
            question.delete()
            messages.success(request, _("Die Frage ist gelöscht."))
        return self.to_survey("aufbau")


@method_decorator(require_POST, name="dispatch")
class SurveyInviteView(SurveyMixin, View):
    def post(self, request, *args, **kwargs):
        form = InviteForm(request.POST, survey=self.survey)
        if not form.is_valid():
            for error in form.errors.get("contact_persons", []):
                messages.error(request, error)
            return self.to_survey("links")
        try:
            links = services.survey_invite(
                survey=self.survey,
                contact_persons=form.cleaned_data["contact_persons"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.to_survey("links")
        messages.success(
            request, _("%(count)d Einladungen sind verschickt.") % {"count": len(links)}
        )
        return self.to_survey("links")


@method_decorator(require_POST, name="dispatch")
class SurveyRemindView(SurveyMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            count = services.survey_remind(survey=self.survey)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(count)d Erinnerungen sind verschickt.") % {"count": count}
            )
        return self.to_survey("links")


@method_decorator(require_POST, name="dispatch")
class SurveyCloseView(SurveyMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.survey_close(survey=self.survey)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Die Umfrage ist geschlossen."))
        return self.to_survey()


def _filters(request, survey) -> Filters:
    kind = request.GET.get("art", "")
    field = request.GET.get("handlungsfeld", "")
    return Filters(
        actor_kind=kind if kind in dict(Actor.Kind.choices) else "",
        field_of_action=int(field) if field.isdigit() else None,
    )


class SurveyResultsView(SurveyMixin, TemplateView):
    template_name = "participation/surveys/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = _filters(self.request, self.survey)
        total, results = survey_results(self.survey, filters)
        fields = list(FieldOfAction.objects.filter(edition_id=self.survey.edition_id))
        cited: dict[int, list] = {}
        for citation in SurveyCitation.objects.filter(
            question__section__survey=self.survey
        ).select_related("field_of_action"):
            cited.setdefault(citation.question_id, []).append(citation)
        for result in results:
            result.citations = cited.get(result.question.pk, [])
        context.update(
            total=total,
            results=results,
            filters=filters,
            actor_kinds=Actor.Kind.choices,
            fields=fields,
            citation_form=CitationForm(survey=self.survey),
        )
        return context


class SurveyTextsView(SurveyMixin, TemplateView):
    """Free-text answers: listed, searchable, and tagged to fields of action by staff."""

    template_name = "participation/surveys/texts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        answers = (
            Answer.objects.filter(
                response__survey=self.survey,
                response__submitted_at__isnull=False,
                question__kind__in=Question.TEXT_KINDS,
            )
            .select_related("question", "response")
            .prefetch_related("tags")
            .order_by("question__section__position", "question__position", "pk")
        )
        filters = _filters(self.request, self.survey)
        if filters.actor_kind:
            answers = answers.filter(response__actor_kind=filters.actor_kind)
        if filters.field_of_action:
            answers = answers.filter(tags=filters.field_of_action)
        if query:
            answers = answers.filter(value__icontains=query)
        fields = list(FieldOfAction.objects.filter(edition_id=self.survey.edition_id))
        context.update(
            answers=answers[:TEXT_PAGE_SIZE],
            answer_count=answers.count(),
            query=query,
            fields=fields,
            filters=filters,
            actor_kinds=Actor.Kind.choices,
        )
        return context


@method_decorator(require_POST, name="dispatch")
class AnswerTagView(SurveyMixin, View):
    def post(self, request, *args, **kwargs):
        answer = get_object_or_404(
            Answer.objects.filter(response__survey=self.survey).select_related(
                "question__section__survey"
            ),
            pk=self.kwargs["answer"],
        )
        form = TagForm(request.POST, survey=self.survey)
        if form.is_valid():
            services.answer_tag(answer=answer, fields_of_action=form.cleaned_data["tags"])
            messages.success(request, _("Die Zuordnung ist gespeichert."))
        else:
            messages.error(request, _("Bitte nur Handlungsfelder der Fassung der Umfrage wählen."))
        response = redirect(
            "participation:survey_texts", town=self.municipality.slug, survey=self.survey.pk
        )
        response["Location"] += f"#antwort-{answer.pk}"
        return response


@method_decorator(require_POST, name="dispatch")
class CitationCreateView(SurveyMixin, View):
    def post(self, request, *args, **kwargs):
        question = get_object_or_404(
            Question.objects.filter(section__survey=self.survey).select_related("section__survey"),
            pk=self.kwargs["question"],
        )
        form = CitationForm(request.POST, survey=self.survey)
        if not form.is_valid():
            messages.error(request, _("Bitte ein Handlungsfeld der Fassung der Umfrage wählen."))
        else:
            try:
                services.citation_create(question=question, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Das Ergebnis steht jetzt im Konzept unter dem Handlungsfeld „%(field)s“.")
                    % {"field": form.cleaned_data["field_of_action"].title},
                )
        response = redirect(
            "participation:survey_results", town=self.municipality.slug, survey=self.survey.pk
        )
        response["Location"] += f"#frage-{question.pk}"
        return response


@method_decorator(require_POST, name="dispatch")
class CitationDeleteView(SurveyMixin, View):
    """Takes a cited result out of the concept; back to the field's page or the results."""

    def post(self, request, *args, **kwargs):
        citation = get_object_or_404(
            SurveyCitation.objects.filter(question__section__survey=self.survey).select_related(
                "field_of_action__edition", "question"
            ),
            pk=self.kwargs["citation"],
        )
        field = citation.field_of_action
        try:
            services.citation_delete(citation=citation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Das Ergebnis steht nicht mehr im Konzept unter dem Handlungsfeld „%(field)s“.")
                % {"field": field.title},
            )
        if request.POST.get("weiter") == "feld":
            response = redirect(
                "concepts:field_detail", self.municipality.slug, field.edition_id, field.pk
            )
            response["Location"] += "#ausgangslage"
            return response
        response = redirect(
            "participation:survey_results", town=self.municipality.slug, survey=self.survey.pk
        )
        response["Location"] += f"#frage-{citation.question_id}"
        return response


class SurveyExportView(SurveyMixin, View):
    def get(self, request, *args, **kwargs):
        name = exports.filename(self.survey)
        what = self.kwargs["fmt"]
        if what == "csv":
            return spreadsheets.download(
                exports.raw_csv(self.survey), kind="csv", filename=f"{name}-antworten.csv"
            )
        if what == "xlsx":
            return spreadsheets.download(
                exports.raw_xlsx(self.survey), kind="xlsx", filename=f"{name}-antworten.xlsx"
            )
        return spreadsheets.download(
            exports.summary_xlsx(self.survey), kind="xlsx", filename=f"{name}-zusammenfassung.xlsx"
        )


class SurveyPdfView(SurveyMixin, View):
    """Served from storage; rendered by the worker (integration_site/background/pdfs.py)."""

    def get(self, request, *args, **kwargs):
        return pdf_download(
            request,
            exports.RESULTS_PDF.name,
            {"survey": self.survey.pk},
            filename=f"{exports.filename(self.survey)}-ergebnisse.pdf",
            municipality=self.municipality,
        )


# Answering ----------------------------------------------------------------------------------


class AnswerPageMixin:
    """One page of the survey for a respondent (or staff's preview).

    Page 0 is the data-protection notice; pages 1…n are the sections that show a question with
    the answers given so far. "Weiter" checks and saves the page, "Zurück" saves what is valid
    without insisting on required answers, "Absenden" on the last page submits.
    """

    template_name = "participation/surveys/answer.html"
    preview = False

    def page_context(self, structure, values, number, form=None, **extra):
        # The preview shows every question, also those a condition may hide.
        visible_pages = (
            [s for s in structure.sections if structure.questions[s.pk]]
            if self.preview
            else pages(structure, values)
        )
        context = {
            "municipality": self.municipality,
            "survey": structure.survey,
            "page_number": number,
            "page_count": len(visible_pages),
            "preview": self.preview,
            "honeypot": HONEYPOT,
            **extra,
        }
        if 1 <= number <= len(visible_pages):
            section = visible_pages[number - 1]
            if form is None:
                shown = (
                    structure.questions[section.pk]
                    if self.preview
                    else visible_questions(structure, section, values)
                )
                form = SectionForm(
                    questions=shown,
                    ranking_items=structure.ranking_items,
                    values=values,
                )
            context.update(section=section, form=form, is_last=number == len(visible_pages))
        return context


def _page_number(request) -> int:
    raw = request.GET.get("seite") or request.POST.get("seite") or "0"
    return int(raw) if raw.isdigit() else 0


def _client_key(request, survey) -> str:
    """A key per client for the rate limit: a hash, kept in the cache for an hour, never saved."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"survey-posts:{survey.pk}:{digest}"


def _over_limit(request, survey) -> bool:
    key = _client_key(request, survey)
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        return False
    return count > OPEN_POSTS_PER_HOUR


class AnswerView(AnswerPageMixin, View):
    """The page behind a personal link (`token`) or the open link (`key`); no login."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.municipality = get_object_or_404(Municipality, slug=kwargs["town"])
        request.municipality = self.municipality
        self.link = None
        self.survey = None
        if "token" in kwargs:
            self.link = SurveyLink.from_token(kwargs["token"], municipality=self.municipality)
            self.survey = self.link.survey if self.link else None
        else:
            self.survey = Survey.objects.filter(
                municipality=self.municipality,
                open_key=kwargs["key"],
                audience=Survey.Audience.OPEN,
            ).first()

    def refuse(self, reason, status):
        return render(
            self.request,
            "participation/surveys/answer_closed.html",
            {"municipality": self.municipality, "survey": self.survey, "reason": reason},
            status=status,
        )

    def dispatch(self, request, *args, **kwargs):
        if self.survey is None:
            return self.refuse("invalid", 404)
        if not self.survey.accepts_answers():
            return self.refuse("closed", 410)
        return super().dispatch(request, *args, **kwargs)

    # The response of this respondent: personal link → its response; open link → the session's.
    def session_key(self):
        return f"survey-response-{self.survey.pk}"

    def current_response(self):
        if self.link is not None:
            return Response.objects.filter(link=self.link).first()
        pk = self.request.session.get(self.session_key())
        if pk is None:
            return None
        return Response.objects.filter(pk=pk, survey=self.survey, submitted_at__isnull=True).first()

    def saved_values(self, response):
        if response is None:
            return {}
        return dict(response.answers.values_list("question_id", "value"))

    def get(self, request, *args, **kwargs):
        structure = Structure.load(self.survey)
        response = self.current_response()
        if self.link is not None and self.link.answered and response is None:
            return self.refuse("anonymous_done", 200)
        if request.GET.get("fertig"):
            return render(
                request,
                "participation/surveys/answer_done.html",
                {"municipality": self.municipality, "survey": self.survey, "link": self.link},
            )
        values = self.saved_values(response)
        number = _page_number(request) if response is not None else 0
        context = self.page_context(structure, values, number, response=response)
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        if self.link is None and _over_limit(request, self.survey):
            return self.refuse("rate", 429)
        if request.POST.get(HONEYPOT):
            # Looks like success, saves nothing.
            return redirect(request.path + "?fertig=1")
        response = self.current_response()
        structure = Structure.load(self.survey)
        number = _page_number(request)
        if response is None:
            if self.link is not None and self.link.answered:
                return self.refuse("anonymous_done", 200)
            try:
                response = services.response_start(survey=self.survey, link=self.link)
            except ValidationError:
                return self.refuse("closed", 410)
            if self.link is None:
                request.session[self.session_key()] = response.pk
            return redirect(request.path + "?seite=1")
        values = self.saved_values(response)
        visible_pages = pages(structure, values)
        if not 1 <= number <= len(visible_pages):
            return redirect(request.path + "?seite=1")
        section = visible_pages[number - 1]
        going_back = "zurueck" in request.POST
        form = SectionForm(
            request.POST,
            questions=visible_questions(structure, section, values),
            ranking_items=structure.ranking_items,
        )
        if going_back:
            for name in form.fields:
                form.fields[name].required = False
        if not form.is_valid():
            if going_back:
                return redirect(f"{request.path}?seite={number - 1}")
            context = self.page_context(structure, values, number, form=form, response=response)
            return render(request, self.template_name, context, status=200)
        try:
            services.response_save_section(response=response, section=section, values=form.values())
        except ValidationError:
            return self.refuse("closed", 410)
        if going_back:
            return redirect(f"{request.path}?seite={number - 1}")
        values = self.saved_values(response)
        visible_pages = pages(structure, values)
        if "absenden" in request.POST and number >= len(visible_pages):
            services.response_submit(
                response=response, hidden_question_ids=hidden_question_ids(structure, values)
            )
            request.session.pop(self.session_key(), None)
            return redirect(request.path + "?fertig=1")
        return redirect(f"{request.path}?seite={min(number + 1, len(visible_pages))}")


class SurveyPreviewView(AnswerPageMixin, SurveyMixin, TemplateView):
    """Exactly the respondents' page, with nothing saved: "Weiter" only moves on."""

    preview = True

    def get_context_data(self, **kwargs):
        structure = Structure.load(self.survey)
        context = self.page_context(structure, {}, _page_number(self.request))
        context["role"] = self.role
        return context
