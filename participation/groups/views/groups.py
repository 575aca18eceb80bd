"""Gremien der Beteiligung: working groups, Steuerungsgruppe, Netzwerk, and their members."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, TemplateView, UpdateView

from concepts.models import Actor, FieldOfAction
from concepts.scoping import MunicipalityMixin, StaffRequiredMixin
from integration_site.refusals import refusal_to_form
from integration_site.versions import VersionedEditMixin
from participation.groups import services
from participation.groups.forms import GroupMemberForm, InvitationForm, WorkingGroupForm, town_users
from participation.models import GroupMembership, Invitation, Meeting, WorkingGroup

# Working groups first, then circles, the Steuerungsgruppe and the Netzwerk.
KIND_ORDER = Case(
    *(
        When(kind=kind, then=Value(position))
        for position, kind in enumerate(WorkingGroup.Kind.values)
    ),
    default=Value(len(WorkingGroup.Kind.values)),
)


class GroupListView(MunicipalityMixin, TemplateView):
    template_name = "participation/group_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = (
            WorkingGroup.objects.for_municipality(self.municipality)
            .annotate(
                member_count=Count("memberships", distinct=True),
                lead_count=Count(
                    "memberships",
                    filter=Q(memberships__role=GroupMembership.Role.LEAD),
                    distinct=True,
                ),
            )
            .prefetch_related(
                Prefetch("fields_of_action", queryset=FieldOfAction.objects.order_by("position")),
                Prefetch(
                    "memberships",
                    queryset=GroupMembership.objects.filter(
                        role=GroupMembership.Role.LEAD
                    ).select_related("user", "actor"),
                    to_attr="leads",
                ),
            )
            .order_by(KIND_ORDER, "name")
        )
        return context


class GroupMixin:
    def load_objects(self):
        super().load_objects()
        self.group = get_object_or_404(
            WorkingGroup.objects.for_municipality(self.municipality), pk=self.kwargs["group"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.group
        return context

    def group_url(self):
        return reverse("participation:group_detail", args=[self.municipality.slug, self.group.pk])


class GroupDetailView(GroupMixin, MunicipalityMixin, TemplateView):
    template_name = "participation/group_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.group
        memberships = list(
            group.memberships.select_related("user", "actor").order_by(
                "role", "user__last_name", "user__first_name"
            )
        )
        leads = [m for m in memberships if m.role == GroupMembership.Role.LEAD]
        meetings = (
            Meeting.objects.filter(group=group)
            .visible_to(self.request.user, self.municipality)
            .select_related("group")
        )
        now = timezone.now()
        context.update(
            memberships=memberships,
            leads=leads,
            fields=group.fields_of_action.select_related("edition").order_by("position"),
            actors=group.actors.all(),
            upcoming_meetings=meetings.upcoming(now),
            past_meetings=meetings.past(now)[:10],
        )
        if self.can_edit:
            context["candidates"] = town_users(self.municipality).exclude(
                group_memberships__group=group
            )
            context["roles"] = GroupMembership.Role.choices
            context["town_actors"] = Actor.objects.for_municipality(self.municipality).only("name")
            context["invitation_form"] = InvitationForm()
            context["invitations"] = Invitation.objects.filter(group=group).select_related(
                "accepted_by"
            )[:20]
            context["now"] = now
        return context


class GroupFormMixin:
    form_class = WorkingGroupForm
    template_name = "participation/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.municipality}

    def get_success_url(self):
        return reverse("participation:group_detail", args=[self.municipality.slug, self.object.pk])


class GroupCreateView(GroupFormMixin, StaffRequiredMixin, CreateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Neue Arbeitsgruppe oder neues Gremium"),
            back_url=reverse("participation:group_list", args=[self.municipality.slug]),
        )
        return context

    def form_valid(self, form):
        messages.success(
            self.request, _("„%(name)s“ wurde angelegt.") % {"name": form.instance.name}
        )
        return super().form_valid(form)


class GroupUpdateView(
    VersionedEditMixin, GroupMixin, GroupFormMixin, StaffRequiredMixin, UpdateView
):
    def get_object(self, queryset=None):
        return self.group

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("„%(name)s“ bearbeiten") % {"name": self.group.name},
            back_url=self.group_url(),
        )
        return context

    def form_valid(self, form):
        messages.success(self.request, _("Die Änderungen wurden gespeichert."))
        return super().form_valid(form)


class GroupDeleteView(GroupMixin, StaffRequiredMixin, TemplateView):
    template_name = "participation/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("„%(name)s“ löschen?") % {"name": self.group.name},
            text=_(
                "Die Mitgliedschaften und offenen Einladungen werden mit gelöscht; Treffen "
                "der Gruppe bleiben ohne Gruppe erhalten."
            ),
            back_url=self.group_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.group.delete()
        messages.success(request, _("„%(name)s“ wurde gelöscht.") % {"name": self.group.name})
        return redirect("participation:group_list", self.municipality.slug)


@method_decorator(require_POST, name="dispatch")
class GroupMemberAddView(GroupMixin, StaffRequiredMixin, TemplateView):
    template_name = "participation/form.html"

    def post(self, request, *args, **kwargs):
        form = GroupMemberForm(request.POST, group=self.group)
        if form.is_valid():
            try:
                membership = services.group_member_add(
                    group=self.group,
                    user=form.cleaned_data["user"],
                    role=form.cleaned_data["role"],
                    actor=form.cleaned_data["actor"],
                )
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s ist jetzt %(role)s in „%(group)s“.")
                    % {
                        "person": membership.user.get_full_name() or membership.user.username,
                        "role": membership.get_role_display(),
                        "group": self.group,
                    },
                )
                return redirect(self.group_url())
        return self.render_to_response(
            self.get_context_data(
                form=form,
                heading=_("Mitglied zu „%(group)s“ hinzufügen") % {"group": self.group},
                back_url=self.group_url(),
            )
        )


@method_decorator(require_POST, name="dispatch")
class GroupMemberRemoveView(GroupMixin, StaffRequiredMixin, TemplateView):
    def load_objects(self):
        super().load_objects()
        self.membership = get_object_or_404(
            self.group.memberships.select_related("user"), pk=self.kwargs["membership"]
        )

    def post(self, request, *args, **kwargs):
        services.group_member_remove(membership=self.membership)
        user = self.membership.user
        messages.success(
            request,
            _("%(person)s wurde aus „%(group)s“ entfernt.")
            % {"person": user.get_full_name() or user.username, "group": self.group},
        )
        return redirect(self.group_url())
