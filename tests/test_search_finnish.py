"""Finnish base forms from Voikko (search/finnish.py) and the system check that needs them.

Voikko is the real one (Debian's libvoikko1 and voikko-fi); a missing wrapper, library or
dictionary is simulated at the point where each would fail to load.
"""

import ctypes
import sys
import threading

import libvoikko
import pytest
import Stemmer
from django.core import checks

from search import finnish
from search.checks import voikko_loads

SNOWBALL_FI = Stemmer.Stemmer("finnish").stemWord


@pytest.fixture(autouse=True)
def fresh_voikko():
    """Each test opens Voikko itself, and leaves no failure behind for the next ones."""
    finnish.reset()
    yield
    finnish.reset()


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("lasten", "lapsi"),
        ("lapset", "lapsi"),
        ("lapsi", "lapsi"),
        ("kotihoidon", "kotihoito"),
        ("asunnottomuuden", "asunnottomuus"),
        ("päihdekuntoutuksessa", "päihdekuntoutus"),
        ("vanhusten", "vanhus"),
        ("ikäihmisille", "ikäihminen"),
        ("sosiaalityöntekijät", "sosiaalityöntekijä"),
        ("helsingissä", "helsinki"),  # a proper name, in lower case
    ],
)
def test_base_forms_of_inflected_words(word, expected):
    assert finnish.base_form(word) == expected


@pytest.mark.parametrize("word", ["wojciechowski", "kowalczyk", "zxqvyk", ""])
def test_words_voikko_does_not_know_have_no_base_form(word):
    assert finnish.base_form(word) is None


def test_snowball_relates_the_inflections_through_their_base_form_only():
    forms = ["lasten", "lapset", "lapsi", "lapsille"]
    assert len({SNOWBALL_FI(word) for word in forms}) > 1
    assert {SNOWBALL_FI(finnish.base_form(word)) for word in forms} == {SNOWBALL_FI("lapsi")}


def test_a_compound_keeps_its_whole_base_form():
    assert finnish.base_form("lastensuojelun") == "lastensuojelu"
    assert finnish.base_form("kotihoidossa") == "kotihoito"


def test_a_word_asked_again_does_not_reach_voikko(monkeypatch):
    assert finnish.base_form("vanhusten") == "vanhus"

    class Refusing:
        def analyze(self, word):
            raise AssertionError(f"Voikko asked again for {word!r}")

    monkeypatch.setattr(finnish, "_voikko", Refusing())
    assert finnish.base_form("vanhusten") == "vanhus"
    assert finnish.base_form.cache_info().maxsize == finnish.CACHE_SIZE


def test_threads_share_one_voikko_and_get_the_same_answers():
    words = ["lasten", "kotihoidon", "asunnottomuuden", "vanhusten", "kunnissa", "työntekijöiden"]
    expected = {word: finnish.base_form(word) for word in words}
    finnish.reset()
    answers, errors = [], []

    def ask():
        try:
            for _ in range(50):
                answers.append({word: finnish.base_form(word) for word in words})
                finnish.base_form.cache_clear()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(answers) == 200 and all(answer == expected for answer in answers)


def test_voikko_is_available_here():
    assert finnish.available()
    assert finnish.load_error() is None
    assert voikko_loads() == []


def _without_wrapper(monkeypatch):
    monkeypatch.setitem(sys.modules, "libvoikko", None)  # `import libvoikko` raises ImportError


def _without_library(monkeypatch):
    missing = "/nonexistent/libvoikko.so.1"
    monkeypatch.setattr(
        libvoikko.VoikkoLibrary, "open", classmethod(lambda cls, path=None: ctypes.CDLL(missing))
    )


def _without_dictionary(monkeypatch):
    monkeypatch.setattr(finnish, "DICTIONARY", "fi-x-missing")  # Voikko finds no such dictionary


@pytest.mark.parametrize(
    ("missing", "cause"),
    [
        (_without_wrapper, "libvoikko"),
        (_without_library, "/nonexistent/libvoikko.so.1"),
        (_without_dictionary, "dictionary variant was not found"),
    ],
)
def test_without_voikko_the_error_is_clear_and_the_system_check_fails(
    monkeypatch, settings, missing, cause
):
    missing(monkeypatch)
    assert not finnish.available()
    with pytest.raises(finnish.VoikkoUnavailable, match="libvoikko1 and voikko-fi") as raised:
        finnish.base_form("lasten")
    assert cause in str(raised.value)

    settings.LANGUAGES = [("en", "English"), ("fi", "Suomi")]
    (error,) = [found for found in checks.run_checks() if found.id == "search.E001"]
    assert error.level == checks.ERROR
    assert cause in error.msg
    assert "install debian's libvoikko1 and voikko-fi" in error.hint.lower()


def test_without_finnish_among_the_site_languages_voikko_is_not_needed(monkeypatch, settings):
    _without_wrapper(monkeypatch)
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    assert voikko_loads() == []
    assert not finnish.available()
