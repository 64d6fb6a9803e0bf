"""Editorial roles: the Contributors, Editors, Reviewers and Administrators
groups, each with the least permissions that let it work, kept in step by
`setup_roles`."""

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
