"""A valid proposal becomes a draft practice in review, under the practice
index of the visitor's language. Nothing here publishes anything."""

from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import BaseViewRestriction, CollectionViewRestriction

from practices.editorial.group_sync import root_collection
from practices.models import TAXONOMIES, PracticePage, Proposal

from .files import extension
from .forms import SECTIONS
from .organisations import named_organisations, organisations_for
from .text import paragraphs

COLLECTION_NAME = "Proposals"


def proposals_collection():
    """The "Proposals" collection, created with a login-only view restriction
    if missing; the restriction is restored if someone removed it."""
    root = root_collection()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.LOGIN
        )
    return collection


def _store_document(upload, collection, user):
    Document = get_document_model()
    title = upload.name.rsplit(".", 1)[0].strip()[:255] or upload.name[:255]
    upload.name = f"proposal.{extension(upload.name)}"
    document = Document(title=title, file=upload, collection=collection, uploaded_by_user=user)
    document._set_document_file_metadata()
    document.save()
    return document


@transaction.atomic
def create_proposal(form, *, index, user, language, ip_hash):
    """Create the draft practice and its Proposal record; return the page."""
    data = form.cleaned_data
    user = user if user is not None and user.is_authenticated else None
    page = PracticePage(
        title=data["title"],
        locale=index.locale,
        live=False,
        owner=user,
        summary=data["summary"],
        region=data["region"],
        start_year=data["start_year"],
        end_year=data["end_year"],
        contact_name=data["name"],
        contact_email=data["email"],
        contact_consent=data["contact_consent"],
        **{name: paragraphs(data[name]) for name in SECTIONS},
    )
    for name in (*(taxonomy.field for taxonomy in TAXONOMIES), "countries"):
        setattr(page, name, list(data[name]))
    page.organisations = organisations_for(
        named_organisations(data["organisations"]), country=next(iter(data["countries"]), None)
    )
    if data["attachments"]:
        collection = proposals_collection()
        page.attachments = [
            ("attachment", {"document": _store_document(upload, collection, user), "title": ""})
            for upload in data["attachments"]
        ]
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    Proposal.objects.create(
        page=page,
        user=user,
        proposer_name=data["name"],
        proposer_email=data["email"],
        organisations=data["organisations"],
        contact_consent=data["contact_consent"],
        language=language,
        ip_hash=ip_hash,
    )
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return page
