from django.urls import path

from concepts.views import documents, editions

app_name = "concepts"

urlpatterns = [
    path("", editions.EditionListView.as_view(), name="edition_list"),
    path("<int:edition>/", editions.EditionDetailView.as_view(), name="edition_detail"),
    path("<int:edition>/pdf/", documents.EditionPdfView.as_view(), name="edition_pdf"),
]
