"""Treffen: meetings with agenda, participants, minutes, results, attachments and .ics."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, TemplateView, UpdateView

from concepts.scoping import MunicipalityMixin, StaffRequiredMixin
from integration_site.downloads import file_download
from integration_site.refusals import refusal_to_form
from integration_site.versions import VersionedEditMixin
from participation.groups import services
from participation.groups.calendar import meeting_ics
from participation.groups.forms import AttachmentForm, MeetingForm
from participation.models import Attachment, Meeting


class MeetingListView(MunicipalityMixin, TemplateView):
    """Upcoming meetings in full; past ones a page at a time, the latest first."""

    template_name = "participation/meeting_list.html"
    past_per_page = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = (
            Meeting.objects.for_municipality(self.municipality)
            .visible_to(self.request.user, self.municipality)
            .select_related("group")
        )
        kind = self.request.GET.get("art", "")
        if kind in Meeting.Kind.values:
            meetings = meetings.filter(kind=kind)
        else:
            kind = ""
        now = timezone.now()
        past_page = Paginator(meetings.past(now), self.past_per_page).get_page(
            self.request.GET.get("seite")
        )
        context.update(
            upcoming=meetings.upcoming(now),
            past=past_page.object_list,
            past_page=past_page,
            kinds=Meeting.Kind.choices,
            selected_kind=kind,
        )
        return context


class MeetingMixin:
    """Resolves the meeting within the town; people who may not see it get 403."""

    def load_objects(self):
        super().load_objects()
        self.meeting = get_object_or_404(
            Meeting.objects.for_municipality(self.municipality).select_related(
                "group", "municipality"
            ),
            pk=self.kwargs["meeting"],
        )
        if not self.request.user.has_perm("participation.view_meeting", self.meeting):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.meeting
        return context

    def meeting_url(self):
        return reverse(
            "participation:meeting_detail", args=[self.municipality.slug, self.meeting.pk]
        )


class MeetingDetailView(MeetingMixin, MunicipalityMixin, TemplateView):
    template_name = "participation/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        context.update(
            invited_users=meeting.invited_users.order_by("last_name", "first_name"),
            present_users=meeting.present_users.order_by("last_name", "first_name"),
            strategic_goals=meeting.strategic_goals.select_related("field_of_action"),
            operational_goals=meeting.operational_goals.select_related(
                "field_of_action", "strategic_goal__field_of_action"
            ),
            measures=meeting.measures.select_related("field_of_action__edition"),
            attachments=meeting.attachments.all(),
            is_past=meeting.starts_at < timezone.now(),
        )
        if self.can_edit:
            context["attachment_form"] = kwargs.get("attachment_form") or AttachmentForm()
        return context


class MeetingFormMixin:
    form_class = MeetingForm
    template_name = "participation/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.municipality}

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
        messages.success(
            self.request,
            _("Treffen „%(title)s“ wurde gespeichert.") % {"title": form.instance.title},
        )
        return response

    def get_success_url(self):
        return reverse(
            "participation:meeting_detail", args=[self.municipality.slug, self.object.pk]
        )


class MeetingCreateView(MeetingFormMixin, StaffRequiredMixin, CreateView):
    def get_initial(self):
        initial = super().get_initial()
        group = self.request.GET.get("gruppe", "")
        if group.isdigit():
            initial["group"] = group
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Neues Treffen"),
            back_url=reverse("participation:meeting_list", args=[self.municipality.slug]),
        )
        return context


class MeetingUpdateView(
    VersionedEditMixin, MeetingMixin, MeetingFormMixin, StaffRequiredMixin, UpdateView
):
    def get_object(self, queryset=None):
        return self.meeting

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Treffen „%(title)s“ bearbeiten") % {"title": self.meeting},
            back_url=self.meeting_url(),
        )
        return context


class MeetingDeleteView(MeetingMixin, StaffRequiredMixin, TemplateView):
    template_name = "participation/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Treffen „%(title)s“ löschen?") % {"title": self.meeting},
            text=_("Protokoll und Anlagen werden mit gelöscht."),
            back_url=self.meeting_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        services.meeting_delete(meeting=self.meeting)
        messages.success(
            request, _("Treffen „%(title)s“ wurde gelöscht.") % {"title": self.meeting}
        )
        return redirect("participation:meeting_list", self.municipality.slug)


class MeetingCalendarView(MeetingMixin, MunicipalityMixin, TemplateView):
    """The meeting as an .ics file for the person's calendar."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            meeting_ics(self.meeting, request=request), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="treffen-{self.meeting.pk}.ics"'
        return response


@method_decorator(require_POST, name="dispatch")
class AttachmentUploadView(MeetingMixin, StaffRequiredMixin, TemplateView):
    def post(self, request, *args, **kwargs):
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment = services.attachment_add(
                    meeting=self.meeting, uploaded_file=form.cleaned_data["file"], user=request.user
                )
            except ValidationError as error:
                refusal_to_form(form, error, field="file")
            else:
                messages.success(
                    request, _("Anlage „%(name)s“ wurde hochgeladen.") % {"name": attachment}
                )
                return redirect(self.meeting_url())
        errors = [error for errors in form.errors.values() for error in errors]
        messages.error(
            request,
            _("Die Datei wurde nicht gespeichert: %(errors)s") % {"errors": " ".join(errors)},
        )
        return redirect(self.meeting_url() + "#anlagen")


class AttachmentMixin(MeetingMixin):
    def load_objects(self):
        super().load_objects()
        self.attachment = get_object_or_404(
            Attachment.objects.filter(meeting=self.meeting), pk=self.kwargs["attachment"]
        )


class AttachmentDownloadView(AttachmentMixin, MunicipalityMixin, TemplateView):
    """Files never lie under a public URL: every download passes the meeting's permission."""

    def get(self, request, *args, **kwargs):
        attachment = self.attachment
        return file_download(
            attachment.file, filename=attachment.original_name, content_type=attachment.content_type
        )


@method_decorator(require_POST, name="dispatch")
class AttachmentDeleteView(AttachmentMixin, StaffRequiredMixin, TemplateView):
    def post(self, request, *args, **kwargs):
        services.attachment_delete(attachment=self.attachment)
        messages.success(
            request, _("Anlage „%(name)s“ wurde gelöscht.") % {"name": self.attachment}
        )
        return redirect(self.meeting_url() + "#anlagen")
