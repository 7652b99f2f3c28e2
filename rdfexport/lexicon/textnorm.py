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


def _clean_char(char: str) -> str:
    if char.isascii():
        return char
    char = char.translate(HOMOGLYPHS).translate(DASH_TABLE)
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def clean_text(text: str) -> str:
    """Fix homoglyphs, dash variants and compatibility forms, keeping every offset."""
    return "".join(map(_clean_char, text))


def spell_greek(text: str) -> str:
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
    short_key = _SPELLED.sub(lambda m: GREEK_LETTER[m.group(0).lower()].upper(), long_key)
    return long_key, short_key


def has_greek(text: str) -> bool:
    return any(c in GREEK for c in text)
