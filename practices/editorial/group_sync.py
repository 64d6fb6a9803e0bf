"""Keep a Django group's model, page and collection permissions exactly what a
role wants, describing every change in a RolesReport."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

# Beyond this many additions or removals of one kind, the report gives a count
# (the administrators' group holds every permission: hundreds of lines).
DETAILED_CHANGES = 12


@dataclass
class RolesReport:
    changes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


# Permissions that Wagtail and wagtail-localize create in data migrations
# rather than from a model's Meta: `manage.py flush` removes them and nothing
# recreates them, so setup_roles recreates them as those migrations do.
MIGRATION_PERMISSIONS = {
    "wagtail_localize.submit_translation": ("translation", "Can submit translations"),
}


def permissions(natural_keys):
    """{"app_label.codename": Permission} for the given keys."""
    found = {}
    for key in natural_keys:
        app_label, codename = key.split(".")
        if key in MIGRATION_PERMISSIONS:
            model, name = MIGRATION_PERMISSIONS[key]
            content_type, _created = ContentType.objects.get_or_create(
                app_label=app_label, model=model
            )
            found[key], _created = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            continue
        found[key] = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return found


def page_permissions(codenames):
    """{codename: Permission} of Wagtail's page permissions ("add_page", …)."""
    return {
        codename: Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        for codename in codenames
    }


def perm_label(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def _page_label(row):
    return f"{row.permission.codename} on {row.page.title!r} ({row.page.locale.language_code})"


def _collection_label(row):
    return f"{perm_label(row.permission)} on the collection {row.collection.name!r}"


def _log(report, group, sign, labels):
    labels = sorted(labels)
    if len(labels) > DETAILED_CHANGES:
        report.changes.append(f"{group.name}: {sign} {len(labels)} permissions")
        return
    report.changes.extend(f"{group.name}: {sign} {label}" for label in labels)


def sync_group(group, wanted_permissions, wanted_pages, report, wanted_collections=frozenset()):
    """Make `group` hold exactly the wanted rows.

    wanted_permissions: a set of Permission; wanted_pages: a set of
    (page id, permission id); wanted_collections: a set of (collection id,
    permission id).
    """
    current = set(group.permissions.select_related("content_type"))
    if current != wanted_permissions:
        _log(report, group, "+", [perm_label(p) for p in wanted_permissions - current])
        _log(report, group, "-", [perm_label(p) for p in current - wanted_permissions])
        group.permissions.set(wanted_permissions)

    _sync_rows(
        GroupPagePermission.objects.filter(group=group).select_related(
            "page__locale", "permission__content_type"
        ),
        key=lambda row: (row.page_id, row.permission_id),
        wanted=wanted_pages,
        create=lambda page_id, permission_id: GroupPagePermission.objects.create(
            group=group, page_id=page_id, permission_id=permission_id
        ),
        label=_page_label,
        group=group,
        report=report,
    )
    _sync_rows(
        GroupCollectionPermission.objects.filter(group=group).select_related(
            "collection", "permission__content_type"
        ),
        key=lambda row: (row.collection_id, row.permission_id),
        wanted=wanted_collections,
        create=lambda collection_id, permission_id: GroupCollectionPermission.objects.create(
            group=group, collection_id=collection_id, permission_id=permission_id
        ),
        label=_collection_label,
        group=group,
        report=report,
    )


def _sync_rows(rows, *, key, wanted, create, label, group, report):
    existing, removed, added = set(), [], []
    for row in rows:
        row_key = key(row)
        if row_key in wanted and row_key not in existing:
            existing.add(row_key)
        else:
            removed.append(label(row))
            row.delete()
    for row_key in sorted(set(wanted) - existing):
        added.append(label(create(*row_key)))
    _log(report, group, "+", added)
    _log(report, group, "-", removed)


def root_collection():
    """Wagtail's root collection. Its migration creates it, but `manage.py
    flush` empties the table and nothing recreates it: do so, as the
    migration does, so that the groups and collections can be set up."""
    root = Collection.get_first_root_node()
    if root is None:
        root = Collection.add_root(name="Root")
    return root
