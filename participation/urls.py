from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("", views.ParticipationIndexView.as_view(), name="index"),
]
