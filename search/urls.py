"""Public search URLs, mounted under each language prefix (/<lang>/...)."""

from django.urls import path, re_path

from search import exports, views

urlpatterns = [
    path("search/", views.search, name="search"),
    re_path(r"^search/export\.(?P<fmt>csv|json)$", exports.export, name="search_export"),
    path("themes/<slug:slug>/", views.search_theme, name="search_theme"),
    path("countries/<str:code>/", views.search_country, name="search_country"),
]
