"""/<town>/ratsinformationssystem/…: the link to the town's council system (Stabsstelle only)."""

from django.urls import path

from participation.ris import views

app_name = "ris"

urlpatterns = [
    path("", views.CouncilSystemView.as_view(), name="system"),
    path("gremien/", views.MappingView.as_view(), name="mapping"),
    path("vorlagen/<int:paper>/", views.PaperLinkView.as_view(), name="paper"),
    path("vorlagen/<int:paper>/vorschau/", views.PaperPreviewView.as_view(), name="paper_preview"),
    path("vorlagen/<int:paper>/trennen/", views.PaperUnlinkView.as_view(), name="paper_unlink"),
]
