"""generate_practices: synthetic, translated, published practices for load tests."""

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page, PageLogEntry

from bench.synthetic import SLUG_PREFIX, TaxonomyPools, build_specs, load_pools
from practices.localize.po_translation import translate
from practices.models import PracticeIndexPage, PracticePage

pytestmark = pytest.mark.django_db

POOLS = TaxonomyPools(
    themes=tuple(f"theme-{n}" for n in range(10)),
    countries=("BE", "FR", "IT", "LT", "PT"),
    target_groups=("children-and-young-people", "older-people", "families"),
    professions=("social-worker", "psychologist"),
    practice_types=("job-shadowing", "digital-tool", "training-programme"),
    organisations=("Org A", "Org B", "Org C"),
    projects=("2017-1-FR01-KA202-037403", "Tomorrow jobs"),
)


def generate(count=12, **options):
    out = StringIO()
    call_command("generate_practices", count=count, stdout=out, **options)
    return out.getvalue()


def practices(code):
    return PracticePage.objects.filter(locale__language_code=code, slug__startswith=SLUG_PREFIX)


@pytest.fixture
def ready(site_tree, themes, countries):
    """The English and French indexes, two themes and three countries."""
    return site_tree


def test_creates_published_translations_sharing_keys(ready):
    output = generate(12)

    assert "Generated 12 practices × 2 languages in" in output
    assert "practices/s" in output
    en, fr = practices("en"), practices("fr")
    assert en.count() == fr.count() == 12
    assert set(en.values_list("translation_key", flat=True)) == set(
        fr.values_list("translation_key", flat=True)
    )
    french = Locale.objects.get(language_code="fr")
    for page in en:
        translation = page.get_translation(french).specific
        assert translation.slug[: len(SLUG_PREFIX) + 6] == page.slug[: len(SLUG_PREFIX) + 6]
        assert translation.title != page.title
        assert translation.get_parent().pk == ready["index_fr"].pk
        assert page.get_parent().pk == ready["index"].pk
    for page in [*en, *fr]:
        assert page.live and not page.has_unpublished_changes
        assert page.first_published_at and page.last_published_at
        assert page.live_revision_id and page.live_revision_id == page.latest_revision_id
        # Every practice has at least a theme (a default-locale one) and a country.
        assert page.themes.exists() and page.countries.exists()
        assert all(theme.locale.language_code == "en" for theme in page.themes.all())


def test_pages_follow_the_specs_and_are_valid(ready):
    generate(6, seed=3)

    pools, _lookups = load_pools()
    for spec in build_specs(6, seed=3, languages=("en", "fr"), pools=pools):
        for code in ("en", "fr"):
            text = spec.texts[code]
            page = practices(code).get(slug=text.slug)
            assert (page.title, page.summary, page.method_text) == (
                text.title,
                text.summary,
                text.method,
            )
            assert page.translation_key == spec.translation_key
            assert sorted(page.themes.values_list("slug", flat=True)) == sorted(spec.themes)
            assert sorted(str(c.code) for c in page.countries.all()) == sorted(spec.countries)
            page.full_clean()  # field validators, slug unique among siblings
            assert 120 <= len(page.summary) <= 400
            assert page.method_text.count("<li>") >= 4 and page.context.count("<p>") >= 2
            assert 2 <= len(page.indicators) <= 4
            revision = page.get_latest_revision_as_object()
            assert (revision.title, revision.context) == (page.title, page.context)
            assert set(revision.themes.all()) == set(page.themes.all())
            actions = PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
            assert set(actions) == {"wagtail.create", "wagtail.publish"}


