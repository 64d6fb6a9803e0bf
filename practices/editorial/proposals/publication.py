"""When a practice is published, its attachments and image leave the private
"Proposals" and "Contributions" collections for the public "Practice
documents"."""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from practices.editorial.group_sync import root_collection

from .submission import COLLECTION_NAME

# The collections whose files wait for their practice's publication (the
# second is practices.editorial.staff_groups.CONTRIBUTIONS_COLLECTION).
PRIVATE_COLLECTION_NAMES = (COLLECTION_NAME, "Contributions")

PUBLIC_COLLECTION_NAME = "Practice documents"


def practice_documents_collection():
    """The public "Practice documents" collection, created if missing."""
    root = root_collection()
    collection = root.get_children().filter(name=PUBLIC_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=PUBLIC_COLLECTION_NAME)
    return collection


def _document_ids(page):
    return {
        block.value["document"].pk
        for block in page.attachments
        if block.block_type == "attachment" and block.value.get("document") is not None
    }


def release_proposal_files(page):
    """Move the page's attachments and image that are in "Proposals" or
    "Contributions" into "Practice documents". Idempotent; returns how many
    files moved."""
    document_ids = _document_ids(page)
    image_id = page.image_id
    if not document_ids and image_id is None:
        return 0
    private = root_collection().get_children().filter(name__in=PRIVATE_COLLECTION_NAMES)
    files = [
        *get_document_model().objects.filter(pk__in=document_ids, collection__in=private),
        *get_image_model().objects.filter(pk=image_id, collection__in=private),
    ]
    if files:
        public = practice_documents_collection()
        for file in files:
            # Saved one by one: Wagtail's search index and signals follow.
            file.collection = public
            file.save(update_fields=["collection"])
    return len(files)


def practice_published(sender, instance, **kwargs):
    """`page_published` receiver for practice pages."""
    release_proposal_files(instance)
