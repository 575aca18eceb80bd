from django.urls import path, register_converter

from concepts.elements import KindConverter
from concepts.views import editing, editions, tree

app_name = "concepts"

register_converter(KindConverter, "kind")

urlpatterns = [
    path("", editions.EditionListView.as_view(), name="edition_list"),
    path("<int:edition>/", editions.EditionDetailView.as_view(), name="edition_detail"),
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
]
