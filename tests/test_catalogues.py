"""Guards on the interface translations.

The gettext catalogues of locale/ must be complete, well formed and up to
date with the sources, every user-visible text of the project's templates
must go through {% translate %} or {% blocktranslate %}, and French and
Italian pages must show the translated interface.
"""

import contextlib
import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.html import escape
from django.utils.translation import ngettext, override
from django.utils.translation.reloader import translation_file_changed

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
# Languages whose interface must be fully translated: every language of the
# site but the source language, English.
REQUIRED_LANGUAGES = {code for code, _name in settings.LANGUAGES if code != "en"}
# Where the project's own translatable strings live: nothing else may appear
# in the catalogues (no string of an installed package).
PROJECT_SOURCES = ("practices/", "home/", "search/", "site/templates/", "site/config/")
TEMPLATE_DIRS = [
    ROOT / "site" / "templates",
    ROOT / "practices" / "templates",
    ROOT / "home" / "templates",
    ROOT / "search" / "templates",
]
TEMPLATES = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))
# Texts a template may show without translation (brand names, codes...).
ALLOWED_TEMPLATE_TEXT = frozenset()


def catalogue_id(path):
    return path.relative_to(LOCALE_DIR).parts[0]


def load(path):
    return polib.pofile(str(path))


def live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def catalogue_of(language):
    return load(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")


# Catalogues ------------------------------------------------------------------

# %(name)s, %s, %d, %.2f... and the %% escape.
PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conversion>[diouxXeEfFgGcrsa%])"
)
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")
BRACE_FORMAT = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def python_placeholders(text):
    """Named placeholders as a set (they may be reordered or repeated),
    positional ones as a sequence (their order matters)."""
    named, positional = set(), []
    for match in PYTHON_FORMAT.finditer(text):
        if match["conversion"] == "%":
            continue
        if match["name"] is not None:
            named.add((match["name"], match["conversion"]))
        else:
            positional.append(match["conversion"])
    return named, positional


def placeholder_problems(entry, source, translation):
    problems = []
    if ("python-format" in entry.flags or "%(" in source) and python_placeholders(
        translation
    ) != python_placeholders(source):
        problems.append(
            f"python-format placeholders {python_placeholders(translation)} "
            f"instead of {python_placeholders(source)}"
        )
    if Counter(TEMPLATE_VARIABLE.findall(translation)) != Counter(
        TEMPLATE_VARIABLE.findall(source)
    ):
        problems.append("{{ variables }} differ")
    if "python-brace-format" in entry.flags and set(BRACE_FORMAT.findall(translation)) != set(
        BRACE_FORMAT.findall(source)
    ):
        problems.append("{brace} placeholders differ")
    return problems


def plural_count(catalogue):
    match = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


def test_the_required_catalogues_exist():
    found = {catalogue_id(path) for path in CATALOGUES}
    assert not REQUIRED_LANGUAGES - found, f"missing catalogues: {REQUIRED_LANGUAGES - found}"


