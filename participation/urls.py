"""/<town>/beteiligung/…: the overview, the review of draft chapters, and the groups."""

from django.urls import path

from participation.groups.urls import urlpatterns as group_urlpatterns
from participation.groups.views import overview
from participation.review.urls import urlpatterns as review_urlpatterns
from participation.surveys.urls import urlpatterns as survey_urlpatterns

app_name = "participation"

urlpatterns = [
    path("", overview.ParticipationIndexView.as_view(), name="index"),
    *review_urlpatterns,
    *group_urlpatterns,
    *survey_urlpatterns,
]
