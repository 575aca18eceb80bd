from django.urls import path, register_converter

from concepts.elements import KindConverter
from concepts.views import compare, documents, editing, editions, exchange, history, tree
from concepts.word import urls as word_urls

app_name = "concepts"

register_converter(KindConverter, "kind")

urlpatterns = [
    path("", editions.EditionListView.as_view(), name="edition_list"),
    path("<int:edition>/", editions.EditionDetailView.as_view(), name="edition_detail"),
    path(
        "<int:edition>/veroeffentlichen/",
        editions.EditionPublishView.as_view(),
        name="edition_publish",
    ),
    # Reading: the whole concept, the gap view, element pages.
    path("<int:edition>/gesamtansicht/", tree.TreeView.as_view(), name="tree"),
    path("<int:edition>/handlungsbedarf/", tree.GapView.as_view(), name="gaps"),
    path(
        "<int:edition>/handlungsfelder/<int:pk>/",
        tree.FieldDetailView.as_view(),
        name="field_detail",
    ),
    path(
        "<int:edition>/massnahmen/<int:pk>/",
        tree.MeasureDetailView.as_view(),
        name="measure_detail",
    ),
    # Editing (Stabsstelle): one set of views for every kind of element.
    path(
        "<int:edition>/<kind:kind>/neu/", editing.ElementFormView.as_view(), name="element_create"
    ),
    path(
        "<int:edition>/<kind:kind>/<int:pk>/bearbeiten/",
        editing.ElementFormView.as_view(),
        name="element_update",
    ),
    path(
        "<int:edition>/<kind:kind>/<int:pk>/loeschen/",
        editing.ElementDeleteView.as_view(),
        name="element_delete",
    ),
    path(
        "<int:edition>/<kind:kind>/<int:pk>/verschieben/",
        editing.ElementMoveView.as_view(),
        name="element_move",
    ),
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
        compare.EditionCopyView.as_view(),
        name="edition_copy",
    ),
    path(
        "<int:edition>/vergleich/",
        compare.EditionCompareView.as_view(),
        name="edition_compare",
    ),
    path(
        "<int:edition>/vorfassung-zuordnen/",
        compare.PredecessorMatchView.as_view(),
        name="predecessor_match",
    ),
    path("<int:edition>/bewertung/", compare.AssessmentView.as_view(), name="assessment"),
    path(
        "<int:edition>/bewertung/bearbeiten/",
        compare.AssessmentEditView.as_view(),
        name="assessment_edit",
    ),
    path("<int:edition>/export.json", exchange.ExportView.as_view(), name="edition_export"),
    path(
        "<int:edition>/massnahmen.xlsx", exchange.MeasuresXlsxView.as_view(), name="measures_xlsx"
    ),
    path("<int:edition>/massnahmen.csv", exchange.MeasuresCsvView.as_view(), name="measures_csv"),
    path("import/", exchange.ImportView.as_view(), name="edition_import"),
    *word_urls.urlpatterns,
    path("<int:edition>/pdf/", documents.EditionPdfView.as_view(), name="edition_pdf"),
]
