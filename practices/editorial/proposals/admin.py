"""Proposals in the admin: a read-only snippet listing (who proposed which
practice, from which language) with an inspect view. Nobody adds or edits
a Proposal in the admin: the public form creates them, deleting the practice
deletes its proposal, and users with the delete permission may delete one."""

from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from practices.models import Proposal

READ_ONLY_REFUSED = ("add", "change")


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in READ_ONLY_REFUSED and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action not in READ_ONLY_REFUSED]
        )


class ProposalViewSet(SnippetViewSet):
    model = Proposal
    icon = "mail"
    menu_label = _("Proposals")
    list_display = ["page", "proposer_name", "proposer_email", "language", "created_at"]
    list_filter = ["language"]
    search_fields = ["proposer_name", "proposer_email", "organisations"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "page",
        "user",
        "proposer_name",
        "proposer_email",
        "organisations",
        "contact_consent",
        "language",
        "created_at",
    ]


def register_proposal_admin():
    from wagtail.permissions import register_permission_policy
    from wagtail.snippets.models import register_snippet

    register_permission_policy(Proposal, ReadOnlyPermissionPolicy(Proposal))
    register_snippet(ProposalViewSet)
