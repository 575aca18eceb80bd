"""The Word import's pages, included in concepts/urls.py (names `concepts:word_*`)."""

from django.urls import path

from concepts.word import views

urlpatterns = [
    path("import/word/", views.WordUploadView.as_view(), name="word_upload"),
    path("import/word/vorschau/", views.WordPreviewView.as_view(), name="word_preview"),
    path("import/word/regeln.json", views.WordRulesView.as_view(), name="word_rules"),
    path("word-vorlage/", views.WordTemplateView.as_view(), name="word_template"),
    path("<int:edition>/konzept.docx", views.EditionDocxView.as_view(), name="edition_docx"),
]
