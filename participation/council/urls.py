"""/<town>/gremien/…: bodies, meetings, Vorlagen with their Beratungsfolge, and their PDFs."""

from django.urls import path

from participation.council import views

app_name = "council"

urlpatterns = [
    path("", views.CouncilIndexView.as_view(), name="index"),
    path("gremien/", views.CommitteeListView.as_view(), name="committee_list"),
    path("gremien/neu/", views.CommitteeCreateView.as_view(), name="committee_create"),
    path("gremien/<int:committee>/", views.CommitteeDetailView.as_view(), name="committee_detail"),
    path(
        "gremien/<int:committee>/bearbeiten/",
        views.CommitteeUpdateView.as_view(),
        name="committee_update",
    ),
    path(
        "gremien/<int:committee>/mitglieder/neu/",
        views.MembershipCreateView.as_view(),
        name="membership_create",
    ),
    path(
        "gremien/<int:committee>/mitglieder/<int:membership>/",
        views.MembershipUpdateView.as_view(),
        name="membership_update",
    ),
    path(
        "gremien/<int:committee>/sitzungen/neu/",
        views.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path("sitzungen/<int:meeting>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "sitzungen/<int:meeting>/bearbeiten/",
        views.MeetingUpdateView.as_view(),
        name="meeting_update",
    ),
    path("vorlagen/", views.PaperListView.as_view(), name="paper_list"),
    path("vorlagen/neu/", views.PaperCreateView.as_view(), name="paper_create"),
    path("vorlagen/<int:paper>/", views.PaperDetailView.as_view(), name="paper_detail"),
    path("vorlagen/<int:paper>/bearbeiten/", views.PaperUpdateView.as_view(), name="paper_update"),
    path("vorlagen/<int:paper>/vorlage.pdf", views.PaperPdfView.as_view(), name="paper_pdf"),
    path("vorlagen/<int:paper>/vorlage.docx", views.PaperDocxView.as_view(), name="paper_docx"),
    path(
        "vorlagen/<int:paper>/ratspaket.pdf",
        views.PaperPackagePdfView.as_view(),
        name="paper_package_pdf",
    ),
    path(
        "vorlagen/<int:paper>/beratungen/neu/",
        views.ConsultationCreateView.as_view(),
        name="consultation_create",
    ),
    path(
        "beratungen/<int:consultation>/bearbeiten/",
        views.ConsultationUpdateView.as_view(),
        name="consultation_update",
    ),
    path(
        "beratungen/<int:consultation>/loeschen/",
        views.ConsultationDeleteView.as_view(),
        name="consultation_delete",
    ),
    path(
        "beratungen/<int:consultation>/ergebnis/",
        views.ConsultationResultView.as_view(),
        name="consultation_result",
    ),
    path(
        "beratungen/<int:consultation>/beschluss-zuruecknehmen/",
        views.ConsultationRevertView.as_view(),
        name="consultation_revert",
    ),
    path(
        "beratungen/<int:consultation>/aenderungsantraege/neu/",
        views.AmendmentCreateView.as_view(),
        name="amendment_create",
    ),
    path(
        "vorlagen/<int:paper>/anlagen/neu/",
        views.AttachmentCreateView.as_view(),
        name="attachment_create",
    ),
    path(
        "anlagen/<int:attachment>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "anlagen/<int:attachment>/loeschen/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("nummernkreise/", views.NumberingListView.as_view(), name="numbering_list"),
    path("nummernkreise/neu/", views.NumberingCreateView.as_view(), name="numbering_create"),
    path(
        "nummernkreise/<int:numbering>/",
        views.NumberingUpdateView.as_view(),
        name="numbering_update",
    ),
]
