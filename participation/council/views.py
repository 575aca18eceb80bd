"""Views of the council path (/<town>/gremien/…): bodies, meetings, Vorlagen, their PDFs.

Every role of the town reads; the Stabsstelle edits. Writes go through services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView, View

from concepts.scoping import MunicipalityMixin, StaffRequiredMixin
from concepts.word.export import DOCX_CONTENT_TYPE
from integration_site.background.pdfs import pdf_download
from integration_site.downloads import file_download, file_name_part
from integration_site.refusals import refusal_to_form, refusal_to_messages
from integration_site.versions import VersionedEditMixin
from participation.council import pdf as council_pdf
from participation.council import services
from participation.council.forms import (
    AmendmentForm,
    CommitteeForm,
    CommitteeMeetingForm,
    CommitteeMembershipForm,
    ConsultationForm,
    ConsultationResultForm,
    PaperAttachmentForm,
    PaperForm,
    PaperNumberingForm,
    RevertAdoptionForm,
)
from participation.council.status import decision_diff, paper_state, papers_with_path
from participation.council.word import paper_docx
from participation.models import (
    Amendment,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    Paper,
    PaperAttachment,
    PaperNumbering,
)


class CouncilMixin:
    area = "council"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area"] = self.area
        return context

    def url(self, name, *args):
        return reverse(f"council:{name}", args=[self.municipality.slug, *args])


class CouncilReadMixin(CouncilMixin, MunicipalityMixin):
    pass


class CouncilStaffMixin(CouncilMixin, StaffRequiredMixin):
    pass


# Loading the URL's objects within the town (another town's object → 404).


def committees_of(municipality):
    return Committee.objects.for_municipality(municipality)


def meetings_of(municipality):
    return CommitteeMeeting.objects.for_municipality(municipality).select_related("committee")


def papers_of(municipality):
    return Paper.objects.for_municipality(municipality).select_related("edition__concept")


def consultations_of(municipality):
    return Consultation.objects.for_municipality(municipality).select_related(
        "paper", "committee", "meeting", "agenda_item"
    )


class PaperObjectMixin:
    def load_objects(self):
        super().load_objects()
        self.paper = get_object_or_404(papers_of(self.municipality), pk=self.kwargs["paper"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["paper"] = self.paper
        return context


class ConsultationObjectMixin:
    def load_objects(self):
        super().load_objects()
        self.consultation = get_object_or_404(
            consultations_of(self.municipality), pk=self.kwargs["consultation"]
        )
        self.paper = self.consultation.paper

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(consultation=self.consultation, paper=self.paper)
        return context


class ServiceFormView(VersionedEditMixin, CouncilStaffMixin, FormView):
    """A form whose valid data goes to a service; service errors show on the form."""

    template_name = "participation/council/form.html"
    heading = ""
    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality"] = self.municipality
        instance = self.get_instance()
        if instance is not None:
            kwargs["instance"] = instance
        return kwargs

    def get_instance(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        context["cancel_url"] = self.get_success_url()
        return context

    def get_heading(self):
        return self.heading

    def form_valid(self, form):
        try:
            self.obj = self.save(form)
        except ValidationError as error:
            refusal_to_form(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


# The council members' page


class CouncilIndexView(CouncilReadMixin, TemplateView):
    """What a Ratsmitglied needs: the Vorlagen on their way, the next meetings, the PDFs."""

    template_name = "participation/council/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        papers = papers_with_path(papers_of(self.municipality))
        context["open_papers"] = [p for p in papers if not p.path_done]
        context["done_papers"] = [p for p in papers if p.path_done][:10]
        context["upcoming_meetings"] = (
            meetings_of(self.municipality)
            .upcoming()
            .prefetch_related(
                Prefetch(
                    "consultations",
                    queryset=Consultation.objects.select_related("paper", "agenda_item"),
                )
            )[:8]
        )
        return context


# Gremien


class CommitteeListView(CouncilReadMixin, TemplateView):
    template_name = "participation/council/committee_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        committees = list(
            committees_of(self.municipality).prefetch_related(
                Prefetch(
                    "meetings",
                    queryset=CommitteeMeeting.objects.upcoming(now),
                    to_attr="upcoming",
                )
            )
        )
        context["committees"] = committees
        return context


class CommitteeObjectMixin:
    def load_objects(self):
        super().load_objects()
        self.committee = get_object_or_404(
            committees_of(self.municipality), pk=self.kwargs["committee"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["committee"] = self.committee
        return context


class CommitteeDetailView(CommitteeObjectMixin, CouncilReadMixin, TemplateView):
    template_name = "participation/council/committee_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        meetings = self.committee.meetings.all()
        context["upcoming_meetings"] = meetings.upcoming(now)
        context["past_meetings"] = meetings.past(now)
        context["memberships"] = self.committee.memberships.all()
        context["voting_members"] = self.committee.voting_members_on(timezone.localdate())
        return context


class CommitteeCreateView(ServiceFormView):
    form_class = CommitteeForm
    heading = gettext_lazy("Gremium anlegen")
    success_message = gettext_lazy("Das Gremium wurde angelegt.")

    def get_instance(self):
        return Committee(municipality=self.municipality)

    def save(self, form):
        form.instance._history_user = self.request.user
        return form.save()

    def get_success_url(self):
        if hasattr(self, "obj"):
            return self.url("committee_detail", self.obj.pk)
        return self.url("committee_list")


class CommitteeUpdateView(CommitteeObjectMixin, CommitteeCreateView):
    success_message = gettext_lazy("Das Gremium wurde gespeichert.")

    def get_heading(self):
        return _("%(committee)s bearbeiten") % {"committee": self.committee}

    def get_instance(self):
        return self.committee

    def get_success_url(self):
        return self.url("committee_detail", self.committee.pk)


class MembershipCreateView(CommitteeObjectMixin, ServiceFormView):
    form_class = CommitteeMembershipForm
    success_message = gettext_lazy("Die Mitgliedschaft wurde gespeichert.")

    def get_heading(self):
        return _("Mitglied in %(committee)s eintragen") % {"committee": self.committee}

    def get_instance(self):
        return CommitteeMembership(committee=self.committee)

    def save(self, form):
        form.instance._history_user = self.request.user
        return form.save()

    def get_success_url(self):
        return self.url("committee_detail", self.committee.pk)


class MembershipUpdateView(MembershipCreateView):
    def load_objects(self):
        super().load_objects()
        self.membership = get_object_or_404(
            self.committee.memberships.all(), pk=self.kwargs["membership"]
        )

    def get_heading(self):
        return _("Mitgliedschaft von %(name)s bearbeiten") % {"name": self.membership.person_name}

    def get_instance(self):
        return self.membership


# Sitzungen


class MeetingObjectMixin:
    def load_objects(self):
        super().load_objects()
        self.meeting = get_object_or_404(meetings_of(self.municipality), pk=self.kwargs["meeting"])
        self.committee = self.meeting.committee

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(meeting=self.meeting, committee=self.committee)
        return context


class MeetingDetailView(MeetingObjectMixin, CouncilReadMixin, TemplateView):
    template_name = "participation/council/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agenda_items"] = self.meeting.agenda_items.select_related(
            "consultation__paper"
        ).prefetch_related("consultation__amendments")
        return context


class MeetingFormView(ServiceFormView):
    form_class = CommitteeMeetingForm
    success_message = gettext_lazy("Die Sitzung wurde gespeichert.")

    def save(self, form):
        form.instance._history_user = self.request.user
        return form.save()


class MeetingCreateView(CommitteeObjectMixin, MeetingFormView):
    def get_heading(self):
        return _("Sitzung von %(committee)s anlegen") % {"committee": self.committee}

    def get_instance(self):
        return CommitteeMeeting(committee=self.committee)

    def get_success_url(self):
        if hasattr(self, "obj"):
            return self.url("meeting_detail", self.obj.pk)
        return self.url("committee_detail", self.committee.pk)


class MeetingUpdateView(MeetingObjectMixin, MeetingFormView):
    def get_heading(self):
        return _("Sitzung bearbeiten: %(meeting)s") % {"meeting": self.meeting}

    def get_instance(self):
        return self.meeting

    def get_success_url(self):
        return self.url("meeting_detail", self.meeting.pk)


# Vorlagen


class PaperListView(CouncilReadMixin, TemplateView):
    template_name = "participation/council/paper_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["papers"] = papers_with_path(papers_of(self.municipality))
        return context


class PaperDetailView(PaperObjectMixin, CouncilReadMixin, TemplateView):
    template_name = "participation/council/paper_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paper = papers_with_path(papers_of(self.municipality).filter(pk=self.paper.pk))[0]
        context["paper"] = paper
        context["state"] = paper_state(paper)
        for consultation in paper.path:
            consultation.diff = decision_diff(paper.proposal_text, consultation.decision_text)
        context["attachment_list"] = council_pdf.attachment_list(paper)
        context["decided"] = any(c.authoritative and c.is_adopting for c in paper.path)
        return context


class PaperCreateView(ServiceFormView):
    form_class = PaperForm
    heading = gettext_lazy("Vorlage anlegen")
    success_message = gettext_lazy("Die Vorlage wurde angelegt; die Nummer wurde vergeben.")

    def get_instance(self):
        return Paper(municipality=self.municipality)

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.paper_create(municipality=self.municipality, user=self.request.user, **data)

    def get_success_url(self):
        if hasattr(self, "obj"):
            return self.url("paper_detail", self.obj.pk)
        return self.url("paper_list")


class PaperUpdateView(PaperObjectMixin, ServiceFormView):
    form_class = PaperForm
    success_message = gettext_lazy("Die Vorlage wurde gespeichert.")

    def get_heading(self):
        return _("Vorlage %(number)s bearbeiten") % {"number": self.paper.number}

    def get_instance(self):
        return self.paper

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.paper_update(paper=self.paper, user=self.request.user, **data)

    def get_success_url(self):
        return self.url("paper_detail", self.paper.pk)


class ConsultationFormView(ServiceFormView):
    form_class = ConsultationForm

    def save(self, form):
        return services.consultation_save(
            consultation=form.instance,
            agenda_number=form.cleaned_data["agenda_number"],
            user=self.request.user,
        )

    def get_success_url(self):
        return self.url("paper_detail", self.paper.pk)


class ConsultationCreateView(PaperObjectMixin, ConsultationFormView):
    success_message = gettext_lazy("Der Gremienweg wurde ergänzt.")

    def get_heading(self):
        return _("Beratung zu %(number)s hinzufügen") % {"number": self.paper.number}

    def get_instance(self):
        return Consultation(paper=self.paper)


class ConsultationUpdateView(ConsultationObjectMixin, ConsultationFormView):
    success_message = gettext_lazy("Die Beratung wurde gespeichert.")

    def get_heading(self):
        return _("Beratung im %(committee)s bearbeiten") % {
            "committee": self.consultation.committee
        }

    def get_instance(self):
        return self.consultation


@method_decorator(require_POST, name="dispatch")
class ConsultationDeleteView(ConsultationObjectMixin, CouncilStaffMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.consultation_delete(consultation=self.consultation, user=request.user)
        except ValidationError as error:
            refusal_to_messages(request, error)
        else:
            messages.success(request, _("Die Beratung wurde aus dem Gremienweg entfernt."))
        return redirect(self.url("paper_detail", self.paper.pk))


class ConsultationResultView(ConsultationObjectMixin, ServiceFormView):
    form_class = ConsultationResultForm
    template_name = "participation/council/result_form.html"
    success_message = gettext_lazy("Das Ergebnis wurde eingetragen.")

    def get_heading(self):
        return _("Ergebnis: %(committee)s") % {"committee": self.consultation.committee}

    def get_instance(self):
        return self.consultation

    def get_initial(self):
        initial = super().get_initial()
        if not self.consultation.decision_text:
            initial["decision_text"] = self.paper.proposal_text
        return initial

    def save(self, form):
        data = form.cleaned_data
        decision_text = data["decision_text"].strip()
        if decision_text == self.paper.proposal_text.strip():
            decision_text = ""  # unchanged: keep only the proposal
        try:
            return services.consultation_record_result(
                consultation=self.consultation,
                result=data["result"],
                votes_yes=data["votes_yes"],
                votes_no=data["votes_no"],
                votes_abstain=data["votes_abstain"],
                unanimous=data["unanimous"],
                decision_text=decision_text,
                note=data["note"],
                publish=self.request.POST.get("publish") == "1",
                user=self.request.user,
            )
        finally:
            # a refused result must not stay on the instance the form re-renders
            self.consultation.refresh_from_db()

    def form_valid(self, form):
        result = form.cleaned_data["result"]
        try:
            services.consultation_check_result(consultation=self.consultation, result=result)
        except ValidationError as error:
            form.add_error("result", error.message_dict["result"])
            return self.form_invalid(form)
        adopts = services.consultation_adopts(consultation=self.consultation, result=result)
        if adopts and "back" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        if adopts and self.request.POST.get("confirmed") != "1":
            return self.render_confirmation(form)
        response = super().form_valid(form)
        edition = self.paper.edition
        if hasattr(self, "obj") and edition and self.obj.authoritative and self.obj.is_adopting:
            edition.refresh_from_db()
            messages.info(
                self.request,
                _(
                    "Die Fassung „%(title)s“ ist nun beschlossen (am %(date)s) "
                    "und kann nicht mehr geändert werden."
                )
                % {"title": edition.title, "date": f"{edition.adopted_on:%d.%m.%Y}"},
            )
        return response

    def render_confirmation(self, form):
        """The step between the form and the adoption: what will change, nothing written yet."""
        hidden = [
            (name, value)
            for name, values in self.request.POST.lists()
            if name not in ("csrfmiddlewaretoken", "confirmed", "publish", "back")
            for value in values
        ]
        context = self.get_context_data(
            form=form,
            preview=services.adoption_preview(consultation=self.consultation),
            result_label=dict(Consultation.Result.choices)[form.cleaned_data["result"]],
            hidden=hidden,
        )
        return self.response_class(
            request=self.request,
            template="participation/council/result_confirm.html",
            context=context,
            using=self.template_engine,
        )

    def get_success_url(self):
        return self.url("paper_detail", self.paper.pk)


class ConsultationRevertView(ConsultationObjectMixin, CouncilStaffMixin, FormView):
    """Beschlusseintrag zurücknehmen: a mistaken adoption is undone, with a reason, on record."""

    form_class = RevertAdoptionForm
    template_name = "participation/council/revert_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["reversal"] = services.adoption_reversal(consultation=self.consultation)
        except ValidationError as error:
            context["refusal"] = " ".join(error.messages)
        context["heading"] = _("Beschlusseintrag zurücknehmen")
        context["cancel_url"] = self.get_success_url()
        return context

    def form_valid(self, form):
        try:
            reversal = services.consultation_revert_adoption(
                consultation=self.consultation,
                reason=form.cleaned_data["reason"],
                user=self.request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        message = _("Der Beschlusseintrag wurde zurückgenommen; „%(title)s“ ist wieder %(status)s.")
        message %= {
            "title": reversal.edition.title,
            "status": reversal.edition.get_status_display(),
        }
        if reversal.restored is not None:
            message += " " + _("Geltende Fassung ist wieder „%(title)s“.") % {
                "title": reversal.restored.title
            }
        messages.success(self.request, message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.url("paper_detail", self.paper.pk)


class AmendmentCreateView(ConsultationObjectMixin, ServiceFormView):
    form_class = AmendmentForm
    success_message = gettext_lazy("Der Änderungsantrag wurde gespeichert.")

    def get_heading(self):
        return _("Änderungsantrag im %(committee)s") % {"committee": self.consultation.committee}

    def get_instance(self):
        return Amendment(consultation=self.consultation)

    def save(self, form):
        return services.amendment_save(amendment=form.instance, user=self.request.user)

    def get_success_url(self):
        return self.url("paper_detail", self.paper.pk)


# Anlagen


class AttachmentCreateView(PaperObjectMixin, ServiceFormView):
    form_class = PaperAttachmentForm
    success_message = gettext_lazy("Die Anlage wurde hochgeladen.")

    def get_heading(self):
        return _("Anlage zu %(number)s hochladen") % {"number": self.paper.number}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def save(self, form):
        return services.paper_attachment_add(
            paper=self.paper,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            user=self.request.user,
        )

    def get_success_url(self):
        return self.url("paper_detail", self.paper.pk)


class AttachmentObjectMixin:
    def load_objects(self):
        super().load_objects()
        self.attachment = get_object_or_404(
            PaperAttachment.objects.filter(paper__municipality=self.municipality).select_related(
                "paper"
            ),
            pk=self.kwargs["attachment"],
        )


class AttachmentDownloadView(AttachmentObjectMixin, CouncilReadMixin, View):
    """Anlagen are served through the permission check, never straight from MEDIA_URL."""

    def get(self, request, *args, **kwargs):
        attachment = self.attachment
        return file_download(
            attachment.file, filename=attachment.file_name, content_type=attachment.mime_type
        )


@method_decorator(require_POST, name="dispatch")
class AttachmentDeleteView(AttachmentObjectMixin, CouncilStaffMixin, View):
    def post(self, request, *args, **kwargs):
        paper = self.attachment.paper
        services.paper_attachment_delete(attachment=self.attachment, user=request.user)
        messages.success(request, _("Die Anlage wurde entfernt."))
        return redirect(self.url("paper_detail", paper.pk))


# PDFs


class PaperPdfView(PaperObjectMixin, CouncilReadMixin, View):
    def get(self, request, *args, **kwargs):
        return pdf_download(
            request,
            council_pdf.PAPER_PDF.name,
            {"paper": self.paper.pk},
            filename=f"Vorlage-{file_name_part(self.paper.number)}.pdf",
            inline=False,
            municipality=self.municipality,
        )


class PaperDocxView(PaperObjectMixin, CouncilReadMixin, View):
    """The Vorlage as a Word document, for council systems that take Word files."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(paper_docx(self.paper), content_type=DOCX_CONTENT_TYPE)
        filename = f"Vorlage-{file_name_part(self.paper.number)}.docx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class PaperPackagePdfView(PaperObjectMixin, CouncilReadMixin, View):
    """The Ratspaket: the Vorlage followed by the concept (Anlage 01) in one PDF."""

    def get(self, request, *args, **kwargs):
        return pdf_download(
            request,
            council_pdf.PAPER_PACKAGE_PDF.name,
            {"paper": self.paper.pk},
            filename=f"Ratspaket-{file_name_part(self.paper.number)}.pdf",
            inline=False,
            municipality=self.municipality,
        )


