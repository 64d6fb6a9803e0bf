"""The fixed mix of searches every implementation answers."""

from dataclasses import dataclass, field

from django.db import connection
from django.http import QueryDict

LANGUAGE = "en"
PER_PAGE = 12


@dataclass(frozen=True)
class BenchQuery:
    name: str
    text: str = ""
    filters: dict = field(default_factory=dict)

    def params(self):
        """The request parameters of the search page for this query."""
        params = {"q": self.text} if self.text else {}
        params.update(self.filters)
        return params

    def querydict(self):
        return as_querydict(self.params())


def as_querydict(params):
    """A QueryDict of {name: value or [values]}."""
    querydict = QueryDict(mutable=True)
    for name, value in params.items():
        querydict.setlist(name, value if isinstance(value, list) else [value])
    return querydict


def most_frequent(facet, language=LANGUAGE):
    """The most frequent value of a facet in the index, in that language."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value FROM search_document_facet WHERE language = %s AND facet = %s "
            "GROUP BY value ORDER BY COUNT(*) DESC, value LIMIT 1",
            [language, facet],
        )
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError(f"No {facet} in the index: is the corpus indexed?")
    return row[0]


def query_mix(language=LANGUAGE):
    theme, country = most_frequent("theme", language), most_frequent("country", language)
    target_group = most_frequent("target_group", language)
    return [
        BenchQuery("one word", "children"),
        BenchQuery("two words", "peer mentoring"),
        BenchQuery("phrase", '"home visits"'),
        BenchQuery("no words, two filters", filters={"theme": theme, "country": country}),
        BenchQuery(
            "words, three filters",
            "support",
            filters={"theme": theme, "country": country, "target_group": target_group},
        ),
        BenchQuery("no match", "xylophonist"),
    ]


# Sort orders a visitor can pick: each makes another page of results.
SORTS = ("relevance", "newest", "title")


def distinct_searches(language=LANGUAGE):
    """Search page URLs no page cache can hold between two visits (at least 500): every
    group of people, approach, and pair of both in the synthetic vocabulary, in each order."""
    from bench.synthetic.vocabulary import APPROACHES, GROUPS

    groups = [group[language]["pl"] for group in GROUPS]
    approaches = [approach[language]["name"] for approach in APPROACHES]
    texts = [
        *groups,
        *approaches,
        *(f"{group} {approach}" for group in groups for approach in approaches),
    ]
    return [
        f"/{language}/search/?" + as_querydict({"q": text, "sort": sort}).urlencode()
        for text in texts
        for sort in SORTS
    ]
