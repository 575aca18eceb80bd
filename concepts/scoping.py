"""Views are scoped to one town, taken from the URL (`/<town>/…`).

A person without a role in that town gets 403 (anonymous: the login page); objects of another
town are not found (404) because every queryset a view uses is filtered by `self.municipality`.
"""

from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from concepts.models import Edition, Municipality
from concepts.rules import role_in


class MunicipalityMixin(PermissionRequiredMixin):
    permission_required = "concepts.view_municipality"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.municipality = get_object_or_404(Municipality, slug=kwargs["town"])
        request.municipality = self.municipality

    def get_permission_object(self):
        return self.municipality

    def dispatch(self, request, *args, **kwargs):
        # Check the role before looking anything else up, so that nobody outside the town
        # learns which objects exist.
        if not self.has_permission():
            return self.handle_no_permission()
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self):
        """Hook: resolve the URL's objects within `self.municipality` (404 if not there)."""

    @property
    def role(self):
        return role_in(self.request.user, self.municipality)

    @property
    def can_edit(self):
        return self.request.user.has_perm("concepts.edit_concept", self.municipality)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(municipality=self.municipality, role=self.role, can_edit=self.can_edit)
        return context


class StaffRequiredMixin(MunicipalityMixin):
    permission_required = "concepts.edit_concept"


class EditionMixin(MunicipalityMixin):
    """Resolves `self.edition` from the URL within the town."""

    def load_objects(self):
        super().load_objects()
        self.edition = get_object_or_404(
            Edition.objects.for_municipality(self.municipality).select_related("concept"),
            pk=self.kwargs["edition"],
        )
        # The edition is of this town: its concept's town is the one already loaded.
        self.edition.concept.municipality = self.municipality

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edition"] = self.edition
        return context
