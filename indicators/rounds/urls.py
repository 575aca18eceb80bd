"""URLs of the controlling cycle, the controlling report and the export (h5b); included by
indicators/urls.py (namespace `indicators`)."""

from django.urls import path

from indicators.rounds import views

urlpatterns = [
    path("berichtsrunden/", views.RoundListView.as_view(), name="round_list"),
    path("berichtsrunden/neu/", views.RoundCreateView.as_view(), name="round_create"),
    path("berichtsrunden/<int:round>/", views.RoundDetailView.as_view(), name="round_detail"),
    path(
        "berichtsrunden/<int:round>/erinnern/",
        views.RoundRemindView.as_view(),
        name="round_remind_all",
    ),
    path(
        "berichtsrunden/<int:round>/erinnern/<int:task>/",
        views.RoundRemindView.as_view(),
        name="round_remind",
    ),
    path(
        "berichtsrunden/<int:round>/abschliessen/",
        views.RoundCloseView.as_view(),
        name="round_close",
    ),
    path(
        "berichtsrunden/<int:round>/bericht.pdf",
        views.RoundReportView.as_view(),
        name="round_report",
    ),
    path("meldung/<str:token>/", views.TaskReportView.as_view(), name="task_report"),
    path("bericht/", views.ReportView.as_view(), name="report"),
    path("bericht/controllingbericht.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
    path("export/messwerte.csv", views.ExportView.as_view(), {"fmt": "csv"}, name="export_csv"),
    path("export/messwerte.xlsx", views.ExportView.as_view(), {"fmt": "xlsx"}, name="export_xlsx"),
]
