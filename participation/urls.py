from django.urls import path

from participation import views
from participation.urls_review import urlpatterns as review_urlpatterns

app_name = "participation"

urlpatterns = [
    path("", views.ParticipationIndexView.as_view(), name="index"),
    *review_urlpatterns,
]
