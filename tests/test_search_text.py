"""search.text and search.analysis: the words of a text and the terms both engines index."""

import random
import re
import unicodedata

import pytest
import Stemmer

from search import analysis, bulgarian, finnish, text

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
    "ﬁnal ligature² x ½",
    "cafe\u0301 decomposed",
]
ALPHABET = "abcXYZ09_ -.,;:'’«»–—…éèçœøßŁ\u00a0\u202f\t\n!?()[]{}<>&#@/\\|ﬁ²Жжąčęėįšųūž\u0301½"
# What Elasticsearch's whitespace tokenizer would split on (Java's Character.isWhitespace)
# or what FTS5 and tsvector would read as a separator: never inside a term.
TERM = re.compile(r"[^\W_]+")


def reference(value):
    """The rule: runs of letters and digits (not underscores) of the normalised, lower-case text."""
    return text.WORD.findall(unicodedata.normalize("NFKC", value).casefold())


@pytest.mark.parametrize("value", SAMPLES)
def test_tokens_are_the_letter_and_digit_runs_of_the_lower_case_text(value):
    assert text.tokens(value) == reference(value)


def test_tokens_on_random_mixtures():
    rng = random.Random(7)
    for _ in range(3000):
        value = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        assert text.tokens(value) == reference(value), value


def test_tokens_keep_accents_for_the_stemmers():
    assert text.tokens("Personnes âgées – l’aide à domicile") == [
        "personnes", "âgées", "l", "aide", "à", "domicile",
    ]  # fmt: skip
    assert text.tokens("Home_care: 24/7 support!") == ["home", "care", "24", "7", "support"]


@pytest.mark.parametrize("language", ["en", "fr", "it", "lt", "nl", "fi", "da", "bg", "pt"])
def test_index_terms_are_single_words_on_every_engine(language):
    rng = random.Random(language)
    for _ in range(500):
        value = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
        terms = analysis.index_terms(value, language).split(" ")
        if terms == [""]:
            continue
        for term in terms:
            assert TERM.fullmatch(term), (value, term)
            assert term == text.fold(term)
            assert len(term) <= analysis.MAX_TERM_LENGTH


@pytest.mark.parametrize("language", ["en", "fr", "it", "lt", "da", "fi", "nl"])
def test_terms_are_the_snowball_stems_folded_even_when_remembered(language):
    words = text.tokens(
        "Les personnes âgées vivent chez elles; older people living at home, persone anziane "
        "che vivono a casa, vyresni žmonės gyvena namuose; home homes"
    )
    stemmer = Stemmer.Stemmer(analysis.SNOWBALL[language])
    overrides = analysis.STEM_OVERRIDES.get(language, {})
    expected = [text.fold(overrides.get(word) or stemmer.stemWord(word)) for word in words]
    for _ in range(2):  # the second time from what was remembered
        assert [term for term, _variant in analysis.terms_of(words, language)] == expected


@pytest.mark.parametrize(
    ("language", "one", "other"),
    [
        ("pt", "população", "populações"),
        ("pt", "organização", "organizações"),
        ("pt", "ação", "ações"),
        ("pt", "criança", "crianças"),
        ("lt", "neįgaliųjų", "neįgalieji"),
        ("lt", "medžiai", "medis"),
        ("lt", "vaikų", "vaikai"),
        ("nl", "kind", "kinderen"),
        ("nl", "oudere", "ouderen"),
        ("it", "giovani", "giovane"),
        ("it", "disabilità", "disabile"),
        ("fr", "âgées", "agees"),
        ("fi", "lapset", "lapsia"),
        ("bg", "децата", "деца"),
        ("bg", "социалната", "социални"),
        ("bg", "услугите", "услуга"),
        ("bg", "информацията", "информация"),
        ("bg", "професиите", "професия"),
        ("bg", "жените", "жена"),
        ("nl", "dakloze", "daklozen"),
    ],
)
def test_inflections_meet(language, one, other):
    assert (
        analysis.index_terms(one, language).split()[0]
        == analysis.index_terms(other, language).split()[0]
    )


