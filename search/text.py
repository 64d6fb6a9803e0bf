"""Text normalisation shared by the database engine and the snippets: folding, words, stemming.

See docs/search.md for the steps and the languages without a stemmer.
"""

import functools
import re
import unicodedata

import Stemmer
from stop_words import StopWordError, get_stop_words

# Snowball algorithm for each partner language.
SNOWBALL = {
    "da": "danish",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "pt": "portuguese",
}
# Lucene's English stop words, the list Elasticsearch's `_english_` uses: the
# `stop-words` package's English list drops words such as "work" and "home".
ENGLISH_STOP_WORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
     "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
     "these", "they", "this", "to", "was", "will", "with"]
)  # fmt: skip

WORD = re.compile(r"[^\W_]+")
# Characters a visitor may type that carry no meaning for the search: control
# characters, and the typographic quotes folded into plain ones.
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


# Combining marks left by canonical decomposition: the accents of Latin
# letters (U+0300–036F) and the rarer diacritic blocks.
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text):
    """Lower-case `text` and strip its accents: "Âgées" → "agees".

    Letters without a decomposition (ł, ø, ß) stay as they are; case folding
    turns ß into ss.
    """
    if text.isascii():
        return text.casefold()
    return COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


# Punctuation frequent in prose, never part of a word: replaced by spaces so
# that text otherwise in ASCII takes the fast path of `words`.
PROSE_PUNCTUATION = "\u2019\u2018\u201c\u201d\u00ab\u00bb\u2013\u2014\u2026\u00a0"
# ASCII bytes that are not letters or digits (what WORD does not match), as spaces.
ASCII_SEPARATORS = bytes(byte if chr(byte).isalnum() else 0x20 for byte in range(128)) + bytes(
    range(128, 256)
)


def words(text):
    """The folded words of `text`, in order."""
    folded = fold(text)
    if not folded.isascii():
        for char in PROSE_PUNCTUATION:
            if char in folded:
                folded = folded.replace(char, " ")
        if not folded.isascii():
            return WORD.findall(folded)
    # The same words as WORD.findall, several times faster on ASCII.
    return folded.encode("ascii").translate(ASCII_SEPARATORS).decode("ascii").split()


@functools.cache
def _stemmer(language):
    algorithm = SNOWBALL.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


# Stems already computed, per language: a text repeats its words, and a
# rebuild reads millions of them. Bounded: emptied when it grows this large.
STEM_CACHE_SIZE = 200_000
_stems = {}


def stem(words_, language):
    """Stem folded words with `language`'s Snowball stemmer (unchanged if none)."""
    stemmer = _stemmer(language)
    if not stemmer:
        return list(words_)
    known = _stems.setdefault(language, {})
    stems = [known.get(word) for word in words_]
    if None in stems:
        missing = list(dict.fromkeys(w for w, s in zip(words_, stems, strict=True) if s is None))
        found = dict(zip(missing, stemmer.stemWords(missing), strict=True))
        if len(known) + len(found) > STEM_CACHE_SIZE:
            known.clear()
        known.update(found)
        stems = [found[w] if s is None else s for w, s in zip(words_, stems, strict=True)]
    return stems


def index_terms(text, language):
    """The space-separated terms the database engine indexes for `text`."""
    return " ".join(stem(words(text), language))


# Stop words a query does not require. The `stop-words` package's lists mix
# function words with words that matter here (French "personnes", Finnish
# "apu", help), so only its short entries are used: articles, prepositions and
# conjunctions are short. Words of one or two letters are never required.
MAX_STOP_WORD_LENGTH = 3


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


def required(words_, language):
    """The words of a query that a match must contain: all but the stop
    words and the one- and two-letter words, unless nothing else is left."""
    stop = stop_words(language)
    kept = [word for word in words_ if len(word) > 2 and word not in stop]
    return kept or list(words_)


def clean(text, max_length):
    """User text made safe to process: control characters become spaces,
    whitespace is collapsed, and the result is cut to `max_length`."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    return " ".join(text.split())[:max_length]


def parse(text):
    """Split a visitor's search text into plain words and quoted phrases.

    Only double quotes mean something: `"home support" seniors` is the
    phrase "home support" and the word "seniors". Every other character that
    search syntaxes use (operators, wildcards, backslashes, brackets) is a
    separator. An unbalanced quote is ignored. Returns (terms, phrases): raw
    (unfolded) words and lists of raw words, in the order typed.
    """
    text = text.translate(QUOTES)
    parts = text.split('"')
    if len(parts) % 2 == 0:  # an unbalanced quote: treat its text as words
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    terms, phrases = [], []
    for position, part in enumerate(parts):
        found = WORD.findall(part)
        if position % 2 and len(found) > 1:
            phrases.append(found)
        else:
            terms.extend(found)
    return terms, phrases
