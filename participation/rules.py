"""Who may see what of the participation area.

Everyone with a role in the town sees actors and groups; the Stabsstelle edits them
(`concepts.edit_concept`). Meetings: staff and council see all of them, members the meetings of
their own groups and the open formats (Netzwerktreffen, Dialogforum, Konferenz).
`Meeting.objects.visible_to` is the queryset twin of `can_view_meeting`.

Review rounds: the Stabsstelle sees and runs all of them; Arbeitsgruppen-Mitglieder see only
rounds opened for one of their groups (`ReviewRound.objects.visible_to`); council members and
people of other towns see none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from concepts.models import Membership
from concepts.rules import is_member_of_municipality, is_staff_of_municipality, role_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from participation.models import Meeting, WorkingGroup


@rules.predicate
def is_member_of_group(user: User | AnonymousUser, group: WorkingGroup | None) -> bool:
    if group is None or not user.is_authenticated:
        return False
    return group.memberships.filter(user=user).exists()


@rules.predicate
def can_view_meeting(user: User | AnonymousUser, meeting: Meeting | None) -> bool:
    if meeting is None:
        return False
    role = role_in(user, meeting.municipality)
    if role in (Membership.Role.STAFF, Membership.Role.COUNCIL):
        return True
    if role == Membership.Role.MEMBER:
        return meeting.is_open_format or is_member_of_group(user, meeting.group)
    return False


rules.add_perm("participation.view_meeting", can_view_meeting)

# The review area at all (lists, settings); which rounds is decided by the queryset.
rules.add_perm("participation.view_reviews", is_staff_of_municipality | is_member_of_municipality)
