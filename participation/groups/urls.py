"""URLs of actors, participation groups, invitations and meetings; included by
participation/urls.py (namespace `participation`)."""

from django.urls import path

from participation.groups.views import actors, groups, invitations, meetings

urlpatterns = [
    # Akteure
    path("akteure/", actors.ActorListView.as_view(), name="actor_list"),
    path("akteure/neu/", actors.ActorCreateView.as_view(), name="actor_create"),
    path("akteure/<int:actor>/", actors.ActorDetailView.as_view(), name="actor_detail"),
    path("akteure/<int:actor>/bearbeiten/", actors.ActorUpdateView.as_view(), name="actor_update"),
    path("akteure/<int:actor>/loeschen/", actors.ActorDeleteView.as_view(), name="actor_delete"),
    path(
        "akteure/<int:actor>/ansprechpersonen/neu/",
        actors.ContactPersonCreateView.as_view(),
        name="contact_create",
    ),
    path(
        "akteure/<int:actor>/ansprechpersonen/<int:contact>/bearbeiten/",
        actors.ContactPersonUpdateView.as_view(),
        name="contact_update",
    ),
    path(
        "akteure/<int:actor>/ansprechpersonen/<int:contact>/loeschen/",
        actors.ContactPersonDeleteView.as_view(),
        name="contact_delete",
    ),
    # Gremien der Beteiligung
    path("gruppen/", groups.GroupListView.as_view(), name="group_list"),
    path("gruppen/neu/", groups.GroupCreateView.as_view(), name="group_create"),
    path("gruppen/<int:group>/", groups.GroupDetailView.as_view(), name="group_detail"),
    path("gruppen/<int:group>/bearbeiten/", groups.GroupUpdateView.as_view(), name="group_update"),
    path("gruppen/<int:group>/loeschen/", groups.GroupDeleteView.as_view(), name="group_delete"),
    path(
        "gruppen/<int:group>/mitglieder/",
        groups.GroupMemberAddView.as_view(),
        name="group_member_add",
    ),
    path(
        "gruppen/<int:group>/mitglieder/<int:membership>/entfernen/",
        groups.GroupMemberRemoveView.as_view(),
        name="group_member_remove",
    ),
    path(
        "gruppen/<int:group>/einladen/",
        invitations.InvitationCreateView.as_view(),
        name="invitation_create",
    ),
    path(
        "einladung/<str:token>/",
        invitations.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    # Treffen
    path("treffen/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("treffen/neu/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("treffen/<int:meeting>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "treffen/<int:meeting>/bearbeiten/",
        meetings.MeetingUpdateView.as_view(),
        name="meeting_update",
    ),
    path(
        "treffen/<int:meeting>/loeschen/",
        meetings.MeetingDeleteView.as_view(),
        name="meeting_delete",
    ),
    path(
        "treffen/<int:meeting>/kalender.ics",
        meetings.MeetingCalendarView.as_view(),
        name="meeting_ics",
    ),
    path(
        "treffen/<int:meeting>/anlagen/",
        meetings.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "treffen/<int:meeting>/anlagen/<int:attachment>/",
        meetings.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "treffen/<int:meeting>/anlagen/<int:attachment>/loeschen/",
        meetings.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
]
