"""The public transparency view under /<town>/oeffentlich/: no login (concepts/public/views.py)."""

from django.urls import path

from concepts.public import views as public_views

app_name = "public"

urlpatterns = [
    path("", public_views.PublicIndexView.as_view(), name="index"),
    path("<int:edition>/", public_views.PublicEditionView.as_view(), name="edition"),
    path(
        "<int:edition>/handlungsfelder/<int:pk>/",
        public_views.PublicFieldView.as_view(),
        name="field",
    ),
]
