from django.urls import path

from participation import (
    actor_views,
    group_views,
    invitation_views,
    meeting_views,
    overview_views,
)
from participation.urls_review import urlpatterns as review_urlpatterns

app_name = "participation"

urlpatterns = [
    path("", overview_views.ParticipationIndex.as_view(), name="index"),
    *review_urlpatterns,
    # Akteure
    path("akteure/", actor_views.ActorList.as_view(), name="actor_list"),
    path("akteure/neu/", actor_views.ActorCreate.as_view(), name="actor_create"),
    path("akteure/<int:actor>/", actor_views.ActorDetail.as_view(), name="actor_detail"),
    path("akteure/<int:actor>/bearbeiten/", actor_views.ActorUpdate.as_view(), name="actor_update"),
    path("akteure/<int:actor>/loeschen/", actor_views.ActorDelete.as_view(), name="actor_delete"),
    path(
        "akteure/<int:actor>/ansprechpersonen/neu/",
        actor_views.ContactPersonCreate.as_view(),
        name="contact_create",
    ),
    path(
        "akteure/<int:actor>/ansprechpersonen/<int:contact>/bearbeiten/",
        actor_views.ContactPersonUpdate.as_view(),
        name="contact_update",
    ),
    path(
        "akteure/<int:actor>/ansprechpersonen/<int:contact>/loeschen/",
        actor_views.ContactPersonDelete.as_view(),
        name="contact_delete",
    ),
    # Gremien der Beteiligung
    path("gruppen/", group_views.GroupList.as_view(), name="group_list"),
    path("gruppen/neu/", group_views.GroupCreate.as_view(), name="group_create"),
    path("gruppen/<int:group>/", group_views.GroupDetail.as_view(), name="group_detail"),
    path("gruppen/<int:group>/bearbeiten/", group_views.GroupUpdate.as_view(), name="group_update"),
    path("gruppen/<int:group>/loeschen/", group_views.GroupDelete.as_view(), name="group_delete"),
    path(
        "gruppen/<int:group>/mitglieder/",
        group_views.GroupMemberAdd.as_view(),
        name="group_member_add",
    ),
    path(
        "gruppen/<int:group>/mitglieder/<int:membership>/entfernen/",
        group_views.GroupMemberRemove.as_view(),
        name="group_member_remove",
    ),
    path(
        "gruppen/<int:group>/einladen/",
        invitation_views.InvitationCreate.as_view(),
        name="invitation_create",
    ),
    path(
        "einladung/<str:token>/",
        invitation_views.InvitationAccept.as_view(),
        name="invitation_accept",
    ),
    # Treffen
    path("treffen/", meeting_views.MeetingList.as_view(), name="meeting_list"),
    path("treffen/neu/", meeting_views.MeetingCreate.as_view(), name="meeting_create"),
    path("treffen/<int:meeting>/", meeting_views.MeetingDetail.as_view(), name="meeting_detail"),
    path(
        "treffen/<int:meeting>/bearbeiten/",
        meeting_views.MeetingUpdate.as_view(),
        name="meeting_update",
    ),
    path(
        "treffen/<int:meeting>/loeschen/",
        meeting_views.MeetingDelete.as_view(),
        name="meeting_delete",
    ),
    path(
        "treffen/<int:meeting>/kalender.ics",
        meeting_views.MeetingCalendar.as_view(),
        name="meeting_ics",
    ),
    path(
        "treffen/<int:meeting>/anlagen/",
        meeting_views.AttachmentUpload.as_view(),
        name="attachment_upload",
    ),
    path(
        "treffen/<int:meeting>/anlagen/<int:attachment>/",
        meeting_views.AttachmentDownload.as_view(),
        name="attachment_download",
    ),
    path(
        "treffen/<int:meeting>/anlagen/<int:attachment>/loeschen/",
        meeting_views.AttachmentDelete.as_view(),
        name="attachment_delete",
    ),
]
