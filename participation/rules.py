"""Who may do what in participation.

Review rounds: the Stabsstelle sees and runs all of them; Arbeitsgruppen-Mitglieder see only
rounds opened for one of their groups (`ReviewRound.objects.visible_to`); council members and
people of other towns see none.
"""

import rules

from concepts.rules import is_member_of_municipality, is_staff_of_municipality

# The review area at all (lists, settings); which rounds is decided by the queryset.
rules.add_perm("participation.view_reviews", is_staff_of_municipality | is_member_of_municipality)
