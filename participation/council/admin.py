"""Admin of the council path; imported by participation/admin.py (the lead wires it)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from participation import models


class CommitteeMembershipInline(admin.TabularInline):
    model = models.CommitteeMembership
    extra = 0


@admin.register(models.Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality", "seats", "is_active"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]
    inlines = [CommitteeMembershipInline]


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0


@admin.register(models.CommitteeMeeting)
class CommitteeMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "starts_at", "location", "is_public", "cancelled"]
    list_filter = ["committee__municipality", "committee"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


class ConsultationInline(admin.TabularInline):
    model = models.Consultation
    extra = 0
    fields = ["position", "committee", "meeting", "role", "result", "votes_yes", "votes_no"]


class PaperAttachmentInline(admin.TabularInline):
    model = models.PaperAttachment
    extra = 0


@admin.register(models.Paper)
class PaperAdmin(SimpleHistoryAdmin):
    list_display = ["number", "subject", "kind", "date", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["number", "subject"]
    inlines = [ConsultationInline, PaperAttachmentInline]


@admin.register(models.Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["paper", "committee", "role", "result"]
    list_filter = ["role", "result"]


@admin.register(models.Amendment)
class AmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["consultation", "proposer", "result"]


@admin.register(models.PaperNumbering)
class PaperNumberingAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "kind", "pattern"]


@admin.register(models.LegislativeTerm)
class LegislativeTermAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "starts_on", "ends_on"]
