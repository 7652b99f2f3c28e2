"""Text normalisation for gene look-up: homoglyphs, dashes, Greek letters, look-up keys.

``clean_text`` maps character for character (same length), so offsets found in the
cleaned text are offsets in the original. ``lookup_keys`` folds a name to the keys the
lexicon is indexed by: case, hyphens, spaces and possessives vanish (``IL-6`` and ``IL6``
share a key) and Greek letters become their spelled names (long key) or a Latin letter
(short key), so ``TNFα``, ``TNF-alpha`` and ``TNFA`` meet.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate

# Cyrillic letters that OCR and copy-paste put into Latin words ('АКТ' for 'AKT').
HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТУХаеорсухіјѕԁӏІЈЅ",
    "ABEKMHOPCTYXaeopcyxijsdlIJS",
)
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u00ad"
DASH_TABLE = str.maketrans({d: "-" for d in DASHES})

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "ϵ": "epsilon", "ϑ": "theta",
    "ϕ": "phi", "ς": "sigma",
}
GREEK.update({k.upper(): v for k, v in list(GREEK.items()) if k.upper() != k})
# The Latin letter a Greek name stands for in gene symbols (IKKβ = IKKB, g-secretase).
GREEK_LETTER = {
    "alpha": "a", "beta": "b", "gamma": "g", "delta": "d", "epsilon": "e", "zeta": "z",
    "kappa": "k", "lambda": "l", "sigma": "s", "omega": "o", "theta": "t", "iota": "i",
}
GREEK_CHARS = "".join(GREEK)
_SPELLED = re.compile("|".join(sorted(GREEK_LETTER, key=len, reverse=True)).upper())
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_NON_ALNUM = re.compile(r"[^0-9A-Z]+")
_DELETE_NON_ALNUM = {c: None for c in range(128) if not (chr(c).isalnum() or chr(c) == "\n")}


def _clean_char(char: str) -> str:
    if char.isascii():
        return char
    char = char.translate(HOMOGLYPHS).translate(DASH_TABLE)
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


class _CleanTable(dict):
    """``str.translate`` table filled on first sight of each character (``_clean_char``)."""

    def __missing__(self, code: int) -> str:
        self[code] = cleaned = _clean_char(chr(code))
        return cleaned


_CLEAN_TABLE = _CleanTable()


def clean_text(text: str) -> str:
    """Fix homoglyphs, dash variants and compatibility forms, keeping every offset."""
    return text if text.isascii() else text.translate(_CLEAN_TABLE)


def spell_greek(text: str) -> str:
    if text.isascii():  # no Greek letter is ASCII
        return text
    return "".join(f"{GREEK[c]}" if c in GREEK else c for c in text)


def lookup_keys(name: str) -> tuple[str, str]:
    """(long key, short key) of a name: upper case, alphanumerics only, Greek folded."""
    if not name.isascii():
        name = spell_greek(clean_text(name))
    if "'" in name or "’" in name:
        name = _POSSESSIVE.sub("", name)
    long_key = _NON_ALNUM.sub("", name.upper())
    if not _SPELLED.search(long_key):  # fast path: most names spell no Greek letter
        return long_key, long_key
    return long_key, _SPELLED.sub(_latin, long_key)


def long_keys(names: list[str]) -> list[str]:
    """``lookup_keys(name)[0]`` for many names at once (the lexicon's 180,000 in one pass)."""
    special = [i for i, name in enumerate(names) if not name.isascii() or "'" in name]
    plain = names.copy()
    for i in special:
        plain[i] = ""  # keeps str.translate on its ASCII fast path
    keys = "\n".join(plain).upper().translate(_DELETE_NON_ALNUM).split("\n")
    for i in special:
        keys[i] = lookup_keys(names[i])[0]
    return keys


def spelled_greek(keys: list[str]) -> list[int]:
    """Positions of the keys that spell a Greek letter (whose short key differs), found
    with ``str.find`` over all keys at once: a regex scan of each costs ten times more."""
    joined = "".join(keys)
    starts = list(accumulate(map(len, keys), initial=0))
    found = set()
    for word in GREEK_LETTER:
        word = word.upper()
        at = joined.find(word)
        while at != -1:
            found.add(bisect_right(starts, at) - 1)  # the key it starts in
            at = joined.find(word, at + 1)
    return sorted(i for i in found if _SPELLED.search(keys[i]))  # not a word across two keys


def short_key(long_key: str) -> str:
    return _SPELLED.sub(_latin, long_key) if _SPELLED.search(long_key) else long_key


def _latin(spelled: re.Match) -> str:
    return GREEK_LETTER[spelled.group(0).lower()].upper()


def has_greek(text: str) -> bool:
    return any(c in GREEK for c in text)
