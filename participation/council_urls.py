from django.urls import path

from participation import views

app_name = "council"

urlpatterns = [
    path("", views.CouncilIndexView.as_view(), name="index"),
]
