"""A light stemmer for Bulgarian: Savoy's algorithm (as Lucene's BulgarianStemmer), with two additions.

Snowball has no Bulgarian stemmer. Savoy's removes a lower-case word's definite article and
plural ending; the additions, for words it keeps apart, are in `NOUNS_IN_IA` and `stem`.
"""

ARTICLES_LONG = ("ът", "то", "те", "та", "ия")
# Nouns in -ия ("информация", "професия") keep their -ия before the article and
# plural rules, which would otherwise cut the definite and plural forms elsewhere.
NOUNS_IN_IA = (("ията", "ия"), ("иите", "ия"), ("ии", "ия"))


def stem(word):
    """The stem of a lower-case Bulgarian word ("децата" → "дец")."""
    if len(word) < 4:
        return word
    for ending, singular in NOUNS_IN_IA:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            word = word[: -len(ending)] + singular
            break
    if len(word) > 5 and word.endswith("ища"):
        return word[:-3]
    word = _plural(_article(word))
    if len(word) > 3:
        if word.endswith("я"):
            word = word[:-1]
        if word.endswith(("а", "о", "е")):
            word = word[:-1]
    if len(word) > 4 and word.endswith("ен"):
        word = word[:-2] + "н"
    if len(word) > 5 and word[-2] == "ъ":
        word = word[:-2] + word[-1]
    return word


def _article(word):
    """Without its definite article."""
    if len(word) > 6 and word.endswith("ият"):
        return word[:-3]
    if len(word) > 5 and word.endswith(ARTICLES_LONG):
        return word[:-2]
    if len(word) > 4 and word.endswith("ят"):
        return word[:-2]
    return word


def _plural(word):
    """Without its plural ending, the stem's last consonant restored where it changed."""
    if len(word) > 6:
        if word.endswith("овци"):
            return word[:-3]
        if word.endswith("ове"):
            return word[:-3]
        if word.endswith("еве"):
            return word[:-3] + "й"
    if len(word) > 5:
        if word.endswith("ища"):
            return word[:-3]
        if word.endswith("та"):
            return word[:-2]
        if word.endswith("ци"):
            return word[:-2] + "к"
        if word.endswith("зи"):
            return word[:-2] + "г"
        if word[-3] == "е" and word[-1] == "и":
            return word[:-3] + "я" + word[-2]
    if len(word) > 4 and word.endswith("си"):
        return word[:-2] + "х"
    # Savoy's rule starts at five letters; four-letter plurals ("жени") too.
    if len(word) > 3 and word.endswith("и"):
        return word[:-1]
    return word
