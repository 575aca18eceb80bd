from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from concepts import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "slug", "ags"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "municipality", "role", "organisation"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__username", "user__email", "organisation"]
    autocomplete_fields = ["user", "municipality"]


@admin.register(models.Concept)
class ConceptAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality"]
    list_filter = ["municipality"]


@admin.register(models.Edition)
class EditionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "concept", "year", "status", "adopted_on", "is_public"]
    list_filter = ["status", "is_public", "concept__municipality"]
    # Publishing goes through the button on the edition page
    # (concepts.services.editions.edition_publish).
    readonly_fields = ["is_public", "published_at"]


@admin.register(models.Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "short_name"]


for model in [
    models.Vision,
    models.GuidingPrinciple,
    models.Chapter,
    models.CrossCuttingTheme,
    models.FieldOfAction,
    models.SubTheme,
    models.StrategicGoal,
    models.OperationalGoal,
    models.Measure,
    models.Milestone,
]:
    admin.site.register(model, SimpleHistoryAdmin)
