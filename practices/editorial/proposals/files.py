"""Is an uploaded file what its extension says? Checked on its own bytes, never
on the browser's content type."""

import io
import zipfile

ZIP_SIGNATURE = b"PK\x03\x04"
OOXML_MAIN = "application/vnd.openxmlformats-officedocument.{}.main+xml"
ODF_MIMETYPE = "application/vnd.oasis.opendocument.{}"
# A [Content_Types].xml or mimetype entry larger than this is not an office file.
MAX_MANIFEST_SIZE = 256 * 1024


def _starts_with(signature):
    def check(data):
        return data.startswith(signature)

    return check


def _is_webp(data):
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def _zip_entry(data, name):
    if not data.startswith(ZIP_SIGNATURE):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(name)
            if info.file_size > MAX_MANIFEST_SIZE:
                return None
            return archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return None


def _ooxml(kind):
    expected = f'ContentType="{OOXML_MAIN.format(kind)}"'.encode()

    def check(data):
        manifest = _zip_entry(data, "[Content_Types].xml")
        return manifest is not None and expected in manifest

    return check


def _odf(kind):
    expected = ODF_MIMETYPE.format(kind).encode()

    def check(data):
        mimetype = _zip_entry(data, "mimetype")
        return mimetype is not None and mimetype.strip() == expected

    return check


_is_jpeg = _starts_with(b"\xff\xd8\xff")

CHECKS = {
    "pdf": _starts_with(b"%PDF-"),
    "jpg": _is_jpeg,
    "jpeg": _is_jpeg,
    "png": _starts_with(b"\x89PNG\r\n\x1a\n"),
    "webp": _is_webp,
    "docx": _ooxml("wordprocessingml.document"),
    "xlsx": _ooxml("spreadsheetml.sheet"),
    "pptx": _ooxml("presentationml.presentation"),
    "odt": _odf("text"),
    "ods": _odf("spreadsheet"),
    "odp": _odf("presentation"),
}
ALLOWED_EXTENSIONS = tuple(CHECKS)


def extension(name):
    """The lower-case extension of a file name, without the dot ("" if none)."""
    stem, dot, ext = (name or "").rpartition(".")
    return ext.lower() if dot and stem else ""


def content_matches_extension(upload):
    """True when the uploaded file's extension is accepted and its content is
    of that type. Reads the file (its size is checked before) and rewinds it."""
    check = CHECKS.get(extension(upload.name))
    if check is None:
        return False
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return check(data)
