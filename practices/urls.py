"""Public URLs of the practices app, mounted under each language prefix."""

from django.urls import path

from practices.editorial.proposals import views as proposal_views
from practices.feeds import LatestPracticesFeed

urlpatterns = [
    path("feed/", LatestPracticesFeed(), name="practices_feed"),
    path("propose/", proposal_views.propose, name="propose_practice"),
    path("propose/thanks/", proposal_views.thanks, name="propose_practice_thanks"),
]
