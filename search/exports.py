"""Exports of the current search: /<lang>/search/export.csv and export.json.

Every matching practice (up to MAX_EXPORT_ROWS) with the search page's parameters; the columns,
the formats and the truncation are described in docs/search.md.
"""

import csv
import dataclasses
import io
from collections import defaultdict

from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation

from practices.models import TAXONOMIES, PracticePage
from practices.site_address import absolute_url
from search import service
from search.forms import InvalidSearch, parse_search
from search.labels import facet_labels
from search.serializers import query_json

MAX_EXPORT_ROWS = 10_000
EXPORT_BATCH = 500
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "practice_id",
    "page_id",
    "language",
    "title",
    "url",
    "summary",
    "country_codes",
    "countries",
    *(taxonomy.field for taxonomy in TAXONOMIES),
    "project",
    "start_year",
    "end_year",
    "first_published_at",
)


@dataclasses.dataclass
class Export:
    query: object  # SearchQuery (its page and per_page are not used)
    total: int
    rows: list  # of dicts, see rows()
    notices: list

    @property
    def truncated(self):
        return self.total > len(self.rows)


def collect(params, language, request):
    """Every practice matching the search, up to MAX_EXPORT_ROWS.

    Raises InvalidSearch for malformed parameters, like the search page."""
    labels = facet_labels(language)
    query, notices = parse_search(params, language, labels)
    hits, total = [], 0
    page = 1
    while len(hits) < MAX_EXPORT_ROWS:
        batch = dataclasses.replace(query, page=page, per_page=EXPORT_BATCH)
        results = service.search(batch, labels)
        notices += [notice for notice in results.notices if notice not in notices]
        total = results.total
        hits += results.hits
        if not results.has_next or not results.hits:
            break
        page += 1
    hits = hits[:MAX_EXPORT_ROWS]
    return Export(query=query, total=total, rows=rows(hits, labels, request), notices=notices)


def rows(hits, labels, request):
    """The export's rows for these hits: a constant number of queries."""
    page_ids = [hit.page_id for hit in hits]
    terms = _terms(page_ids)
    projects = dict(PracticePage.objects.filter(pk__in=page_ids).values_list("pk", "project_id"))
    result = []
    for hit in hits:
        project_id = projects.get(hit.page_id)
        row = {
            "practice_id": hit.translation_key,
            "page_id": hit.page_id,
            "language": hit.language,
            "title": hit.title,
            "url": absolute_url(hit.url),
            "summary": hit.summary,
            "countries": [
                {"code": code.upper(), "name": labels["country"].get(code, code.upper())}
                for code in hit.countries
            ],
        }
        for taxonomy in TAXONOMIES:
            row[taxonomy.field] = [
                {"slug": slug, "name": labels[taxonomy.facet].get(slug, slug)}
                for slug in sorted(terms[taxonomy.field].get(hit.page_id, ()))
            ]
        row["project"] = (
            {"id": project_id, "name": labels["project"].get(str(project_id), "")}
            if project_id
            else None
        )
        row["start_year"] = hit.start_year
        row["end_year"] = hit.end_year
        row["first_published_at"] = (
            hit.first_published_at.isoformat() if hit.first_published_at else None
        )
        result.append(row)
    return result


def _terms(page_ids):
    """{relation: {page id: [slug]}}, one query per taxonomy relation."""
    terms = {}
    for taxonomy in TAXONOMIES:
        relation = taxonomy.field
        through = getattr(PracticePage, relation).through
        target = taxonomy.model._meta.model_name
        grouped = defaultdict(list)
        for page_id, slug in through.objects.filter(practicepage_id__in=page_ids).values_list(
            "practicepage_id", f"{target}__slug"
        ):
            grouped[page_id].append(slug)
        terms[relation] = grouped
    return terms


# Formats ----------------------------------------------------------------------


def safe_cell(value):
    """A CSV cell a spreadsheet will not evaluate as a formula."""
    if value is None:
        return ""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _names(items):
    return "; ".join(item["name"] for item in items)


def csv_row(row):
    values = {
        **row,
        "country_codes": "; ".join(country["code"] for country in row["countries"]),
        "countries": _names(row["countries"]),
        **{taxonomy.field: _names(row[taxonomy.field]) for taxonomy in TAXONOMIES},
        "project": row["project"]["name"] if row["project"] else "",
    }
    return [safe_cell(values[column]) for column in CSV_COLUMNS]


def as_csv(export):
    output = io.StringIO()
    output.write("\ufeff")  # the byte order mark: Excel then reads UTF-8
    writer = csv.writer(output)
    writer.writerow(CSV_COLUMNS)
    for row in export.rows:
        writer.writerow(csv_row(row))
    return output.getvalue()


def as_json(export):
    return {
        "query": query_json(export.query),
        "total": export.total,
        "truncated": export.truncated,
        "max_results": MAX_EXPORT_ROWS,
        "notices": [str(notice) for notice in export.notices],
        "results": export.rows,
    }


# The view ---------------------------------------------------------------------


def export(request, fmt):
    """/<lang>/search/export.<fmt>: the search's results as a file."""
    language = translation.get_language()
    try:
        found = collect(request.GET, language, request)
    except InvalidSearch as error:
        if fmt == "json":
            return _json({"errors": error.messages}, status=400)
        return HttpResponse(
            "\n".join(str(message) for message in error.messages) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if fmt == "json":
        response = _json(as_json(found))
    else:
        response = HttpResponse(as_csv(found), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="practices-{language}-{stamp}.{fmt}"'
    response["X-Total-Count"] = str(found.total)
    response["X-Export-Truncated"] = "true" if found.truncated else "false"
    response["X-Robots-Tag"] = "noindex"
    return response


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
