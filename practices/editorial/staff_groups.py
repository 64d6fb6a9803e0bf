"""Editorial roles: contributors, editors, reviewers and administrators.

`python manage.py setup_roles` keeps these four groups in step (with the
translator groups of practices/editorial/translator_groups.py), each with the least permissions
that let it work, the Wagtail way: model permissions on the group, page
permissions (`GroupPagePermission`, which apply to a page and everything
below it) and collection permissions for images and documents
(`GroupCollectionPermission`).

- Contributors (partner organisations) add practices under every language's
  practice index; Wagtail's "add" permission lets them edit only the pages
  they own, that is their own drafts. They cannot publish: they submit to the
  "Practice review" workflow (practices/editorial/workflow.py). They pick existing
  terms, organisations and projects in the page form (choosing a snippet
  needs no permission) and upload images and documents into the
  "Contributions" collection only, which signed-in users alone may read until
  their practice is published (practices/editorial/proposals/publication.py).
- Editors add and change the pages of every language tree (page permissions
  on each language's home page) without publishing them: they submit them
  for review. They add, change and delete organisations, Erasmus+ projects,
  countries and taxonomy terms in every language (LocaleScopedPermissionPolicy
  narrows only permissions held through a translator group), and add and
  change images and documents.
- Reviewers change and publish (and so unpublish) the pages of every
  language tree; they are the group of the workflow's "Review" task, so they
  approve, or request changes with a comment.
- Administrators hold every model permission (users and groups included),
  every page permission on the root page and every collection permission on
  the root collection, without being superusers.

Wagtail's migrations create two groups of their own, "Editors" and
"Moderators". "Editors" is the name of the project's editors: `setup_roles`
makes its rights exactly the ones above (Wagtail's add and edit on the root
page, and its image and document rights, are removed). "Moderators" (add,
edit, publish and lock on the root page, wagtail-localize's
submit_translation) has no place in these roles: `setup_roles` moves its
members to the Reviewers (who hold less: no adding pages, no locking), hands
the approval tasks it was the group of (Wagtail's "Moderators approval") to
the Reviewers, and deletes it, naming in its report each member moved.

Editors and reviewers may also request a translation of a page into any
language (wagtail-localize's `submit_translation`; the new translation is a
draft of the target language's tree, which both may edit):
practices.localize.language_checks.user_can_translate_into.

What Wagtail's page permissions imply, and the permission matrix tests
(tests/test_permission_matrix.py) pin down: "change" without "publish" may
delete pages that are not live; "change" with "publish" may delete any page
without children; "add" alone may delete one's own drafts.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    PAGE_PERMISSION_TYPES,
    BaseViewRestriction,
    CollectionViewRestriction,
    GroupApprovalTask,
    Page,
)

from practices.editorial.group_sync import (
    page_permissions,
    permissions,
    root_collection,
    sync_group,
)
from practices.models import (
    TAXONOMY_MODELS,
    Country,
    ErasmusProject,
    Organisation,
    PracticeIndexPage,
)

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
REVIEWERS = "Reviewers"
ADMINISTRATORS = "Administrators"
EDITORIAL_GROUPS = (CONTRIBUTORS, EDITORS, REVIEWERS, ADMINISTRATORS)

CONTRIBUTIONS_COLLECTION = "Contributions"

ADMIN_ACCESS = "wagtailadmin.access_admin"
SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"
# The group Wagtail's migrations create that no role of the project explains.
WAGTAIL_MODERATORS = "Moderators"
# The snippets of the "Repository" menu (practices/wagtail_hooks.py).
SNIPPET_MODELS = (Organisation, ErasmusProject, Country, *TAXONOMY_MODELS)

EDITOR_PERMISSIONS = (
    ADMIN_ACCESS,
    SUBMIT_TRANSLATION,
    *(
        f"practices.{action}_{model._meta.model_name}"
        for model in SNIPPET_MODELS
        for action in ("add", "change", "delete")
    ),
)
# Images and documents: permissions on collections, not on the group.
MEDIA_UPLOAD = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
MEDIA_EDIT = (*MEDIA_UPLOAD, "wagtailimages.change_image", "wagtaildocs.change_document")
MEDIA_CHOOSE = ("wagtailimages.choose_image", "wagtaildocs.choose_document")
# The apps whose permissions Wagtail checks on collections.
COLLECTION_APPS = {"wagtailimages", "wagtaildocs"}
COLLECTION_MODELS = {("wagtailcore", "collection")}


def _rows(targets, perms):
    return {(target.pk, permission.pk) for target in targets for permission in perms}


def contributions_collection(report):
    """The "Contributions" collection, under the root collection, readable by
    signed-in users only until its files' practice is published (created, and
    its restriction restored, if missing)."""
    root = root_collection()
    collection = root.get_children().filter(name=CONTRIBUTIONS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=CONTRIBUTIONS_COLLECTION)
        report.changes.append(f"Created the collection {CONTRIBUTIONS_COLLECTION!r}.")
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.LOGIN
        )
        report.changes.append(f"{CONTRIBUTIONS_COLLECTION!r}: readable by signed-in users only.")
    return collection


def _wanted(report):
    """{group name: (permissions, page rows, collection rows)}."""
    homes = list(Page.objects.filter(depth=2))  # each language tree's home page
    indexes = list(PracticeIndexPage.objects.all())
    root_page = Page.get_first_root_node()
    root_collections = [root_collection()]
    access = set(permissions([ADMIN_ACCESS]).values())
    reviewer_permissions = set(permissions([ADMIN_ACCESS, SUBMIT_TRANSLATION]).values())

    every_permission = set(Permission.objects.all())
    collection_perms = {
        permission
        for permission in every_permission
        if permission.content_type.app_label in COLLECTION_APPS
        or (permission.content_type.app_label, permission.content_type.model) in COLLECTION_MODELS
    }
    every_page_permission = page_permissions(f"{c}_page" for c, _s, _l in PAGE_PERMISSION_TYPES)

    return {
        CONTRIBUTORS: (
            access,
            _rows(indexes, page_permissions(["add_page"]).values()),
            _rows([contributions_collection(report)], permissions(MEDIA_UPLOAD).values()),
        ),
        EDITORS: (
            set(permissions(EDITOR_PERMISSIONS).values()),
            _rows(homes, page_permissions(["add_page", "change_page"]).values()),
            _rows(root_collections, permissions(MEDIA_EDIT).values()),
        ),
        REVIEWERS: (
            reviewer_permissions,
            _rows(homes, page_permissions(["change_page", "publish_page"]).values()),
            _rows(root_collections, permissions(MEDIA_CHOOSE).values()),
        ),
        ADMINISTRATORS: (
            every_permission,
            _rows([root_page] if root_page else [], every_page_permission.values()),
            _rows(root_collections, collection_perms),
        ),
    }


def setup_editorial_roles(report):
    """Create and update the four editorial groups, noting changes in `report`."""
    for name, (perms, pages, collections) in _wanted(report).items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            report.changes.append(f"Created the group {name!r}.")
        sync_group(group, perms, pages, report, collections)
    retire_wagtail_moderators(report)


def retire_wagtail_moderators(report):
    """Fold Wagtail's default "Moderators" group into the Reviewers, then delete it."""
    moderators = Group.objects.filter(name=WAGTAIL_MODERATORS).first()
    if moderators is None:
        return
    reviewers = Group.objects.get(name=REVIEWERS)
    members = list(moderators.user_set.order_by("username"))
    for user in members:
        user.groups.add(reviewers)
    if members:
        names = ", ".join(user.get_username() for user in members)
        report.warnings.append(
            f"the group {WAGTAIL_MODERATORS!r} is removed; its members ({names}) are now "
            f"{REVIEWERS!r}: check that this is the role they need."
        )
    for task in GroupApprovalTask.objects.filter(groups=moderators):
        task.groups.add(reviewers)
        report.changes.append(f"The task {task.name!r} goes to {REVIEWERS!r}.")
    moderators.delete()
    report.changes.append(f"Deleted Wagtail's default group {WAGTAIL_MODERATORS!r}.")
