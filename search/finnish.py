"""Base forms of Finnish words from Voikko, the Finnish morphology of LibreOffice.

Snowball's Finnish stemmer cannot relate "lasten" to "lapsi"; Voikko can. It needs Debian's
`libvoikko1` (the library) and `voikko-fi` (the dictionary), and PyPI's `libvoikko` (the wrapper).
"""

import functools
import threading

# The Voikko dictionary asked for (a BCP 47 tag).
DICTIONARY = "fi"
# Words whose base form is remembered: a text repeats its words. Bounded (least recently used).
CACHE_SIZE = 100_000
HINT = (
    "install Debian's libvoikko1 and voikko-fi (the library and its Finnish dictionary) "
    "and the libvoikko package of requirements.txt"
)

_lock = threading.Lock()
_voikko = None
_failure = None  # the message of a failure to load Voikko


class VoikkoUnavailable(RuntimeError):
    """Voikko, or its Finnish dictionary, cannot be loaded."""


def _open():
    """A new Voikko instance for the Finnish dictionary; `VoikkoUnavailable` if it cannot be made."""
    try:
        import libvoikko
    except ImportError as error:
        raise VoikkoUnavailable(
            f"Voikko cannot give Finnish base forms ({error}): {HINT}."
        ) from error
    try:
        # The library alone first: a Voikko instance that fails to find it
        # complains again when garbage-collected.
        libvoikko.Voikko.getVersion()
        return libvoikko.Voikko(DICTIONARY)
    except (OSError, AttributeError, libvoikko.VoikkoException) as error:
        # OSError: no libvoikko.so.1; AttributeError: a library without Voikko's
        # functions; VoikkoException: no Finnish dictionary.
        raise VoikkoUnavailable(
            f"Voikko cannot give Finnish base forms ({error}): {HINT}."
        ) from error


def _load():
    """The process's Voikko instance, opened on first use; `VoikkoUnavailable` (the same
    error each time, without trying again) if it cannot be."""
    global _voikko, _failure
    if _voikko is not None:
        return _voikko
    with _lock:
        if _voikko is None and _failure is None:
            try:
                _voikko = _open()
            except VoikkoUnavailable as error:
                _failure = str(error)
        if _failure is not None:
            raise VoikkoUnavailable(_failure)
        return _voikko


def available():
    """Whether Voikko and its Finnish dictionary load in this process."""
    return load_error() is None


def load_error():
    """The message of why Voikko cannot load, or None when it can."""
    try:
        _load()
    except VoikkoUnavailable as error:
        return str(error)
    return None


@functools.lru_cache(maxsize=CACHE_SIZE)
def base_form(word):
    """The base form, in lower case, of a lower-case Finnish word ("lasten" → "lapsi"), or
    None where Voikko does not know the word. Raises `VoikkoUnavailable` without Voikko."""
    if not word:
        return None
    voikko = _load()
    with _lock:  # one Voikko instance must not be used by two threads at once
        analyses = voikko.analyze(word)
    for analysis in analyses:
        found = analysis.get("BASEFORM")
        if found:
            return found.lower()
    return None


def reset():
    """Forget the Voikko instance, a failure to load it and the cached base forms (for tests)."""
    global _voikko, _failure
    with _lock:
        _voikko = None
        _failure = None
    base_form.cache_clear()
