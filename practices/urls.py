"""Public URLs of the practices app, mounted under each language prefix."""

from django.urls import path

from practices.feeds import LatestPracticesFeed

urlpatterns = [
    path("feed/", LatestPracticesFeed(), name="practices_feed"),
]