# Nummernkreise


class NumberingListView(CouncilStaffMixin, TemplateView):
    template_name = "participation/council/numbering_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        numberings = list(PaperNumbering.objects.filter(municipality=self.municipality))
        for numbering in numberings:
            numbering.last = numbering.last_number(year)
            numbering.example = numbering.format(
                nr=numbering.last + 1,
                year=year,
                kind_code=Paper.KIND_CODES.get(numbering.kind, "BV"),
            )
        context.update(numberings=numberings, year=year)
        return context


class NumberingCreateView(ServiceFormView):
    form_class = PaperNumberingForm
    heading = gettext_lazy("Nummernkreis anlegen")
    success_message = gettext_lazy("Der Nummernkreis wurde gespeichert.")

    def get_instance(self):
        return PaperNumbering(municipality=self.municipality)

    def save(self, form):
        form.instance._history_user = self.request.user
        return form.save()

    def get_success_url(self):
        return self.url("numbering_list")


class NumberingUpdateView(NumberingCreateView):
    heading = gettext_lazy("Nummernkreis bearbeiten")

    def load_objects(self):
        super().load_objects()
        self.numbering = get_object_or_404(
            PaperNumbering.objects.filter(municipality=self.municipality),
            pk=self.kwargs["numbering"],
        )

    def get_instance(self):
        return self.numbering
