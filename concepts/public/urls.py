"""The public transparency view under /<town>/oeffentlich/: no login (concepts/public/views.py)."""

from django.urls import path

from concepts.public import views

app_name = "public"

urlpatterns = [
    path("", views.PublicIndexView.as_view(), name="index"),
    path("<int:edition>/", views.PublicEditionView.as_view(), name="edition"),
    path("<int:edition>/pdf/", views.PublicEditionPdfView.as_view(), name="edition_pdf"),
    path("<int:edition>/kapitel/<int:pk>/", views.PublicChapterView.as_view(), name="chapter"),
    path(
        "<int:edition>/handlungsfelder/<int:pk>/",
        views.PublicFieldView.as_view(),
        name="field",
    ),
]
