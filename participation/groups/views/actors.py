"""Akteure: the town's organisations, their contact persons, measures and groups."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, TemplateView, UpdateView

from concepts.models import Actor, MeasureActor
from concepts.scoping import MunicipalityMixin, StaffRequiredMixin
from integration_site.refusals import refusal_to_messages
from integration_site.versions import VersionedEditMixin
from participation.groups import services
from participation.groups.forms import ActorForm, ContactPersonForm
from participation.models import ContactPerson, GroupMembership, WorkingGroup


class ActorListView(MunicipalityMixin, TemplateView):
    template_name = "participation/actor_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actors = (
            Actor.objects.for_municipality(self.municipality)
            .annotate(
                measure_count=Count("measures", distinct=True),
                group_count=Count("working_groups", distinct=True),
            )
            .prefetch_related("contact_persons")
        )
        kind = self.request.GET.get("art", "")
        if kind in Actor.Kind.values:
            actors = actors.filter(kind=kind)
        else:
            kind = ""
        context.update(actors=actors, kinds=Actor.Kind.choices, selected_kind=kind)
        return context


class ActorMixin:
    def load_objects(self):
        super().load_objects()
        self.actor = get_object_or_404(
            Actor.objects.for_municipality(self.municipality), pk=self.kwargs["actor"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actor"] = self.actor
        return context


class ActorDetailView(ActorMixin, MunicipalityMixin, TemplateView):
    template_name = "participation/actor_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["involvements"] = (
            MeasureActor.objects.filter(actor=self.actor)
            .select_related("measure__field_of_action__edition")
            .order_by(
                "-measure__field_of_action__edition__year",
                "measure__field_of_action__position",
                "measure__position",
            )
        )
        context["contacts"] = self.actor.contact_persons.all()
        context["groups"] = WorkingGroup.objects.filter(actors=self.actor)
        context["group_memberships"] = GroupMembership.objects.filter(
            actor=self.actor
        ).select_related("group", "user")
        return context


class ActorCreateView(StaffRequiredMixin, CreateView):
    form_class = ActorForm
    template_name = "participation/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.municipality}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Neuer Akteur"),
            back_url=reverse("participation:actor_list", args=[self.municipality.slug]),
        )
        return context

    def form_valid(self, form):
        messages.success(
            self.request, _("Akteur „%(name)s“ wurde angelegt.") % {"name": form.instance.name}
        )
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("participation:actor_detail", args=[self.municipality.slug, self.object.pk])


class ActorUpdateView(VersionedEditMixin, ActorMixin, StaffRequiredMixin, UpdateView):
    form_class = ActorForm
    template_name = "participation/form.html"

    def get_object(self, queryset=None):
        return self.actor

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.municipality}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Akteur „%(name)s“ bearbeiten") % {"name": self.actor.name},
            back_url=self.get_success_url(),
        )
        return context

    def form_valid(self, form):
        messages.success(self.request, _("Die Änderungen wurden gespeichert."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("participation:actor_detail", args=[self.municipality.slug, self.actor.pk])


class ActorDeleteView(ActorMixin, StaffRequiredMixin, TemplateView):
    template_name = "participation/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Akteur „%(name)s“ löschen?") % {"name": self.actor.name},
            text=_(
                "Ansprechpersonen des Akteurs werden mit gelöscht; Arbeitsgruppen bleiben bestehen."
            ),
            back_url=reverse(
                "participation:actor_detail", args=[self.municipality.slug, self.actor.pk]
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.actor_delete(actor=self.actor)
        except ValidationError as error:
            refusal_to_messages(request, error)
            return redirect("participation:actor_detail", self.municipality.slug, self.actor.pk)
        messages.success(
            request, _("Akteur „%(name)s“ wurde gelöscht.") % {"name": self.actor.name}
        )
        return redirect("participation:actor_list", self.municipality.slug)


class ContactPersonCreateView(ActorMixin, StaffRequiredMixin, CreateView):
    form_class = ContactPersonForm
    template_name = "participation/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Neue Ansprechperson bei „%(name)s“") % {"name": self.actor},
            back_url=self.get_success_url(),
        )
        return context

    def form_valid(self, form):
        form.instance.actor = self.actor
        messages.success(
            self.request,
            _("Ansprechperson „%(name)s“ wurde angelegt.") % {"name": form.instance.name},
        )
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("participation:actor_detail", args=[self.municipality.slug, self.actor.pk])


class ContactPersonMixin(ActorMixin):
    def load_objects(self):
        super().load_objects()
        self.contact = get_object_or_404(
            ContactPerson.objects.filter(actor=self.actor), pk=self.kwargs["contact"]
        )


class ContactPersonUpdateView(
    VersionedEditMixin, ContactPersonMixin, StaffRequiredMixin, UpdateView
):
    form_class = ContactPersonForm
    template_name = "participation/form.html"

    def get_object(self, queryset=None):
        return self.contact

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Ansprechperson „%(name)s“ bearbeiten") % {"name": self.contact},
            back_url=self.get_success_url(),
        )
        return context

    def form_valid(self, form):
        messages.success(self.request, _("Die Änderungen wurden gespeichert."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("participation:actor_detail", args=[self.municipality.slug, self.actor.pk])


class ContactPersonDeleteView(ContactPersonMixin, StaffRequiredMixin, TemplateView):
    template_name = "participation/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Ansprechperson „%(name)s“ löschen?") % {"name": self.contact},
            back_url=reverse(
                "participation:actor_detail", args=[self.municipality.slug, self.actor.pk]
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.contact.delete()
        messages.success(
            request, _("Ansprechperson „%(name)s“ wurde gelöscht.") % {"name": self.contact}
        )
        return redirect("participation:actor_detail", self.municipality.slug, self.actor.pk)