def test_specs_are_deterministic():
    specs = build_specs(40, seed=1, languages=("en", "fr", "it"), pools=POOLS)

    assert specs == build_specs(40, seed=1, languages=("en", "fr", "it"), pools=POOLS)
    # A practice does not depend on how many are generated.
    assert build_specs(10, seed=1, languages=("en", "fr", "it"), pools=POOLS) == specs[:10]
    other = build_specs(40, seed=2, languages=("en", "fr", "it"), pools=POOLS)
    assert [s.texts["en"].title for s in other] != [s.texts["en"].title for s in specs]
    assert [s.themes for s in other] != [s.themes for s in specs]
    for language in ("en", "fr", "it"):
        titles = [spec.texts[language].title for spec in specs]
        slugs = [spec.texts[language].slug for spec in specs]
        assert len(set(titles)) == len(set(slugs)) == 40
    assert specs[0].texts["en"].slug.startswith("synthetic-practice-00001-")


def test_taxonomy_spreads():
    specs = build_specs(400, seed=1, languages=("en",), pools=POOLS)

    for spec in specs:
        assert 1 <= len(spec.themes) <= 3 and 1 <= len(spec.countries) <= 2
        assert len(spec.target_groups) <= 3 and len(spec.professions) <= 2
        assert len(spec.practice_types) <= 2 and len(spec.organisations) <= 2
        assert 2010 <= spec.start_year <= 2026
        assert spec.end_year is None or spec.start_year <= spec.end_year <= 2026
    themes = Counter(theme for spec in specs for theme in spec.themes)
    assert len(themes) == 10
    assert max(themes.values()) > 3 * min(themes.values())  # skewed, not uniform
    assert 0.1 < sum(1 for spec in specs if spec.project) / len(specs) < 0.4
    assert len({spec.status for spec in specs}) == 4


def test_tree_stays_valid(ready, make_practice):
    generate(12, batch_size=5)
    generate(3, seed=9, batch_size=2)

    assert Page.find_problems() == ([], [], [], [], [])
    for index in PracticeIndexPage.objects.all():
        assert index.numchild == index.get_children().count() == 15
        for child in index.get_children():
            assert child.depth == index.depth + 1
            assert child.url_path == f"{index.url_path}{child.slug}/"
    # treebeard still finds the right place for a page added the usual way.
    make_practice("Added by an editor")
    assert Page.find_problems() == ([], [], [], [], [])
    assert ready["index"].get_children().count() == 16


def test_rerun_creates_no_duplicates(ready):
    generate(12)
    output = generate(12)

    assert "Generated 0 practices" in output and "skipped 12" in output
    assert practices("en").count() == practices("fr").count() == 12
    generate(15)
    assert practices("en").count() == practices("fr").count() == 15
    index = PracticeIndexPage.objects.get(pk=ready["index"].pk)
    assert index.numchild == 15


def test_missing_index_is_a_clear_error(bare_database, locales, themes, countries):
    with pytest.raises(CommandError, match=r"no practice index page in 'en'.*load_demo"):
        generate(3)


def test_missing_translated_index_is_a_clear_error(ready):
    with pytest.raises(CommandError, match=r"no practice index page in 'it'.*load_demo"):
        generate(3, languages="en,it")
    assert not PracticePage.objects.exists()


def test_missing_terms_and_bad_options_are_clear_errors(bare_database, site_tree, countries):
    with pytest.raises(CommandError, match=r"No themes.*load_demo"):
        generate(3)
    with pytest.raises(CommandError, match="Unknown language"):
        generate(3, languages="en,xx")
    with pytest.raises(CommandError):
        generate(0)


def test_generated_pages_render(ready, client, superuser):
    generate(3)

    for page in [practices("en").first(), practices("fr").first()]:
        response = client.get(page.url, HTTP_HOST="localhost")
        assert response.status_code == 200
        assert page.title in response.content.decode()
    for url in ("/en/", "/en/practices/", "/fr/pratiques/"):
        assert client.get(url, HTTP_HOST="localhost").status_code == 200
    editor = Client()
    editor.force_login(superuser)
    page = practices("fr").first()
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


