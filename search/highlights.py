"""Highlighted snippets, the same on every engine: an escaped excerpt, what matched in <mark>."""

import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import analysis, text

WORDS_BEFORE = 8
SNIPPET_WORDS = 32


def snippet(summary, body, terms, language):
    """An HTML excerpt of the summary or body with the matches of `terms` (a
    query's `QueryTerms`) marked; the summary, escaped, where nothing matches."""
    for source in (summary, body):
        excerpt = _excerpt(unicodedata.normalize("NFC", source), terms, language)
        if excerpt:
            return excerpt
    return mark_safe(escape(summary))  # noqa: S308 (escaped)


def _marked_runs(pairs, terms):
    """[(first, last)] word positions to mark, in order and apart: each word with a
    term a query word matches, and each run of words that a phrase matches."""
    runs = [
        (index, index)
        for index, (term, variant) in enumerate(pairs)
        if term in terms.matching or variant in terms.matching
    ]
    found = [term for term, _variant in pairs]
    for phrase in terms.phrases:
        length = len(phrase)
        for start in range(len(found) - length + 1):
            if found[start] == phrase[0] and tuple(found[start : start + length]) == phrase:
                runs.append((start, start + length - 1))
    merged = []
    for first, last in sorted(runs):
        if merged and first <= merged[-1][1]:  # overlapping runs become one
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _word(found):
    """The word `text.tokens` reads in one match of `text.WORD` (letters and digits)."""
    if found.isascii():
        return found.lower()
    return (text.tokens(found) or [""])[0]


def _excerpt(source, terms, language):
    matches = list(text.WORD.finditer(source))
    if not matches or not terms:
        return None
    pairs = analysis.terms_of([_word(match.group()) for match in matches], language)
    runs = _marked_runs(pairs, terms)
    if not runs:
        return None
    # The window that shows the most different matched terms, the earliest on a tie.
    best = max(
        (first for first, _last in runs),
        key=lambda start: (
            len(
                {
                    pairs[first][0]
                    for first, _last in runs
                    if start <= first < start + SNIPPET_WORDS - WORDS_BEFORE
                }
            ),
            -start,
        ),
    )
    first_word = max(0, best - WORDS_BEFORE)
    last_word = min(len(matches), first_word + SNIPPET_WORDS) - 1
    start = 0 if first_word == 0 else matches[first_word].start()
    end = len(source) if last_word == len(matches) - 1 else matches[last_word].end()
    parts, position = [], start
    for first, last in runs:
        if last < first_word or first > last_word:
            continue
        first, last = max(first, first_word), min(last, last_word)
        begin, finish = matches[first].start(), matches[last].end()
        parts.append(escape(source[position:begin]))
        parts.append(f"<mark>{escape(source[begin:finish])}</mark>")
        position = finish
    parts.append(escape(source[position:end]))
    html = "".join(parts).strip()
    if start > 0:
        html = "… " + html
    if end < len(source):
        html += " …"
    return mark_safe(html)  # noqa: S308 (every piece of text is escaped)