def test_locale_holds_only_gettext_catalogues():
    stray = [
        str(path.relative_to(ROOT))
        for path in LOCALE_DIR.rglob("*")
        if path.is_file() and path.suffix not in {".po", ".mo"}
    ]
    assert not stray, f"locale/ must hold gettext catalogues only: {stray}"


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_header(path):
    catalogue = load(path)
    assert not catalogue.metadata_is_fuzzy, "the header is fuzzy: msgfmt would ignore it"
    assert catalogue.metadata.get("Language") == catalogue_id(path)
    assert plural_count(catalogue), "the header has no Plural-Forms"
    assert "charset=UTF-8" in catalogue.metadata.get("Content-Type", "")


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_holds_only_project_strings(path):
    foreign = sorted(
        {
            occurrence
            for entry in live_entries(load(path))
            for occurrence, _line in entry.occurrences
            if not occurrence.startswith(PROJECT_SOURCES)
        }
    )
    assert not foreign, f"strings from outside the project: {foreign}"


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_no_untranslated_entry(path):
    catalogue = load(path)
    assert live_entries(catalogue), "the catalogue is empty"
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert not missing, f"{len(missing)} untranslated entries: {missing}"


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_no_fuzzy_entry(path):
    fuzzy = [entry.msgid for entry in load(path).fuzzy_entries()]
    assert not fuzzy, f"fuzzy entries to check: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_placeholders_match(path):
    problems = []
    for entry in live_entries(load(path)):
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if index == 0 else entry.msgid_plural, text)
                for index, text in sorted(entry.msgstr_plural.items())
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if not translation:
                continue  # reported by test_no_untranslated_entry
            problems += [
                f"{entry.msgid!r} → {translation!r}: {problem}"
                for problem in placeholder_problems(entry, source, translation)
            ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_plural_entries_have_every_form(path):
    catalogue = load(path)
    expected = plural_count(catalogue)
    incomplete = [
        entry.msgid
        for entry in live_entries(catalogue)
        if entry.msgid_plural
        and (
            sorted(entry.msgstr_plural) != list(range(expected))
            or not all(entry.msgstr_plural.values())
        )
    ]
    assert not incomplete, f"plural entries without their {expected} forms: {incomplete}"


def test_placeholder_check_catches_a_mismatch():
    entry = polib.POEntry(msgid="Page %(number)s of %(total)s", flags=["python-format"])
    assert placeholder_problems(entry, entry.msgid, "Page %(numero)s sur %(total)s")
    assert placeholder_problems(entry, entry.msgid, "Page %(number)s")
    assert not placeholder_problems(entry, entry.msgid, "%(total)s pages, page %(number)s")
    entry = polib.POEntry(msgid="Page {{ number }}")
    assert placeholder_problems(entry, entry.msgid, "Page {{ numero }}")
    assert not placeholder_problems(entry, entry.msgid, "Page {{number}}")


# Catalogues up to date with the sources ----------------------------------------

# How the catalogues are regenerated (then translate the new entries).
MAKEMESSAGES = (
    ".venv/bin/python manage.py makemessages "
    + " ".join(f"-l {code}" for code in sorted(REQUIRED_LANGUAGES))
    + " --ignore=.venv --ignore=node_modules --ignore=tests --no-obsolete"
)


def message_key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def describe(entry):
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    plural = f" / {entry.msgid_plural!r}" if entry.msgid_plural else ""
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3])
    return f"{entry.msgid!r}{plural}{context}" + (f" [{where}]" if where else "")


def catalogue_drift(catalogue_entries, source_entries):
    """(missing, stale): the messages of the sources the catalogue lacks, and
    the catalogue's messages the sources no longer have."""
    catalogue = {message_key(entry): entry for entry in catalogue_entries}
    sources = {message_key(entry): entry for entry in source_entries}
    missing = [describe(entry) for key, entry in sources.items() if key not in catalogue]
    stale = [describe(entry) for key, entry in catalogue.items() if key not in sources]
    return missing, stale


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory):
    """The messages makemessages extracts today from the project's sources.

    It scans a copy of the sources and writes to a temporary locale folder,
    so that locale/ is never touched."""
    work = tmp_path_factory.mktemp("makemessages")
    sources, output = work / "sources", work / "locale"
    for folder in PROJECT_SOURCES:
        shutil.copytree(
            ROOT / folder,
            sources / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "locale"),
        )
    output.mkdir()
    with override_settings(LOCALE_PATHS=[output]), contextlib.chdir(sources):
        call_command("makemessages", locale=["fr"], keep_pot=True, verbosity=0)
    return live_entries(polib.pofile(str(output / "django.pot")))


def test_makemessages_finds_the_project_strings(source_messages):
    msgids = {entry.msgid for entry in source_messages}
    # One string of each kind of source: app, model, template, search app, settings.
    assert {"Home", "practice type", "Key facts", "Theme", "Réunion"} <= msgids


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_is_up_to_date_with_the_sources(path, source_messages):
    missing, stale = catalogue_drift(live_entries(load(path)), source_messages)
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} strings of the sources are missing from the catalogue:\n  "
            + "\n  ".join(missing)
        )
    if stale:
        problems.append(
            f"{len(stale)} strings of the catalogue are no longer in the sources:\n  "
            + "\n  ".join(stale)
        )
    assert not problems, (
        "\n".join(problems) + f"\nRegenerate the catalogues with: {MAKEMESSAGES}\n"
        "then translate the new entries."
    )


