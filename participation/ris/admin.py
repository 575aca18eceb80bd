"""Admin of the link to the Ratsinformationssystem; imported by participation/admin.py."""

from django.contrib import admin

from participation import models


class OrganizationMappingInline(admin.TabularInline):
    model = models.OrganizationMapping
    extra = 0
    fields = ["remote_name", "remote_id", "committee"]


@admin.register(models.CouncilSystem)
class CouncilSystemAdmin(admin.ModelAdmin):
    list_display = ["municipality", "name", "body_name", "synced_at"]
    readonly_fields = ["synced_at"]
    inlines = [OrganizationMappingInline]


@admin.register(models.PaperLink)
class PaperLinkAdmin(admin.ModelAdmin):
    list_display = ["paper", "remote_reference", "read_at", "pending_since"]
    list_filter = ["paper__municipality"]
    search_fields = ["paper__number", "remote_reference"]
    readonly_fields = ["read_at", "pending", "pending_since", "error", "remote_meetings"]
