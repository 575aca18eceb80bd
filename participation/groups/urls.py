"""URLs of actors, participation groups, invitations and meetings; included by
participation/urls.py (namespace `participation`)."""

from django.urls import path

from participation.groups.views import actors, groups, invitations, meetings

urlpatterns = [
    # Akteure
    path("akteure/", actors.ActorList.as_view(), name="actor_list"),
    path("akteure/neu/", actors.ActorCreate.as_view(), name="actor_create"),
    path("akteure/<int:actor>/", actors.ActorDetail.as_view(), name="actor_detail"),
    path("akteure/<int:actor>/bearbeiten/", actors.ActorUpdate.as_view(), name="actor_update"),
    path("akteure/<int:actor>/loeschen/", actors.ActorDelete.as_view(), name="actor_delete"),
    path(
        "akteure/<int:actor>/ansprechpersonen/neu/",
        actors.ContactPersonCreate.as_view(),
        name="contact_create",
    ),
    path(
        "akteure/<int:actor>/ansprechpersonen/<int:contact>/bearbeiten/",
        actors.ContactPersonUpdate.as_view(),
        name="contact_update",
    ),
    path(
        "akteure/<int:actor>/ansprechpersonen/<int:contact>/loeschen/",
        actors.ContactPersonDelete.as_view(),
        name="contact_delete",
    ),
    # Gremien der Beteiligung
    path("gruppen/", groups.GroupList.as_view(), name="group_list"),
    path("gruppen/neu/", groups.GroupCreate.as_view(), name="group_create"),
    path("gruppen/<int:group>/", groups.GroupDetail.as_view(), name="group_detail"),
    path("gruppen/<int:group>/bearbeiten/", groups.GroupUpdate.as_view(), name="group_update"),
    path("gruppen/<int:group>/loeschen/", groups.GroupDelete.as_view(), name="group_delete"),
    path(
        "gruppen/<int:group>/mitglieder/",
        groups.GroupMemberAdd.as_view(),
        name="group_member_add",
    ),
    path(
        "gruppen/<int:group>/mitglieder/<int:membership>/entfernen/",
        groups.GroupMemberRemove.as_view(),
        name="group_member_remove",
    ),
    path(
        "gruppen/<int:group>/einladen/",
        invitations.InvitationCreate.as_view(),
        name="invitation_create",
    ),
    path(
        "einladung/<str:token>/",
        invitations.InvitationAccept.as_view(),
        name="invitation_accept",
    ),
    # Treffen
    path("treffen/", meetings.MeetingList.as_view(), name="meeting_list"),
    path("treffen/neu/", meetings.MeetingCreate.as_view(), name="meeting_create"),
    path("treffen/<int:meeting>/", meetings.MeetingDetail.as_view(), name="meeting_detail"),
    path(
        "treffen/<int:meeting>/bearbeiten/",
        meetings.MeetingUpdate.as_view(),
        name="meeting_update",
    ),
    path(
        "treffen/<int:meeting>/loeschen/",
        meetings.MeetingDelete.as_view(),
        name="meeting_delete",
    ),
    path(
        "treffen/<int:meeting>/kalender.ics",
        meetings.MeetingCalendar.as_view(),
        name="meeting_ics",
    ),
    path(
        "treffen/<int:meeting>/anlagen/",
        meetings.AttachmentUpload.as_view(),
        name="attachment_upload",
    ),
    path(
        "treffen/<int:meeting>/anlagen/<int:attachment>/",
        meetings.AttachmentDownload.as_view(),
        name="attachment_download",
    ),
    path(
        "treffen/<int:meeting>/anlagen/<int:attachment>/loeschen/",
        meetings.AttachmentDelete.as_view(),
        name="attachment_delete",
    ),
]
