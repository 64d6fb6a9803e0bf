"""A visitor's text and a document's text in words: cleaning, splitting, folding.

search.analysis turns the words into index terms; docs/search.md gives the steps.
"""

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
# Characters a visitor may type that carry no meaning for the search: control
# characters, and the typographic quotes folded into plain ones.
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


# Combining marks left by canonical decomposition: the accents of Latin
# letters (U+0300–036F) and the rarer diacritic blocks.
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# Latin letters without a decomposition, written as a visitor types them
# without them (as Lucene's ASCII folding does): Danish "ældre" as "aeldre".
LATIN_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ħ": "h",
     "ı": "i", "ŧ": "t", "ŋ": "n", "ſ": "s"}
)  # fmt: skip


def fold(text):
    """Lower-case `text` and strip its accents: "Âgées" → "agees", "Ældre" → "aeldre".

    Other scripts keep their letters (Bulgarian "й" becomes "и", as its accent goes).
    """
    if text.isascii():
        return text.casefold()
    return (
        COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold().translate(LATIN_LETTERS)
    )


# Punctuation frequent in prose, never part of a word: replaced by spaces so
# that text otherwise in ASCII takes the fast path of `tokens`.
PROSE_PUNCTUATION = "\u2019\u2018\u201c\u201d\u00ab\u00bb\u2013\u2014\u2026\u00a0"
# ASCII bytes that are not letters or digits (what WORD does not match), as spaces.
ASCII_SEPARATORS = bytes(byte if chr(byte).isalnum() else 0x20 for byte in range(128)) + bytes(
    range(128, 256)
)


def tokens(text):
    """The words of `text` in lower case, accents kept (what the stemmers read), in order.

    Compatibility characters are normalised first ("ﬁ" → "fi", "²" → "2").
    """
    if text.isascii():
        return text.lower().encode("ascii").translate(ASCII_SEPARATORS).decode("ascii").split()
    lowered = unicodedata.normalize("NFKC", text).casefold()
    for char in PROSE_PUNCTUATION:
        if char in lowered:
            lowered = lowered.replace(char, " ")
    if lowered.isascii():
        # The same words as WORD.findall, several times faster on ASCII.
        return lowered.encode("ascii").translate(ASCII_SEPARATORS).decode("ascii").split()
    return WORD.findall(lowered)


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
