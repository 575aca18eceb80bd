import logging
import uuid

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from concepts.extensions import start_panels
from concepts.models import Edition, Municipality
from concepts.rules import memberships_of
from concepts.scoping import MunicipalityMixin
from integration_site.background.worker import check_worker
from integration_site.forms import LoginForm

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    """The login page, with a way to what everyone may read without an account: the public view
    of each town that publishes its concept (the town of `next` first)."""

    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        towns = list(
            Municipality.objects.filter(
                Exists(
                    Edition.objects.filter(concept__municipality=OuterRef("pk"))
                    .published()
                    .order_by()
                )
            ).order_by("name")
        )
        wanted = (context.get("next") or "").strip("/").split("/")[0]
        towns.sort(key=lambda town: town.slug != wanted)
        context["public_towns"] = towns
        return context


class StartView(LoginRequiredMixin, TemplateView):
    """Where a person lands after login: their town, or a choice between their towns."""

    template_name = "integration_site/start.html"

    def get(self, request, *args, **kwargs):
        memberships = memberships_of(request.user)
        if len(memberships) == 1 and not request.user.is_superuser:
            return redirect("town_home", town=memberships[0].municipality.slug)
        return self.render_to_response(self.get_context_data(memberships=memberships))


class TownHomeView(MunicipalityMixin, TemplateView):
    """The town's start page: what is open for me, in panels the apps contribute.

    An app contributes through `start_panels(request, municipality, role)` in its
    `ConceptExtension` (concepts.extensions), returning a list of `{"template": ..., **context}`.
    """

    template_name = "integration_site/town_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        town_editions = Edition.objects.for_municipality(self.municipality)
        # One query: the current edition first (with whether the public view has anything to
        # show), then the drafts being worked on beside it (a Fortschreibung, a correction),
        # which staff open far more often than the adopted text.
        editions = list(
            town_editions.annotate(public_view=Exists(town_editions.published())).in_current_order()
        )
        current = editions[0] if editions else None
        context["current_edition"] = current
        context["has_public_view"] = bool(current and current.public_view)
        context["drafts"] = [edition for edition in editions[1:] if not edition.is_locked]
        context["panels"] = start_panels(self.request, self.municipality, self.role)
        return context


@require_safe
def favicon(request):
    """/favicon.ico → the icon among the static files (hashed name, long cache)."""
    response = redirect(static("img/favicon.ico"), permanent=True)
    patch_cache_control(response, public=True, max_age=86400)
    return response


@never_cache
@require_safe
def health(request):
    """For monitoring: is the database there, does the cache answer, does a worker run the
    background tasks (integration_site/background/worker.py)? No login, no writes.

    Answers 200 or 503 with only the names of the checks, never the reason: the reason goes to
    the log, which an attacker cannot read.
    """
    checks = {}
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("worker", check_worker),
    ):
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            checks[name] = "error"
        else:
            checks[name] = "ok"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def _check_cache():
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("cache did not return the value just set")
    finally:
        cache.delete(key)