@pytest.mark.parametrize(
    ("language", "typed", "written"),
    [
        ("pt", "populacoes", "populações"),
        ("pt", "populacao", "populações"),
        ("pt", "acoes", "ações"),
        ("lt", "neigaliuju", "neįgaliųjų"),
        ("fr", "agees", "âgées"),
        ("fi", "tyollisyys", "työllisyys"),
        ("da", "aeldre", "ældre"),
        ("da", "born", "børn"),
    ],
)
def test_unaccented_typing_finds_the_accented_word(language, typed, written):
    (group,) = analysis.analyse_query([typed], [], language, [language]).groups
    assert set(group) & set(analysis.index_terms(written, language).split())


def test_accented_words_add_their_variant_after_the_terms():
    assert analysis.index_terms("As organizações e a população", "pt") == (
        "as organiz e a popul organizaca populaca"
    )
    # Words without accents have no variant.
    assert len(analysis.index_terms("as pessoas idosas em casa", "pt").split()) == 5


def test_stop_words_and_short_words_are_not_required():
    terms = analysis.analyse_query(["pagalba", "i", "namus"], [], "lt", ["lt"])
    assert [group[0] for group in terms.groups] == ["pagalb", "nam"]
    terms = analysis.analyse_query(["aide", "a", "domicile"], [], "fr", ["fr"])
    assert [group[0] for group in terms.groups] == ["aid", "domicil"]
    # Unaccented stop words too: "à" typed as "a", "és" typed as "es".
    terms = analysis.analyse_query(["aide", "à", "domicile"], [], "fr", ["fr"])
    assert [group[0] for group in terms.groups] == ["aid", "domicil"]
    # Nothing but stop words: all are required.
    terms = analysis.analyse_query(["the", "a"], [], "en", ["en"])
    assert [group[0] for group in terms.groups] == ["the", "a"]


def test_a_query_word_matches_in_every_language_visitors_first():
    (group,) = analysis.analyse_query(["Giovani"], [], "fr", ["fr", "it", "en"]).groups
    assert group[0] == "giovan"  # French Snowball
    assert "giovani" in group  # the folded word itself (a language without a stemmer)
    assert len(group) == len(set(group))


def test_phrases_keep_every_word_in_order():
    terms = analysis.analyse_query([], [["aide", "à", "domicile"]], "fr", ["fr", "en"])
    assert terms.phrases == (("aid", "a", "domicil"),)
    assert terms.groups == ()
    assert terms


def test_no_words_no_terms():
    assert not analysis.analyse_query([], [], "en", ["en"])


def test_bulgarian_stemmer_examples():
    # The examples of Savoy's paper and of Lucene's tests of the same algorithm.
    for words, stem in [
        (["компютър", "компютри", "компютъра", "компютърът"], "компютр"),
        (["град", "градове", "града", "градът", "градовете"], "град"),
        (["вестник", "вестници"], "вестник"),
    ]:
        assert {bulgarian.stem(word) for word in words} == {stem}
    assert bulgarian.stem("зай") == "зай"  # shorter than four letters: unchanged


def test_finnish_base_forms_meet_and_without_voikko_snowball_answers(monkeypatch, caplog):
    def stems(words):
        return [term for term, _variant in analysis.terms_of(words, "fi")]

    assert len(set(stems(["lasten", "lapset", "lapsi"]))) == 1
    assert stems(["kotihoidon"]) == stems(["kotihoito"])

    def unavailable(word):
        raise finnish.VoikkoUnavailable("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setattr(finnish, "base_form", unavailable)
    monkeypatch.setattr(analysis, "_known", {})
    monkeypatch.setattr(analysis, "_voikko_reported", [])
    with caplog.at_level("ERROR", logger="search"):
        assert stems(["lasten", "kotihoidon"]) == [
            Stemmer.Stemmer("finnish").stemWord(word) for word in ["lasten", "kotihoidon"]
        ]
    assert [record.getMessage() for record in caplog.records] == [
        "Finnish is analysed without Voikko: libvoikko.so.1: cannot open shared object file"
    ]
