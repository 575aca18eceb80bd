"""Editing the concept in the browser (Stabsstelle only): create, edit, move, delete.

One set of views serves every kind of element (concepts.elements.KINDS); the form of each kind
is in concepts.forms.elements, the writes in concepts.services.elements. Adopted and superseded
editions refuse every edit with a German message.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from concepts.forms.elements import FORMS
from concepts.scoping import EditionMixin
from concepts.services.elements import (
    EditConflict,
    deletion_summary,
    edition_ensure_editable,
    element_delete,
    element_move,
)
from integration_site.refusals import refusal_text, refusal_to_form, refusal_to_messages
from integration_site.rendering.htmx import (
    announce,
    htmx_redirect,
    is_htmx,
    page_part,
    vary_on_htmx,
)
from integration_site.versions import VersionedEditMixin


class EditMixin(EditionMixin):
    permission_required = "concepts.edit_concept"

    def load_objects(self):
        super().load_objects()
        self.kind = self.kwargs["kind"]
        self.object = None
        if "pk" in self.kwargs:
            self.object = get_object_or_404(self.kind.queryset(self.edition), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.refuse_if_locked() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse_if_locked() or super().post(request, *args, **kwargs)

    def refuse_if_locked(self):
        try:
            edition_ensure_editable(self.edition)
        except ValidationError as error:
            refusal_to_messages(self.request, error)
            return redirect("concepts:edition_detail", self.municipality.slug, self.edition.pk)
        return None

    def safe_next(self):
        """The page to return to, if it is one of ours (never another host or a script)."""
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}
        ):
            return target
        return ""

    def back_url(self, obj):
        return self.safe_next() or self.kind.back(obj, self.edition)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            kind=self.kind,
            object=self.object,
            next=self.safe_next(),
        )
        return context


class ElementFormView(VersionedEditMixin, EditMixin, FormView):
    template_name = "concepts/element_form.html"

    def get_form_class(self):
        return FORMS[self.kind.slug]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["edition"] = self.edition
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def get_initial(self):
        """Preselect parents from the "neu" link: ?handlungsfeld=3, ?handlungsziel=7 …"""
        initial = {}
        if self.object is not None:
            return initial
        form_class = self.get_form_class()
        for param, name in (self.kind.parent_params or {}).items():
            value = self.request.GET.get(param)
            if not value:
                continue
            field = form_class.base_fields.get(name)
            if field is None:
                continue
            if param == "teil":
                initial[name] = value
                continue
            if not value.isdigit():
                continue
            model = field.queryset.model
            related = model._default_manager.filter(pk=value).first()
            if related is None or self._edition_of(related) != self.edition.pk:
                continue
            multiple = isinstance(field, forms.ModelMultipleChoiceField)
            initial[name] = [related] if multiple else related
            # A goal fixes the field of action too.
            field_of_action = getattr(related, "field_of_action", None)
            if field_of_action is not None and "field_of_action" in form_class.base_fields:
                initial.setdefault("field_of_action", field_of_action)
        return initial

    @staticmethod
    def _edition_of(related):
        from concepts.elements import kind_of

        try:
            return kind_of(related).edition_of(related).pk
        except LookupError:
            return None

    def form_valid(self, form):
        try:
            obj = form.commit()
        except EditConflict as conflict:
            form.refuse(conflict)
            return self.form_invalid(form)
        except ValidationError as error:
            refusal_to_form(form, error)
            return self.form_invalid(form)
        if self.object is None:
            text = _("%(kind)s „%(title)s“ angelegt.")
        else:
            text = _("%(kind)s „%(title)s“ gespeichert.")
        messages.success(self.request, text % {"kind": self.kind.verbose_name, "title": obj})
        return redirect(self.back_url(obj))


class ElementDeleteView(EditMixin, TemplateView):
    """GET asks and lists what goes with the element; POST deletes."""

    template_name = "concepts/element_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dependents"] = deletion_summary(self.object)
        return context

    def post(self, request, *args, **kwargs):
        refused = self.refuse_if_locked()
        if refused:
            return refused
        obj = self.object
        back = self.back_url(obj)
        if self.kind.slug in ("handlungsfelder", "massnahmen") and back.split("#")[0].startswith(
            self.kind.back(obj, self.edition).split("#")[0]
        ):
            # The element's own page is gone after deleting it: go to its parent instead.
            back = self._parent_url(obj)
        label = str(obj)
        try:
            element_delete(obj=obj, edition=self.edition)
        except ValidationError as error:
            refusal_to_messages(request, error)
            return redirect(back)
        messages.success(
            request,
            _("%(kind)s „%(title)s“ gelöscht.") % {"kind": self.kind.verbose_name, "title": label},
        )
        return redirect(back)

    def _parent_url(self, obj):
        from django.urls import reverse

        town, edition = self.municipality.slug, self.edition.pk
        if self.kind.slug == "massnahmen":
            return reverse("concepts:field_detail", args=[town, edition, obj.field_of_action_id])
        return reverse("concepts:edition_detail", args=[town, edition]) + "#handlungsfelder"


class ElementMoveView(EditMixin, TemplateView):
    """POST direction=up|down: swap the element with its neighbour.

    Without JavaScript the page reloads at the moved element's buttons (their form's id). With
    htmx the page's part is rendered again by the page's own view (`next`) and the new position
    is announced in the live region.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        in_place = is_htmx(request)
        refused = self.refuse_if_locked()
        if refused:
            return htmx_redirect(refused["Location"]) if in_place else refused
        obj = self.object
        try:
            element_move(obj=obj, direction=request.POST.get("direction"), edition=self.edition)
        except ValidationError as error:
            text = refusal_text(error)
            if not in_place:
                refusal_to_messages(request, error)
        else:
            text = _("%(kind)s „%(title)s“ steht jetzt an Position %(position)s von %(count)s.") % {
                "kind": self.kind.verbose_name,
                "title": getattr(obj, "title", None) or obj,
                "position": obj.position,
                "count": self.kind.siblings(obj).count(),
            }
            if not in_place:
                messages.success(request, text)
        back = self.back_url(obj).split("#")[0]
        if in_place:
            part = page_part(request, back)
            if part is None or part.status_code != 200:
                return htmx_redirect(back)
            return announce(vary_on_htmx(part), text)
        return redirect(f"{back}#verschieben-{self.kind.slug}-{obj.pk}")
