"""URLs of the review of draft chapters; included by participation/urls.py (namespace
`participation`)."""

from django.urls import path

from participation.review import views

urlpatterns = [
    path("rueckmeldung/", views.ReviewRoundListView.as_view(), name="review_round_list"),
    path("rueckmeldung/neu/", views.ReviewRoundCreateView.as_view(), name="review_round_create"),
    path(
        "rueckmeldung/<int:round>/",
        views.ReviewRoundDetailView.as_view(),
        name="review_round_detail",
    ),
    path(
        "rueckmeldung/<int:round>/kommentieren/",
        views.CommentCreateView.as_view(),
        name="review_comment_create",
    ),
    path(
        "rueckmeldung/<int:round>/kommentare/<int:comment>/bearbeiten/",
        views.CommentUpdateView.as_view(),
        name="review_comment_update",
    ),
    path(
        "rueckmeldung/<int:round>/kommentare/<int:comment>/zurueckziehen/",
        views.CommentWithdrawView.as_view(),
        name="review_comment_withdraw",
    ),
    path(
        "rueckmeldung/<int:round>/kommentare/<int:comment>/antwort/",
        views.CommentAnswerView.as_view(),
        name="review_comment_answer",
    ),
    path(
        "rueckmeldung/<int:round>/abschliessen/",
        views.ReviewRoundCloseView.as_view(),
        name="review_round_close",
    ),
    path(
        "rueckmeldung/<int:round>/synopse.xlsx",
        views.SynopsisXlsxView.as_view(),
        name="review_synopsis_xlsx",
    ),
    path(
        "rueckmeldung/<int:round>/synopse.pdf",
        views.SynopsisPdfView.as_view(),
        name="review_synopsis_pdf",
    ),
    path(
        "benachrichtigungen/",
        views.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
]
