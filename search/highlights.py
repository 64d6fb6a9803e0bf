"""Highlighted snippets for the database engine: an escaped excerpt, matching words in <mark>."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import text

WORDS_BEFORE = 8
SNIPPET_WORDS = 32


def snippet(summary, body, query, language):
    """An HTML excerpt of the summary or body with the query's words marked;
    the summary, escaped, where no word matches."""
    wanted = set(text.stem([text.fold(word) for word in query.words], language))
    for phrase in query.phrases:
        wanted.update(text.stem(text.words(" ".join(phrase)), language))
    wanted -= text.stop_words(language)
    for source in (summary, body):
        excerpt = _excerpt(source, wanted, language)
        if excerpt:
            return excerpt
    return mark_safe(escape(summary))  # noqa: S308 (escaped)


def _excerpt(source, wanted, language):
    matches = list(text.WORD.finditer(source))
    if not matches or not wanted:
        return None
    stems = text.stem([text.fold(match.group()) for match in matches], language)
    hits = [index for index, stem in enumerate(stems) if stem in wanted]
    if not hits:
        return None
    # The window that shows the most different query words, the earliest on a tie.
    best = max(
        hits,
        key=lambda hit: (
            len(
                {
                    stems[other]
                    for other in hits
                    if hit <= other < hit + SNIPPET_WORDS - WORDS_BEFORE
                }
            ),
            -hit,
        ),
    )
    first = max(0, best - WORDS_BEFORE)
    last = min(len(matches), first + SNIPPET_WORDS) - 1
    start = 0 if first == 0 else matches[first].start()
    end = len(source) if last == len(matches) - 1 else matches[last].end()
    marked = set(hits)
    parts, position = [], start
    for index in range(first, last + 1):
        match = matches[index]
        if index in marked:
            parts.append(escape(source[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(source[position:end]))
    html = "".join(parts).strip()
    if start > 0:
        html = "… " + html
    if end < len(source):
        html += " …"
    return mark_safe(html)  # noqa: S308 (every piece of text is escaped)
