"""search.text.words: the folded words of a text, whatever path it takes."""

import random

import pytest

from search import text

SAMPLES = [
    "Hello_world foo-bar 12ab",
    "l’enfant «bonjour» – été…",
    "naïve café ŁÓDŹ straße ø œ",
    "Подкрепа за възрастни хора",
    "a\tb\nc\x00d",
    "tab\u00a0nbsp and \u202fnarrow",
    "x_y_z __ _",
    "«»–—…",
    "",
    "ÉCOLE d'été, 1,200 e-mail 5.3%",
    "ﬁnal ligature² x",
]


def reference(value):
    """The rule: runs of letters and digits (not underscores) of the folded text."""
    return text.WORD.findall(text.fold(value))


@pytest.mark.parametrize("value", SAMPLES)
def test_words_are_the_letter_and_digit_runs_of_the_folded_text(value):
    assert text.words(value) == reference(value)


def test_words_on_random_mixtures():
    rng = random.Random(7)
    alphabet = "abcXYZ09_ -.,;:'’«»–—…éèçœøßŁ\u00a0\u202f\t\n!?()[]{}<>&#@/\\|ﬁ²Жж"
    for _ in range(3000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert text.words(value) == reference(value), value


def test_words_examples():
    assert text.words("Personnes âgées – l’aide à domicile") == [
        "personnes", "agees", "l", "aide", "a", "domicile",
    ]  # fmt: skip
    assert text.words("Home_care: 24/7 support!") == ["home", "care", "24", "7", "support"]


@pytest.mark.parametrize("language", ["en", "fr", "it", "lt", "bg"])
def test_stems_are_the_stemmers_own_even_when_remembered(language):
    import Stemmer

    words = text.words(
        "Les personnes âgées vivent chez elles; older people living at home, persone anziane "
        "che vivono a casa, vyresni žmonės gyvena namuose, възрастни хора у дома; home homes"
    )
    expected = (
        Stemmer.Stemmer(text.SNOWBALL[language]).stemWords(words)
        if language in text.SNOWBALL
        else words
    )
    assert text.stem(words, language) == expected
    assert text.stem(words, language) == expected  # a second time, from what was remembered
    assert text.stem(words[::-1], language) == expected[::-1]