def test_the_drift_check_names_missing_and_stale_strings():
    catalogue = [
        polib.POEntry(msgid="Theme", msgstr="Thème"),
        polib.POEntry(msgid="Filtered by:", msgstr="Filtres actifs :"),
        polib.POEntry(msgid="%(counter)s practice", msgid_plural="%(counter)s practices"),
    ]
    sources = [
        polib.POEntry(msgid="Theme", occurrences=[("search/query.py", "19")]),
        polib.POEntry(msgid="Sort", occurrences=[("search/forms.py", "39")]),
        polib.POEntry(msgid="%(counter)s practice", msgid_plural="%(counter)s items"),
        polib.POEntry(msgid="May", msgctxt="month"),
    ]
    missing, stale = catalogue_drift(catalogue, sources)
    assert missing == [
        "'Sort' [search/forms.py:39]",
        "'%(counter)s practice' / '%(counter)s items'",
        "'May' (context 'month')",
    ]
    assert stale == ["'Filtered by:'", "'%(counter)s practice' / '%(counter)s practices'"]
    assert catalogue_drift(catalogue[:1], sources[:1]) == ([], [])


# Templates -------------------------------------------------------------------

# Attributes a visitor reads or hears.
VISIBLE_ATTRIBUTES = re.compile(
    r"""\b(?:alt|title|placeholder|aria-label)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
BUTTON_VALUE = re.compile(r"""\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
BUTTON_INPUT = re.compile(r"""^<input\b[^>]*\btype\s*=\s*["']?(?:submit|button|reset)\b""", re.I)
# Removed with their content: they are never shown, or are translated.
HIDDEN_SPANS = [
    re.compile(r"\{#.*?#\}", re.DOTALL),
    re.compile(r"\{%-?\s*comment\b.*?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL),
    re.compile(
        r"\{%-?\s*blocktrans(?:late)?\b.*?%\}.*?\{%-?\s*endblocktrans(?:late)?\s*-?%\}",
        re.DOTALL,
    ),
    # Blocks that fill a class attribute: {% block body_class %}template-home{% endblock %}.
    re.compile(r"\{%-?\s*block\s+\w*class\w*\s*-?%\}.*?\{%-?\s*endblock\b.*?%\}", re.DOTALL),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"<script\b[^>]*>.*?</script\s*>", re.DOTALL | re.IGNORECASE),
    re.compile(r"<style\b[^>]*>.*?</style\s*>", re.DOTALL | re.IGNORECASE),
    # Template tags (among them {% translate %}) and variables.
    re.compile(r"\{%.*?%\}", re.DOTALL),
    re.compile(r"\{\{.*?\}\}", re.DOTALL),
    # Character references: &amp; &nbsp; &#8212;...
    re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);"),
]
HTML_TAG = re.compile(r"<[a-zA-Z!/?][^>]*>")
WORD = re.compile(r"[^\W\d_]{2,}")


def blank(text):
    """Keep the line breaks of a removed span, so line numbers stay right."""
    return re.sub(r"[^\n]", " ", text)


def visible_attributes(tag):
    values = [a or b for a, b in VISIBLE_ATTRIBUTES.findall(tag)]
    if BUTTON_INPUT.match(tag):
        values += [a or b for a, b in BUTTON_VALUE.findall(tag)]
    return " ".join(values) + "\n" * tag.count("\n")


def untranslated_texts(source):
    """(line, text) of the texts of a template that do not go through
    {% translate %} or {% blocktranslate %}."""
    for pattern in HIDDEN_SPANS:
        source = pattern.sub(lambda match: blank(match.group()), source)
    source = HTML_TAG.sub(lambda match: visible_attributes(match.group()), source)
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        text = " ".join(line.split())
        if WORD.search(text) and text not in ALLOWED_TEMPLATE_TEXT:
            found.append((number, text))
    return found


def test_the_project_has_templates_to_check():
    assert len(TEMPLATES) >= 10, TEMPLATES


