"""Rename PracticePage.method to method_text, and every stored copy of its name.

`<input name="method">` hid the edit form's own `method` property, and Wagtail's
autosave sent `fetch(form.action, {method: form.method})` with an element. The
name also lives in stored data: the revisions' content (and their comments'
content paths), the comments, the reference index, and wagtail-localize's
sources and segment contexts (whose path hashes are keyed on the path). Each is
renamed here, so that old revisions still load with their text and existing
translations still match their segments; the reverse migration renames back.
"""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

# The namespaces wagtail-localize and Wagtail hash content paths with.
LOCALIZE_PATH_NAMESPACE = uuid.UUID("fcab004a-2b50-11ea-978f-2e728ce88125")
REFERENCE_PATH_NAMESPACE = uuid.UUID("bdc70d8b-e7a2-4c2a-bf43-2a3e3fcbbe86")
BATCH = 500


def renamed_path(path, old, new):
    """`old` or `old.<rest>` becomes `new` or `new.<rest>`; any other path is None."""
    if path == old:
        return new
    if path.startswith(old + "."):
        return new + path[len(old) :]
    return None


def _rename_key(content, old, new):
    changed = False
    if old in content:
        content[new] = content.pop(old)
        changed = True
    for comment in content.get("comments") or []:
        path = renamed_path(comment.get("contentpath") or "", old, new)
        if path is not None:
            comment["contentpath"] = path
            changed = True
    return changed


def _save_changed(queryset, fields, change):
    batch = []
    for row in queryset.iterator(chunk_size=BATCH):
        if change(row):
            batch.append(row)
        if len(batch) >= BATCH:
            queryset.model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        queryset.model.objects.bulk_update(batch, fields)


def rename(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    practice_type = ContentType.objects.filter(app_label="practices", model="practicepage").first()
    if practice_type is None:  # a fresh database: nothing stored yet
        return
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    Comment = apps.get_model("wagtailcore", "Comment")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    TranslationContext = apps.get_model("wagtail_localize", "TranslationContext")

    _save_changed(
        Revision.objects.filter(content_type_id=practice_type.pk),
        ["content"],
        lambda revision: _rename_key(revision.content, old, new),
    )

    def rename_comment(comment):
        path = renamed_path(comment.contentpath, old, new)
        if path is not None:
            comment.contentpath = path
        return path is not None

    _save_changed(
        Comment.objects.filter(page__content_type_id=practice_type.pk),
        ["contentpath"],
        rename_comment,
    )

    def rename_reference(reference):
        content_path = renamed_path(reference.content_path, old, new)
        model_path = renamed_path(reference.model_path, old, new)
        if content_path is not None:
            reference.content_path = content_path
            reference.content_path_hash = uuid.uuid5(REFERENCE_PATH_NAMESPACE, content_path)
        if model_path is not None:
            reference.model_path = model_path
        return content_path is not None or model_path is not None

    _save_changed(
        ReferenceIndex.objects.filter(content_type_id=practice_type.pk),
        ["content_path", "content_path_hash", "model_path"],
        rename_reference,
    )

    sources = TranslationSource.objects.filter(specific_content_type_id=practice_type.pk)

    def rename_source(source):
        content = json.loads(source.content_json)
        if _rename_key(content, old, new):
            source.content_json = json.dumps(content, cls=DjangoJSONEncoder)
            return True
        return False

    _save_changed(sources, ["content_json"], rename_source)

    # Segment contexts belong to the translatable object (the translation key).
    keys = set(sources.values_list("object_id", flat=True))
    keys |= set(
        Page.objects.filter(content_type_id=practice_type.pk).values_list(
            "translation_key", flat=True
        )
    )

    def rename_context(context):
        path = renamed_path(context.path, old, new)
        if path is None:
            return False
        context.path = path
        context.path_id = uuid.uuid5(LOCALIZE_PATH_NAMESPACE, path)
        field_path = renamed_path(context.field_path or "", old, new)
        if field_path is not None:
            context.field_path = field_path
        return True

    contexts = TranslationContext.objects.filter(path__startswith=old, object_id__in=keys)
    _save_changed(contexts, ["path", "path_id", "field_path"], rename_context)


def forwards(apps, schema_editor):
    rename(apps, "method", "method_text")


def backwards(apps, schema_editor):
    rename(apps, "method_text", "method")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_practice_featured_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RenameField(
            model_name="practicepage", old_name="method", new_name="method_text"
        ),
        migrations.RunPython(forwards, backwards),
    ]
