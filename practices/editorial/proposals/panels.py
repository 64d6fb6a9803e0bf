"""On a proposed practice's edit view, what the proposal says that the page
does not: who proposed it, when, and which organisations they named (those
new to the repository are marked "to check")."""

from wagtail.admin.panels import Panel

from practices.models.proposals import Proposal


class ProposalPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "practices/admin/proposal_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.proposal = None
            if self.instance is not None and self.instance.pk:
                self.proposal = (
                    Proposal.objects.filter(page_id=self.instance.pk).order_by("created_at").first()
                )

        def is_shown(self):
            return self.proposal is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            named = self.proposal.organisations.splitlines()
            linked = list(self.instance.organisations.all())
            context.update(
                proposal=self.proposal,
                named_organisations=[line.strip() for line in named if line.strip()],
                to_check=[organisation for organisation in linked if organisation.needs_checking],
            )
            return context
