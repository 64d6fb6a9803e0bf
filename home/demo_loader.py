"""Load the multilingual demo content of home/demo/, idempotently: translations
go through wagtail-localize's PO path (practices.localize.po_translation)."""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from practices.localize.po_translation import translate
from practices.models import (
    TAXONOMIES,
    Country,
    ErasmusProject,
    Organisation,
    PracticeIndexPage,
    PracticePage,
)
from practices.models.pages import RICH_TEXT_FIELDS
from practices.site_address import site_values, sync_default_site

DEMO_DIR = Path(__file__).resolve().parent / "demo"
PAGE_TEXT_FIELDS = ("summary", "region", *RICH_TEXT_FIELDS)


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)

    def count(self, kind, n=1):
        self.created[kind] = self.created.get(kind, 0) + n

    def __str__(self):
        if not self.created:
            return "Nothing to add: the demo content is already loaded."
        return "Created: " + ", ".join(f"{n} {kind}" for kind, n in sorted(self.created.items()))


def read_json(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def ensure_locales():
    """The Locale of every configured content language, created when missing."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.report = LoadReport()

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def load(self):
        self.locales = ensure_locales()
        self.default_locale = Locale.get_default()
        taxonomies = read_json("taxonomies.json")
        self.terms = {
            taxonomy.field: self.load_terms(
                taxonomy.field, taxonomy.model, taxonomies[taxonomy.field]
            )
            for taxonomy in TAXONOMIES
        }
        self.countries = self.load_countries(taxonomies["countries"])
        self.organisations = self.load_organisations(taxonomies["organisations"])
        self.projects = self.load_projects(taxonomies["projects"])
        self.indexes = self.load_site_structure(read_json("site.json"))
        for path in sorted((DEMO_DIR / "practices").glob("*.json")):
            self.load_practice(json.loads(path.read_text(encoding="utf-8")))
        return self.report

    # Taxonomies and snippets -------------------------------------------------
    def load_terms(self, kind, model, entries):
        terms = {}
        for entry in entries:
            default_code = self.default_locale.language_code
            term = model.objects.filter(slug=entry["slug"], locale=self.default_locale).first()
            if term is None:
                term = model.objects.create(
                    slug=entry["slug"],
                    name=entry["name"][default_code],
                    description=entry.get("description", {}).get(default_code, ""),
                    locale=self.default_locale,
                )
                self.report.count(kind)
            existing = set(
                model.objects.filter(translation_key=term.translation_key).values_list(
                    "locale__language_code", flat=True
                )
            )
            for code, name in entry["name"].items():
                if code in existing or code not in self.locales:
                    continue
                values = {"name": name}
                if term.description:
                    values["description"] = entry.get("description", {}).get(code, term.description)
                translate(term, self.locales[code], values)
                self.report.count(f"{kind} translations")
            terms[entry["slug"]] = term
        return terms

    def load_countries(self, codes):
        countries = {}
        for code in codes:
            countries[code], created = Country.objects.get_or_create(code=code)
            if created:
                self.report.count("countries")
        return countries

    def load_organisations(self, entries):
        organisations = {}
        for entry in entries:
            organisation, created = Organisation.objects.get_or_create(
                name=entry["name"],
                defaults={
                    "type": entry["type"],
                    "country": entry["country"],
                    "city": entry.get("city", ""),
                    "website": entry.get("website", ""),
                },
            )
            if created:
                self.report.count("organisations")
            organisations[entry["key"]] = organisation
        return organisations

    def load_projects(self, entries):
        projects = {}
        for entry in entries:
            reference = entry.get("reference") or ""
            lookup = {"reference": reference} if reference else {"title": entry["title"]}
            project = ErasmusProject.objects.filter(**lookup).first()
            if project is None:
                project = ErasmusProject(
                    reference=reference,
                    title=entry["title"],
                    acronym=entry.get("acronym") or "",
                    key_action=entry["key_action"],
                    action_type=entry.get("action_type", ""),
                    call_year=entry["call_year"],
                    eu_grant=entry.get("eu_grant"),
                    start_date=_date(entry.get("start_date")),
                    end_date=_date(entry.get("end_date")),
                    coordinator=self.organisations.get(entry.get("coordinator")),
                    url=entry.get("url", ""),
                )
                project.partners = [self.organisations[key] for key in entry.get("partners", [])]
                project.full_clean()
                project.save()
                self.report.count("Erasmus+ projects")
            projects[reference or entry["title"]] = project
        return projects

    # Pages -----------------------------------------------------------------
    def load_site_structure(self, texts):
        """The English home and practice index, and their translations."""
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(locale=self.default_locale, depth=2).first()
        en = texts["home"][self.default_locale.language_code]
        if home is None:
            self.remove_placeholder_pages(root)
            home = HomePage(title=en["title"], slug=en["slug"], introduction=en["introduction"])
            root.add_child(instance=home)
            home.save_revision().publish()
            self.report.count("home pages")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(root_page=home, is_default_site=True, **site_values())
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        sync_default_site()  # the address of SITE_BASE_URL, the name of the site
        index = PracticeIndexPage.objects.child_of(home).first()
        en = texts["index"][self.default_locale.language_code]
        if index is None:
            index = PracticeIndexPage(
                title=en["title"], slug=en["slug"], introduction=en["introduction"]
            )
            home.add_child(instance=index)
            index.save_revision().publish()
            self.report.count("practice index pages")
        indexes = {self.default_locale.language_code: index}
        for code in texts["home"]:
            if code == self.default_locale.language_code or code not in self.locales:
                continue
            locale = self.locales[code]
            self.ensure_translation(home, locale, texts["home"][code])
            indexes[code] = self.ensure_translation(index, locale, texts["index"][code])
        return indexes

    @staticmethod
    def remove_placeholder_pages(root):
        """Delete Wagtail's "Welcome to your new Wagtail site!" page (a bare
        Page without children), which would take the home page's slug."""
        for page in root.get_children():
            if page.specific_class is Page and not page.get_children().exists():
                Site.objects.filter(root_page=page).update(root_page=root)
                page.delete()

    def ensure_translation(self, page, locale, values):
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        self.report.count(f"{type(page).__name__} translations")
        return translate(page, locale, values).specific

    def load_practice(self, data):
        original = data["original_language"]
        content = data["content"]
        if original not in self.locales:
            self.log(f"  {data['key']}: skipped, its language ({original}) is not configured")
            return None
        locale = self.locales[original]
        index = self.indexes[original]
        practice = PracticePage.objects.filter(
            locale=locale, slug=content[original]["slug"]
        ).first()
        created = practice is None
        if created:
            practice = self.create_practice(data, index, locale, content[original])
        for code, values in content.items():
            if code == original or code not in self.locales:
                continue
            self.ensure_translation(practice, self.locales[code], self.page_values(values))
        if created and data.get("update_after_translation"):
            # The original changes after it was translated: its translations
            # are then outdated, as the demo shows.
            practice.refresh_from_db()
            for name, value in data["update_after_translation"].items():
                setattr(practice, name, value)
            practice.save_revision().publish()
            self.report.count("updated originals")
        return practice

    @staticmethod
    def page_values(values):
        page_values = {"title": values["title"], "slug": values["slug"]}
        page_values.update({name: values.get(name, "") for name in PAGE_TEXT_FIELDS})
        page_values["indicators"] = values.get("indicators", [])
        return page_values

    def create_practice(self, data, index, locale, values):
        page = PracticePage(
            locale=locale,
            start_year=data.get("start_year"),
            end_year=data.get("end_year"),
            status=data.get("status", PracticePage.Status.ONGOING),
            featured=data.get("featured", False),
            project=self.projects.get(data.get("project")),
            last_reviewed=datetime.date(2026, 10, 1),
            **{
                name: value
                for name, value in self.page_values(values).items()
                if name != "indicators"
            },
        )
        page.indicators = [("indicator", indicator) for indicator in values.get("indicators", [])]
        for taxonomy in TAXONOMIES:
            terms = self.terms[taxonomy.field]
            setattr(page, taxonomy.field, [terms[s] for s in data.get(taxonomy.field, [])])
        page.countries = [self.countries[code] for code in data["countries"]]
        page.organisations = [self.organisations[key] for key in data.get("organisations", [])]
        page.tags.add(*data.get("tags", []))
        # Translations may have added children since the index was fetched:
        # treebeard computes the new path from the in-memory child count.
        index.refresh_from_db()
        index.add_child(instance=page)
        page.save_revision().publish()
        self.report.count("practices")
        self.log(f"  {data['key']} ({data['original_language']})")
        return page


def _date(value):
    return datetime.date.fromisoformat(value) if value else None
