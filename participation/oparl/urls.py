from django.urls import path, re_path

from participation.oparl import views

app_name = "oparl"

urlpatterns = [
    path("", views.SystemView.as_view(), name="system"),
    path("body/", views.BodyListView.as_view(), name="body_list"),
    path("body/<slug:town>/", views.BodyView.as_view(), name="body"),
    path(
        "body/<slug:town>/organization/",
        views.OrganizationListView.as_view(),
        name="body_organizations",
    ),
    path("body/<slug:town>/person/", views.PersonListView.as_view(), name="body_persons"),
    path("body/<slug:town>/meeting/", views.MeetingListView.as_view(), name="body_meetings"),
    path("body/<slug:town>/paper/", views.PaperListView.as_view(), name="body_papers"),
    path(
        "body/<slug:town>/agendaitem/",
        views.AgendaItemListView.as_view(),
        name="body_agenda_items",
    ),
    path(
        "body/<slug:town>/consultation/",
        views.ConsultationListView.as_view(),
        name="body_consultations",
    ),
    path("body/<slug:town>/file/", views.FileListView.as_view(), name="body_files"),
    path("body/<slug:town>/location/", views.LocationListView.as_view(), name="body_locations"),
    path(
        "body/<slug:town>/legislativeterm/",
        views.LegislativeTermListView.as_view(),
        name="body_legislative_terms",
    ),
    path(
        "body/<slug:town>/membership/",
        views.MembershipListView.as_view(),
        name="body_memberships",
    ),
    path("body/<slug:town>/person/<int:person>/", views.PersonView.as_view(), name="person"),
    path("organization/<int:pk>/", views.OrganizationView.as_view(), name="organization"),
    path(
        "organization/<int:pk>/meeting/",
        views.OrganizationMeetingListView.as_view(),
        name="organization_meetings",
    ),
    path("membership/<int:pk>/", views.MembershipView.as_view(), name="membership"),
    path(
        "legislativeterm/<int:pk>/",
        views.LegislativeTermView.as_view(),
        name="legislative_term",
    ),
    path("meeting/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("agendaitem/<int:pk>/", views.AgendaItemView.as_view(), name="agenda_item"),
    path("location/<int:pk>/", views.LocationView.as_view(), name="location"),
    path("paper/<int:pk>/", views.PaperView.as_view(), name="paper"),
    path("paper/<int:pk>/mainfile/", views.PaperMainFileView.as_view(), name="paper_main_file"),
    path(
        "paper/<int:pk>/mainfile/access/",
        views.PaperMainFileContentView.as_view(),
        name="paper_main_file_access",
    ),
    path(
        "paper/<int:pk>/mainfile/download/",
        views.PaperMainFileContentView.as_view(as_attachment=True),
        name="paper_main_file_download",
    ),
    path("consultation/<int:pk>/", views.ConsultationView.as_view(), name="consultation"),
    path("file/<int:pk>/", views.FileView.as_view(), name="file"),
    path("file/<int:pk>/access/", views.FileContentView.as_view(), name="file_access"),
    path(
        "file/<int:pk>/download/",
        views.FileContentView.as_view(as_attachment=True),
        name="file_download",
    ),
    # Everything else under /oparl/v1/ (with a final slash, so APPEND_SLASH still redirects):
    # an OParl error object rather than the HTML page.
    re_path(r"^(?P<rest>.+/)$", views.NotFoundView.as_view(), name="not_found"),
]
