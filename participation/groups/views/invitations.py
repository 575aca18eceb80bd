"""Einladungen: the Stabsstelle invites by e-mail; the link lets the person join the group."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from concepts.models import Municipality
from concepts.scoping import StaffRequiredMixin
from integration_site.refusals import refusal_text, refusal_to_form
from participation.groups import services
from participation.groups.forms import InvitationAcceptForm, InvitationForm
from participation.groups.views.groups import GroupMixin
from participation.models import Invitation


class InvitationCreateView(GroupMixin, StaffRequiredMixin, FormView):
    form_class = InvitationForm
    template_name = "participation/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Person in „%(group)s“ einladen") % {"group": self.group},
            intro=_(
                "Die Person erhält eine E-Mail mit einem Link. Darüber legt sie ihr Passwort "
                "fest und wird Mitglied der Arbeitsgruppe. Wer schon ein Konto hat, meldet sich an "
                "und nimmt die Einladung an."
            ),
            back_url=self.group_url(),
        )
        return context

    def form_valid(self, form):
        try:
            invitation, _token = services.invitation_create(
                group=self.group, email=form.cleaned_data["email"], invited_by=self.request.user
            )
        except ValidationError as error:
            refusal_to_form(form, error, field="email")
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Die Einladung an %(email)s wurde verschickt; sie ist bis %(date)s gültig.")
            % {"email": invitation.email, "date": f"{invitation.expires_at:%d.%m.%Y}"},
        )
        return redirect(self.group_url())


class InvitationAcceptView(View):
    """Open to everybody who holds the link: the token is the credential.

    A new person sets name and password and is logged in; an existing user (same e-mail)
    logs in and confirms. Used or expired links are refused with a German message.
    """

    template_name = "participation/invitation_accept.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.municipality = get_object_or_404(Municipality, slug=kwargs["town"])
        request.municipality = self.municipality
        self.invitation = (
            Invitation.objects.for_municipality(self.municipality)
            .by_token(kwargs["token"])
            .select_related("group__municipality")
            .first()
        )
        if self.invitation is None:
            raise Http404(_("Diese Einladung gibt es nicht."))

    def context(self, **extra):
        invitation = self.invitation
        user = self.request.user
        problem = None
        try:
            services.invitation_check(invitation)
        except ValidationError as error:
            problem = refusal_text(error)
        context = {
            "invitation": invitation,
            "group": invitation.group,
            "municipality": self.municipality,
            "problem": problem,
            "login_url": reverse("login") + "?next=" + self.request.path,
            "has_account": False,
            "wrong_account": False,
        }
        if user.is_authenticated:
            context["wrong_account"] = user.email.lower() != invitation.email.lower()
        else:
            context["has_account"] = (
                get_user_model().objects.filter(email__iexact=invitation.email).exists()
            )
        context.update(extra)
        return context

    def get(self, request, *args, **kwargs):
        context = self.context()
        if not context["problem"] and not request.user.is_authenticated:
            if not context["has_account"]:
                context["form"] = InvitationAcceptForm(email=self.invitation.email)
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return self._accept(user=request.user)
        form = InvitationAcceptForm(request.POST, email=self.invitation.email)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form))
        return self._accept(
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
            form=form,
        )

    def _accept(self, form=None, **kwargs):
        try:
            user = services.invitation_accept(invitation=self.invitation, **kwargs)
        except ValidationError as error:
            return render(
                self.request,
                self.template_name,
                self.context(problem=refusal_text(error), form=None),
                status=200,
            )
        if not self.request.user.is_authenticated:
            login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Willkommen in der Arbeitsgruppe „%(group)s“!") % {"group": self.invitation.group},
        )
        return redirect(
            "participation:group_detail", self.municipality.slug, self.invitation.group_id
        )
