"""The one analysis of the search: how a text's words and a query's words become index terms.

Both engines index and match these terms and the snippets mark them, so no engine analyses
text itself; docs/search.md ("Analysis") gives the steps and why.
"""

import functools
import logging
from dataclasses import dataclass

import Stemmer
from stop_words import StopWordError, get_stop_words

from search import bulgarian, finnish
from search.text import fold, tokens

# Snowball algorithm for each partner language (PyStemmer, the Snowball
# project's own bindings); Bulgarian has the light stemmer of search.bulgarian.
# Dutch: the Porter-style algorithm ("daklozen" and "dakloze" meet; Snowball's
# newer Dutch stemmer keeps them apart).
SNOWBALL = {
    "da": "danish",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch_porter",
    "pt": "portuguese",
}
# Words kept from the stemmer with a stem of their own: the rules of
# Elasticsearch's Dutch analyzer, so that "kind" meets "kinderen" (kinder).
STEM_OVERRIDES = {
    "nl": {"fiets": "fiets", "bromfiets": "bromfiets", "ei": "eier", "kind": "kinder"}
}
# Plural endings turned into the singular's before stemming, where the
# stemmer keeps them apart: Portuguese "ações" → "ação" (and unaccented).
PLURALS = {"pt": (("ões", "ão"), ("oes", "ao"))}
# Lucene's English stop words, the list Elasticsearch's `_english_` uses: the
# `stop-words` package's English list drops words such as "work" and "home".
ENGLISH_STOP_WORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
     "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
     "these", "they", "this", "to", "was", "will", "with"]
)  # fmt: skip
# Stop words a query does not require. The `stop-words` package's lists mix
# function words with words that matter here (French "personnes", Finnish
# "apu", help), so only its short entries are used: articles, prepositions and
# conjunctions are short. Words of one or two letters are never required.
MAX_STOP_WORD_LENGTH = 3
logger = logging.getLogger("search")
# Terms longer than this are cut: Elasticsearch's whitespace tokenizer splits
# tokens longer than 255 characters, and no real word is this long.
MAX_TERM_LENGTH = 100
# Terms already computed, per language: a text repeats its words, and a
# rebuild reads millions of them. Bounded: emptied when it grows this large.
CACHE_SIZE = 200_000
_known = {}


@functools.cache
def _stemmer(language):
    if language == "bg":
        return bulgarian.stem
    algorithm = SNOWBALL.get(language)
    return Stemmer.Stemmer(algorithm).stemWord if algorithm else None


def _stem(word, language):
    """`word` (lower case) stemmed in `language`, after its overrides and plural rules."""
    override = STEM_OVERRIDES.get(language, {}).get(word)
    if override:
        return override
    for plural, singular in PLURALS.get(language, ()):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            word = word[: -len(plural)] + singular
            break
    if language == "fi":
        word = _finnish_base_form(word)
    stemmer = _stemmer(language)
    return stemmer(word) if stemmer else word


def _finnish_base_form(word):
    """Voikko's base form of a Finnish word ("lasten" → "lapsi"), or the word
    itself where Voikko does not know it; Snowball alone, with an error in the
    log, where Voikko cannot load (the `search.E001` check says so at startup)."""
    try:
        return finnish.base_form(word) or word
    except finnish.VoikkoUnavailable as error:
        if not _voikko_reported:
            _voikko_reported.append(True)
            logger.error("Finnish is analysed without Voikko: %s", error)
        return word


_voikko_reported = []


def _terms_of(word, language):
    """(term, variant) of a lower-case word: its stem, folded; and, for a word with
    accents, the stem of the folded word where it differs (what a visitor who types
    without accents gets), otherwise None."""
    term = fold(_stem(word, language))[:MAX_TERM_LENGTH] or fold(word)[:MAX_TERM_LENGTH]
    if word.isascii():
        return term, None
    variant = fold(_stem(fold(word), language))[:MAX_TERM_LENGTH]
    return term, (variant if variant and variant != term else None)


def terms_of(words, language):
    """[(term, variant)] of lower-case words (see `_terms_of`), remembered per language."""
    known = _known.setdefault(language, {})
    try:  # most words of a text were seen before
        return [known[word] for word in words]
    except KeyError:
        pass
    found = []
    for word in words:
        pair = known.get(word)
        if pair is None:
            if len(known) >= CACHE_SIZE:
                known.clear()
            pair = known[word] = _terms_of(word, language)
        found.append(pair)
    return found


def index_terms(text, language):
    """The space-separated terms both engines index for `text`: one per word, in
    order (phrases match them), then the variants of accented words."""
    pairs = terms_of(tokens(text), language)
    variants = dict.fromkeys(variant for _term, variant in pairs if variant)
    return " ".join([term for term, _variant in pairs] + list(variants))


def document_terms(document):
    """(title terms, body terms) of a search document (search.index_entries), analysed
    once: kept in the document, so engines fed the same documents share the work."""
    terms = document.get("_terms")
    if terms is None:
        language = document["language"]
        terms = document["_terms"] = (
            index_terms(document["title"], language),
            index_terms(
                f"{document['summary']} {document['body']} {document['keywords']}", language
            ),
        )
    return terms


@functools.cache
def stop_words(language):
    """Folded words of `language` that queries do not require (the index keeps them)."""
    if language == "en":
        return ENGLISH_STOP_WORDS
    try:
        listed = get_stop_words(language)
    except StopWordError:  # e.g. Lithuanian, which the package does not cover
        return frozenset()
    return frozenset(folded for folded in map(fold, listed) if len(folded) <= MAX_STOP_WORD_LENGTH)


def is_required(word, language):
    """Whether a query must contain `word` (lower case): not a stop word of the
    visitor's language, nor a word of one or two letters."""
    folded = fold(word)
    return len(folded) > 2 and folded not in stop_words(language)


@dataclass(frozen=True)
class QueryTerms:
    """A query's words analysed once, for every engine and the snippets.

    `groups`: one per required word, the terms that match it: its term and
    variant in every site language (the visitor's first: a French visitor also
    finds practices written only in Italian) and the folded word. A match has a
    term of every group. `phrases`: the terms of each quoted phrase in the
    visitor's language, which a match has one after the other.
    """

    groups: tuple = ()
    phrases: tuple = ()

    def __bool__(self):
        return bool(self.groups or self.phrases)

    @functools.cached_property
    def matching(self):
        """Every term that a word of a matching text may have."""
        return frozenset(term for group in self.groups for term in group)


def analyse_query(words, phrases, language, languages):
    """The `QueryTerms` of a visitor's words and phrases (from `search.text.parse`).

    Stop words and short words are not required unless nothing else is left; a
    phrase keeps all its words.
    """
    lowered = [token for word in words for token in tokens(word)]
    required = [word for word in lowered if is_required(word, language)] or lowered
    order = [language, *(code for code in languages if code != language)]
    groups = []
    for word in dict.fromkeys(required):
        group = [fold(word)[:MAX_TERM_LENGTH]]
        for code in order:
            term, variant = terms_of([word], code)[0]
            group += [term, variant] if variant else [term]
        # The visitor's own term first, then the others, each once.
        groups.append(tuple(dict.fromkeys([*group[1:], group[0]])))
    phrase_terms = []
    for phrase in phrases:
        found = tuple(term for term, _variant in terms_of(tokens(" ".join(phrase)), language))
        if found:
            phrase_terms.append(found)
    return QueryTerms(groups=tuple(groups), phrases=tuple(phrase_terms))