def test_full_text_search_in_each_language(ready, locales, client, make_practice):
    translate(ready["home"], locales["it"], {"title": "Buone pratiche", "slug": "pagina-iniziale"})
    translate(ready["index"], locales["it"], {"title": "Pratiche", "slug": "pratiche"})
    generate(5)
    # The first five get their Italian translation, the others all three pages.
    assert "80 pages" in generate(30, languages="en,fr,it")  # 5 + 25 × 3
    assert set(practices("it").values_list("translation_key", flat=True)) == set(
        practices("en").values_list("translation_key", flat=True)
    )

    def found(code, query):
        pages = PracticePage.objects.live().filter(locale=locales[code])
        return pages.search(query, operator="and").count()

    assert found("fr", "enfants") and found("fr", "enfant")
    assert found("fr", "personnes âgées")
    assert found("it", "giovani")
    assert found("en", "children")
    response = client.get("/fr/search/", {"q": "enfants"}, HTTP_HOST="localhost")
    assert SLUG_PREFIX in response.content.decode()
    # Per-save indexing is back on once the command is over.
    make_practice("Zanzibar outreach")
    assert found("en", "Zanzibar") == 1


def test_wagtail_search_index_is_what_wagtail_itself_writes(ready):
    """The generator feeds Wagtail's own search backend in bulk, with shortcuts
    (rich text made plain without an HTML parser, each field read once): the
    entries are those the backend writes for the same pages without them."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    generate(4)

    pages = list(PracticePage.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PracticePage),
        object_id__in=[str(page.pk) for page in pages],
    )

    def indexed():
        return {
            row[0]: row[1:]
            for row in entries.values_list("object_id", "title", "autocomplete", "body")
        }

    written = indexed()
    assert len(written) == len(pages) == 8
    get_search_backend().add_bulk(PracticePage, pages)  # Wagtail's own code path
    assert indexed() == written


@pytest.mark.parametrize(
    "richtext",
    [
        "<p>Plain paragraph.</p><ol><li><strong>Step</strong> one.</li><li>Two</li></ol>",
        "<p>Tom &amp; Jerry&#x27;s <em>café</em></p>",
        '<p data-block-key="a1">With an attribute</p><p><a href="/x/">a link</a></p>',
        "<p>Line<br/>break</p><h2>Heading</h2><ul><li>item</li></ul>",
        "<p>1 &lt; 2 and 3 > 2</p>",
        "",
        "No tags at all",
    ],
)
def test_rich_text_made_plain_as_wagtail_does(richtext):
    from wagtail.rich_text import get_text_for_indexing

    from bench.synthetic.writer import text_for_indexing

    assert text_for_indexing(richtext) == get_text_for_indexing(richtext)


def test_generated_rich_text_made_plain_as_wagtail_does():
    from wagtail.rich_text import get_text_for_indexing

    from bench.synthetic.writer import text_for_indexing

    for spec in build_specs(30, seed=5, languages=("en", "fr", "it"), pools=POOLS):
        for text in spec.texts.values():
            for name in ("context", "method", "outcomes", "transferability", "resources"):
                value = getattr(text, name)
                assert text_for_indexing(value) == get_text_for_indexing(value)


def test_revisions_hold_what_wagtail_would_serialise(ready):
    generate(3)

    for page in [*practices("en"), *practices("fr")]:
        content = page.live_revision.content
        expected = page.serializable_data()
        for relation in ("themes", "countries", "target_groups", "professions",
                         "practice_types", "organisations"):  # fmt: skip
            assert sorted(content.pop(relation)) == sorted(expected.pop(relation))
        for stream in ("indicators", "attachments"):  # JSON text: PostgreSQL reorders keys
            assert json.loads(content.pop(stream)) == json.loads(expected.pop(stream))
        # Set after the revision was written, as when an editor publishes.
        for name in ("latest_revision", "live_revision"):
            assert content.pop(name) is None and expected.pop(name) == page.live_revision_id
        assert content == json.loads(json.dumps(expected, cls=DjangoJSONEncoder))
