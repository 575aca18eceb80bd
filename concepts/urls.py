from django.urls import path

from concepts.views import editions, editions_compare, exchange, history

app_name = "concepts"

urlpatterns = [
    path("", editions.EditionListView.as_view(), name="edition_list"),
    path("<int:edition>/", editions.EditionDetailView.as_view(), name="edition_detail"),
    # Verlauf, Fortschreibung, Vergleich, Bewertung, Austausch (h4b)
    path(
        "<int:edition>/verlauf/<slug:kind>/<int:pk>/",
        history.HistoryView.as_view(),
        name="history",
    ),
    path(
        "<int:edition>/verlauf/<slug:kind>/<int:pk>/wiederherstellen/<int:history_id>/",
        history.RestoreView.as_view(),
        name="history_restore",
    ),
    path(
        "<int:edition>/fortschreiben/",
        editions_compare.EditionCopyView.as_view(),
        name="edition_copy",
    ),
    path(
        "<int:edition>/vergleich/",
        editions_compare.EditionCompareView.as_view(),
        name="edition_compare",
    ),
    path("<int:edition>/bewertung/", editions_compare.AssessmentView.as_view(), name="assessment"),
    path(
        "<int:edition>/bewertung/bearbeiten/",
        editions_compare.AssessmentEditView.as_view(),
        name="assessment_edit",
    ),
    path("<int:edition>/export.json", exchange.ExportView.as_view(), name="edition_export"),
    path(
        "<int:edition>/massnahmen.xlsx", exchange.MeasuresXlsxView.as_view(), name="measures_xlsx"
    ),
    path("<int:edition>/massnahmen.csv", exchange.MeasuresCsvView.as_view(), name="measures_csv"),
    path("import/", exchange.ImportView.as_view(), name="edition_import"),
]
