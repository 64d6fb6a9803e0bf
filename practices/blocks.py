"""StreamField blocks used on practice pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class IndicatorBlock(blocks.StructBlock):
    """A measured outcome: "Households received" / "1 200" / "per year"."""

    label = blocks.CharBlock(label=_("Label"), max_length=120)
    value = blocks.CharBlock(label=_("Value"), max_length=40)
    unit = blocks.CharBlock(label=_("Unit"), max_length=60, required=False)

    class Meta:
        icon = "order"
        label = _("Indicator")
        template = "practices/blocks/indicator.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's own title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Attachment")
        template = "practices/blocks/attachment.html"
