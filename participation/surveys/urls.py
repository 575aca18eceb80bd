"""URLs of the online surveys; included by participation/urls.py (namespace `participation`).

Staff pages live under /<town>/beteiligung/umfragen/; the answer pages under
/<town>/beteiligung/umfrage/… are public (the link is the credential).
"""

from django.urls import path

from participation.surveys import views

S = "umfragen/<int:survey>/"

urlpatterns = [
    path("umfragen/", views.SurveyListView.as_view(), name="survey_list"),
    path("umfragen/neu/", views.SurveyCreateView.as_view(), name="survey_create"),
    path(S, views.SurveyDetailView.as_view(), name="survey_detail"),
    path(f"{S}bearbeiten/", views.SurveyUpdateView.as_view(), name="survey_update"),
    path(f"{S}abschnitte/neu/", views.SectionCreateView.as_view(), name="survey_section_create"),
    path(
        f"{S}abschnitte/<int:section>/bearbeiten/",
        views.SectionUpdateView.as_view(),
        name="survey_section_update",
    ),
    path(
        f"{S}abschnitte/<int:section>/verschieben/",
        views.SectionMoveView.as_view(),
        name="survey_section_move",
    ),
    path(
        f"{S}abschnitte/<int:section>/loeschen/",
        views.SectionDeleteView.as_view(),
        name="survey_section_delete",
    ),
    path(f"{S}fragen/neu/", views.QuestionCreateView.as_view(), name="survey_question_create"),
    path(
        f"{S}fragen/<int:question>/",
        views.QuestionUpdateView.as_view(),
        name="survey_question_update",
    ),
    path(
        f"{S}fragen/<int:question>/loeschen/",
        views.QuestionDeleteView.as_view(),
        name="survey_question_delete",
    ),
    path(
        f"{S}fragen/<int:question>/zitieren/",
        views.CitationCreateView.as_view(),
        name="survey_citation_create",
    ),
    path(
        f"{S}zitate/<int:citation>/loeschen/",
        views.CitationDeleteView.as_view(),
        name="survey_citation_delete",
    ),
    path(f"{S}vorschau/", views.SurveyPreviewView.as_view(), name="survey_preview"),
    path(f"{S}einladen/", views.SurveyInviteView.as_view(), name="survey_invite"),
    path(f"{S}erinnern/", views.SurveyRemindView.as_view(), name="survey_remind"),
    path(f"{S}schliessen/", views.SurveyCloseView.as_view(), name="survey_close"),
    path(f"{S}ergebnisse/", views.SurveyResultsView.as_view(), name="survey_results"),
    path(f"{S}freitexte/", views.SurveyTextsView.as_view(), name="survey_texts"),
    path(
        f"{S}freitexte/<int:answer>/zuordnen/",
        views.AnswerTagView.as_view(),
        name="survey_answer_tag",
    ),
    path(
        f"{S}antworten.csv",
        views.SurveyExportView.as_view(),
        {"fmt": "csv"},
        name="survey_export_csv",
    ),
    path(
        f"{S}antworten.xlsx",
        views.SurveyExportView.as_view(),
        {"fmt": "xlsx"},
        name="survey_export_xlsx",
    ),
    path(
        f"{S}zusammenfassung.xlsx",
        views.SurveyExportView.as_view(),
        {"fmt": "summary"},
        name="survey_summary_xlsx",
    ),
    path(f"{S}ergebnisse.pdf", views.SurveyPdfView.as_view(), name="survey_pdf"),
    path("umfrage/<str:token>/", views.AnswerView.as_view(), name="survey_answer"),
    path("umfrage/offen/<str:key>/", views.AnswerView.as_view(), name="survey_answer_open"),
]
