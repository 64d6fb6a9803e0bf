"""Guards on the repository's layout and migrations."""

import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
# Folders put on sys.path by manage.py, pytest and gunicorn.
IMPORT_ROOTS = [ROOT, ROOT / "site"]


def importable_names(folder):
    """Top-level module and package names importable from `folder`."""
    names = set()
    for entry in folder.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and (entry / "__init__.py").exists():
            names.add(entry.name)
        elif entry.suffix == ".py" and entry.stem.isidentifier():
            names.add(entry.stem)
    return names


@pytest.mark.parametrize("folder", IMPORT_ROOTS, ids=lambda p: p.name or "root")
def test_no_top_level_module_shadows_the_standard_library(folder):
    shadowing = sorted(importable_names(folder) & set(sys.stdlib_module_names))
    assert not shadowing, f"{folder} holds modules named like the standard library: {shadowing}"


def test_the_guard_sees_a_shadowing_package(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "__init__.py").write_text("")
    (tmp_path / "locale.py").write_text("")
    assert {"site", "locale"} <= importable_names(tmp_path) & set(sys.stdlib_module_names)


@pytest.mark.parametrize("name", ["site", "locale"])
def test_site_and_locale_are_plain_folders(name):
    assert (ROOT / name).is_dir()
    assert not (ROOT / name / "__init__.py").exists()


def test_stdlib_site_and_locale_are_the_real_ones():
    import locale
    import site

    assert Path(site.__file__).parent != ROOT
    assert Path(locale.__file__).parent != ROOT
    assert hasattr(locale, "setlocale") and hasattr(site, "getsitepackages")


def test_locale_holds_only_catalogues():
    stray = [
        p.relative_to(ROOT)
        for p in (ROOT / "locale").rglob("*")
        if p.is_file() and p.suffix not in {".po", ".mo"} and p.name != ".gitkeep"
    ]
    assert not stray


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
