"""Gene and family mentions in free text, and the affix rules that strip a written form
down to a name (``p-STAT3``, ``OSM-mediated``, ``MUC1-C``, ``hsa-miR-145``, ``MAPKs``).

``find_mentions`` scans left to right and takes the longest span of up to ``MAX_ATOMS``
word pieces that grounds (so ``NF-κB p65`` is one mention, ``Map3k7-Jnk`` two);
offsets index the caller's string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon, load_lexicon
from ..records import Mention
from .genes import Choice, GroundingContext, lookup
from ..lexicon.textnorm import GREEK_CHARS, clean_text

MAX_ATOMS = 6
ATOM = re.compile(rf"[0-9A-Za-z{GREEK_CHARS}]+(?:['’]s\b)?")
JOINERS = re.compile(r"^(?: |-|  )$")  # what may sit between the pieces of one name

# Written before or after a name without changing what it names.
PREFIX = re.compile(r"^(?:p|phospho|pho|total|t|cleaved|c|active|pro|exo|lncRNA|lnc|circ|"
                    r"hsa|mmu|rno|h|m|r|anti|si|sh|ko|k|mt|wt)[-]", re.I)
SUFFIX = re.compile(r"[-](?:mediated|dependent|induced|driven|activated|regulated|related|"
                    r"positive|negative|deficient|null|knockdown|KO|expressing|like|"
                    r"C|N|CTF|NTF|ICD|FL|WT|AS)$", re.I)
MIRNA = re.compile(r"^(?:[a-z]{2,4}-)*(?:miR|mir|microRNA|MIR)-?(\d+[a-z]?)(?:-\d)?(?:-[35]p)?$")
PLURAL = re.compile(r"(?<=[A-Za-z0-9])s$")


@dataclass(frozen=True)
class FormMatch:
    choice: Choice
    start: int  # offsets of the name inside the form (suffix words left out)
    end: int
    rule: str = ""


def match_form(form: str, context: GroundingContext | None, lex: Lexicon) -> FormMatch | None:
    """Ground one written form, trying it whole and then with its affixes stripped."""
    choice = lookup(form, context, lex)
    if choice:
        return FormMatch(choice, 0, len(form))
    return _mirna(form, context, lex) or _stripped(form, context, lex)


def _mirna(form: str, context, lex: Lexicon) -> FormMatch | None:
    found = MIRNA.match(form)
    if not found:
        return None
    choice = lookup(f"MIR{found.group(1).upper()}", context, lex)
    return FormMatch(choice, 0, len(form), "mirna") if choice else None


def _stripped(form: str, context, lex: Lexicon) -> FormMatch | None:
    suffix = SUFFIX.search(form)
    if suffix:
        inner = _inner(form[: suffix.start()], context, lex)
        if inner:  # '-mediated' stays outside the mention: the miner reads it
            keep = suffix.group(0)[1:].upper() in {"C", "N", "CTF", "NTF", "ICD", "FL", "WT", "AS"}
            return FormMatch(inner, 0, len(form) if keep else suffix.start(), "suffix")
    prefix = PREFIX.match(form)
    if prefix:
        inner = _inner(form[prefix.end():], context, lex)
        if inner:
            return FormMatch(inner, 0, len(form), "prefix")
    if PLURAL.search(form) and len(form) > 3:  # 'MAPKs', 'TLRs'; 'DEGs' is no DEGS1
        inner = lookup(form[:-1], context, lex)
        if inner and inner.target and inner.target.startswith("FPLX:"):
            return FormMatch(inner, 0, len(form), "plural")
    return None


def _inner(form: str, context, lex: Lexicon) -> Choice | None:
    if len(form) < 2:
        return None
    found = lookup(form, context, lex) or _mirna(form, context, lex)
    return found.choice if isinstance(found, FormMatch) else found


# --- scanning ----------------------------------------------------------------------

def _atoms(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in ATOM.finditer(text)]


def _joinable(text: str, atoms, i: int, j: int) -> bool:
    return all(JOINERS.match(text[atoms[k][1]: atoms[k + 1][0]]) for k in range(i, j))


def _longest_at(text: str, atoms, i: int, context, lex: Lexicon):
    last = min(len(atoms), i + MAX_ATOMS) - 1
    for j in range(last, i - 1, -1):
        if not _joinable(text, atoms, i, j):
            continue
        start, end = atoms[i][0], atoms[j][1]
        found = match_form(text[start:end], context, lex)
        if found:
            return j, start + found.start, start + found.end, found
    return None


def find_mentions(text: str, context: GroundingContext | None = None) -> list[Mention]:
    """Every gene/FamPlex mention in ``text``: non-overlapping, longest match first."""
    lex = load_lexicon()
    cleaned = clean_text(text)
    atoms = _atoms(cleaned)
    mentions, i = [], 0
    while i < len(atoms):
        hit = _longest_at(cleaned, atoms, i, context, lex)
        if not hit:
            i += 1
            continue
        j, start, end, found = hit
        mention = _mention(text, start, end, found.choice, lex)
        if mention:
            mentions.append(mention)
        i = j + 1
    return mentions


def _mention(text: str, start: int, end: int, choice: Choice, lex: Lexicon) -> Mention | None:
    if choice.match == "chemical":
        return None  # 'ROS', 'ATP': a chemical, not a gene mention
    symbol = choice.target
    return Mention(start=start, end=end, text=text[start:end], symbol=symbol,
                   ncbigene_id=lex.ncbigene(symbol) if symbol else None,
                   match=choice.match, candidates=choice.candidates,
                   taxid="9606" if symbol and not symbol.startswith("FPLX:") else None)
