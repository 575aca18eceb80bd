"""The Beteiligung landing page: open review rounds, groups, next meetings, actors."""

from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from concepts.forms.unknown import UNKNOWN_LABEL
from concepts.models import Actor
from concepts.scoping import MunicipalityMixin
from participation.groups.views.groups import KIND_ORDER
from participation.models import GroupMembership, Meeting, WorkingGroup
from participation.review.panels import review_panels


class ParticipationIndexView(MunicipalityMixin, TemplateView):
    template_name = "participation/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        groups = (
            WorkingGroup.objects.for_municipality(self.municipality)
            .annotate(
                member_count=Count("memberships", distinct=True),
                is_mine=Count("memberships", filter=Q(memberships__user=user), distinct=True),
            )
            .order_by(KIND_ORDER, "name")
        )
        now = timezone.now()
        meetings = (
            Meeting.objects.for_municipality(self.municipality)
            .visible_to(user, self.municipality)
            .select_related("group")
        )
        actor_kinds = (
            Actor.objects.for_municipality(self.municipality)
            .values("kind")
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        # An actor's kind may be unknown (""): named so, never "None" (issue 14).
        kind_labels = dict(Actor.Kind.choices) | {"": UNKNOWN_LABEL}
        context.update(
            groups=groups,
            next_meetings=meetings.upcoming(now)[:5],
            last_meetings=meetings.past(now)[:3],
            actor_kinds=[
                {"kind": row["kind"], "label": kind_labels[row["kind"]], "count": row["count"]}
                for row in actor_kinds
            ],
            actor_total=sum(row["count"] for row in actor_kinds),
            lead_role=GroupMembership.Role.LEAD,
            review_panels=review_panels(self.request, self.municipality, self.role),
        )
        return context