def test_templates_translate_every_visible_text():
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in TEMPLATES
        for line, text in untranslated_texts(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "text not marked for translation:\n" + "\n".join(problems)


def test_the_template_check_catches_untranslated_text():
    source = """{% load i18n %}{% block body_class %}template-home{% endblock %}
<nav aria-label="{% translate 'Main navigation' %}" class="site-nav" data-x="ignored">
  <h2>Key facts</h2>
  <p>{% translate "Context" %} {{ page.title }} &amp; {# a note #}</p>
  <img src="{{ url }}" alt="Portrait of the team">
  <input type="submit" value="Send">
  <input type="hidden" name="q" value="hidden value">
  <p>{% blocktranslate count counter=n %}{{ counter }} practice{% plural %}{{ counter }}
     practices{% endblocktranslate %}</p>
  <script>const label = "not shown";</script>
  <style>.a::after { content: "not shown"; }</style>
  <!-- not shown either -->
  {% comment %}Not shown{% endcomment %}
  <a href="#" title='Untranslated title'>{% translate "Next" %}</a>
</nav>"""
    assert untranslated_texts(source) == [
        (3, "Key facts"),
        (5, "Portrait of the team"),
        (6, "Send"),
        (14, "Untranslated title"),
    ]


def test_the_template_check_accepts_translated_text():
    source = """{% load i18n %}<p class="lead">{% translate "Search" %} · 2026 –
    <a href="?page={{ n }}&amp;q=x" hreflang="fr" lang="fr">{{ name }}</a></p>"""
    assert untranslated_texts(source) == []


# Rendered pages ----------------------------------------------------------------

# Interface strings every public page shows.
INTERFACE_STRINGS = [
    "Skip to main content",
    "Social Work Good Practices",
    "Main navigation",
    "Choose a language",
]


@pytest.fixture(scope="module")
def compiled_catalogues():
    """Compile locale/ here, so the tests do not depend on the build."""
    with contextlib.chdir(ROOT):
        call_command("compilemessages", ignore=[".venv", "node_modules"], verbosity=0)
    # Forget translations loaded before the compilation.
    translation_file_changed(sender=None, file_path=LOCALE_DIR / "django.mo")
    yield
    translation_file_changed(sender=None, file_path=LOCALE_DIR / "django.mo")


def translated(catalogue, msgid):
    entry = catalogue.find(msgid)
    assert entry is not None and entry.msgstr, f"{msgid!r} is not translated"
    assert entry.msgstr != msgid, f"{msgid!r} is translated by itself"
    return entry.msgstr


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("language", sorted(REQUIRED_LANGUAGES))
def test_home_page_shows_the_interface_in_the_requested_language(client, site_tree, language):
    # /fr/ serves the French home; the other languages fall back to the
    # default-language home, but the interface follows the language of the URL.
    response = client.get(f"/{language}/", HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    catalogue = catalogue_of(language)
    for msgid in INTERFACE_STRINGS:
        assert escape(translated(catalogue, msgid)) in html, msgid
    assert "Skip to main content" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogues")
def test_french_practice_page_shows_french_headings(client, make_practice):
    practice = make_practice("Maintien à domicile", locale="fr")
    response = client.get(practice.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    catalogue = catalogue_of("fr")
    for msgid in ("Key facts", "Transferability", "Last reviewed", "On this page"):
        assert escape(translated(catalogue, msgid)) in html, msgid
    assert "Transferability" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogues")
def test_french_plural_rule_applies(client, site_tree):
    """French uses the singular for 0: the header's Plural-Forms is compiled."""
    response = client.get(site_tree["index_fr"].url, HTTP_HOST="localhost")
    assert response.status_code == 200
    entry = catalogue_of("fr").find("%(counter)s practice")
    assert entry is not None
    assert escape(entry.msgstr_plural[0] % {"counter": 0}) in response.content.decode()


@pytest.mark.usefixtures("compiled_catalogues")
def test_lithuanian_plural_rule_applies():
    """Lithuanian has three forms (1, 21…; 2–9, 22…; 0, 10–20…): the compiled
    header's rule is used, not the four-form rule of Django's own catalogues."""
    entry = catalogue_of("lt").find("%(counter)s practice")
    assert entry is not None
    cases = [(1, 0), (21, 0), (2, 1), (9, 1), (22, 1), (0, 2), (10, 2), (11, 2), (15, 2)]
    with override("lt"):
        for number, form in cases:
            shown = ngettext("%(counter)s practice", "%(counter)s practices", number)
            assert shown == entry.msgstr_plural[form], number
