"""Gene and family mentions in free text, and the affix rules that strip a written form
down to a name (``p-STAT3``, ``OSM-mediated``, ``MUC1-C``, ``hsa-miR-145``, ``MAPKs``).

``find_mentions`` scans left to right and takes the longest span of up to ``MAX_ATOMS``
word pieces that grounds (so ``NF-κB p65`` is one mention, ``Map3k7-Jnk`` two);
offsets index the caller's string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, compress, count, repeat
from operator import not_

from ..lexicon import MEMO_SIZE, Lexicon, load_lexicon
from ..records import Mention
from .genes import Choice, GroundingContext, lookup
from ..lexicon.textnorm import GREEK_CHARS, GREEK_LETTER, clean_text, lookup_keys

MAX_ATOMS = 6
ATOM = re.compile(rf"[0-9A-Za-z{GREEK_CHARS}]+(?:['’]s\b)?")
ATOM_SPLIT = re.compile(f"({ATOM.pattern})")  # str.split keeps the atoms between the gaps
JOINERS = re.compile(r"^(?: |-|  )$")  # what may sit between the pieces of one name

# Written before or after a name without changing what it names.
PREFIX_WORDS = ("p phospho pho total t cleaved c active pro exo lncRNA lnc circ "
                "hsa mmu rno h m r anti si sh ko k mt wt").split()
SUFFIX_WORDS = ("mediated dependent induced driven activated regulated related "
                "positive negative deficient null knockdown KO expressing like "
                "C N CTF NTF ICD FL WT AS").split()
PREFIX = re.compile(rf"^(?:{'|'.join(PREFIX_WORDS)})[-]", re.I)
SUFFIX = re.compile(rf"[-](?:{'|'.join(SUFFIX_WORDS)})$", re.I)
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
#
# Most windows of words name nothing, and ``match_form`` is costly: ``_may_match`` rejects
# a window from its look-up key alone, with only tests that every rule of ``match_form``
# needs to pass (so it never changes a result). A window's key is its atoms' keys joined
# (joiners are neither letters nor digits): a slice of one string per text.

PREFIX_KEYS = frozenset(w.upper() for w in PREFIX_WORDS)
SUFFIX_KEYS = frozenset(w.upper() for w in SUFFIX_WORDS)
SPELLED = tuple(word.upper() for word in GREEK_LETTER)  # a key holding one has a short key


class _Atoms:
    """The word pieces of a cleaned text, their look-up keys, and where they may join."""

    def __init__(self, text: str, lex: Lexicon):
        self.text, self.lex = text, lex
        # One split cuts the text into gap, atom, gap, …, atom, gap; the pieces' lengths
        # give every offset, so no Python code runs per atom here.
        pieces = ATOM_SPLIT.split(text)
        cuts = list(accumulate(map(len, pieces), initial=0))
        words = pieces[1::2]
        self.spans = list(zip(cuts[1:-1:2], cuts[2::2]))
        self.keys = _keys(words)
        self.joined = "".join(self.keys)  # atom k's key is joined[offsets[k]:offsets[k + 1]]
        self.offsets = list(accumulate(map(len, self.keys), initial=0))
        self.reach = _reach(list(map(JOINER_GAPS.__contains__, pieces[2:-1:2])))
        # Where a Greek letter is spelled ('TNFALPHA': short keys apply) or a miRNA named,
        # as {offset of an atom: least end of such a word starting there or later}.
        spelled = [(at, at + len(w)) for w in SPELLED for at in _find_all(self.joined, w)]
        mirna = [(at, at + len(w)) for w in ("MIR", "MICRORNA") for at in _find_all(self.joined, w)]
        self.spelled = _least_ends(spelled, self.offsets)
        self.mirna = _least_ends(mirna, self.offsets)
        self.either = _least_ends(spelled + mirna, self.offsets)

    def hits(self, context):
        """(last atom, start, end, FormMatch) of the longest name at each atom, left to right."""
        self.forms: dict[str, FormMatch | None] = {}  # match_form's answers in this context
        i, count = 0, len(self.spans)
        while i < count:
            hit = self.longest_at(i, context)
            if hit:
                yield hit
                i = hit[0] + 1
            else:
                i += 1

    def longest_at(self, i: int, context):
        """The longest name starting at atom i, trying windows from the last atom a name may
        end on down: joined to atom i, at most ``MAX_ATOMS`` away, and no further than one
        atom past the first window whose key starts no lexicon key (unless a Greek letter or
        miRNA is spelled within reach, or the key is a prefix word). One loop, as this runs
        once per word of every caption; tests/test_perf_mine2_scan.py keeps the
        helper-by-helper scan it replaced as the reference."""
        offsets, joined = self.offsets, self.joined
        key, a, last = self.keys[i], offsets[i], self.reach[i]
        widens, alone = self.lex.scan_memo.get(key) or self.facts(i)
        if last != i and not (self.either and self.either.get(a, BIG) <= offsets[last + 1]):
            if not widens:
                last = i
            elif key not in PREFIX_KEYS:  # atom i's key starts a lexicon key: widen while windows do
                starts_key = self.lex.starts_key
                for k in range(i + 1, last):
                    if not starts_key(joined[a:offsets[k + 1]]):
                        last = k
                        break
        memo = self.lex.window_memo
        for j in range(last, i, -1):
            keys = tuple(self.keys[i:j + 1])
            may = memo.get(keys)
            if may is None:
                may = self.may_span(i, j, keys)
            if may:
                found = self._window(i, j, context)
                if found:
                    return found
        return self._window(i, i, context) if alone else None

    def may_span(self, i: int, j: int, keys: tuple[str, ...]) -> bool:
        """Whether atoms i..j (j > i) may name something: their key is a lexicon key or
        ``_may_match`` lets it through. Both read the atoms' keys only (Greek letters and
        miRNAs spelled in the window are in them), so the answer is kept per run of keys
        in ``lex.window_memo``: word pairs repeat."""
        may = self.joined[self.offsets[i]:self.offsets[j + 1]] in self.lex.long_index or _may_match(self, i, j)
        if len(self.lex.window_memo) >= MEMO_SIZE:
            self.lex.window_memo.clear()
        self.lex.window_memo[keys] = may
        return may

    def _window(self, i: int, j: int, context):
        start, end = self.spans[i][0], self.spans[j][1]
        found = self.match(self.text[start:end], context)
        return (j, start + found.start, start + found.end, found) if found else None

    def match(self, form: str, context) -> FormMatch | None:
        """``match_form``, once per form of this text (captions repeat their genes)."""
        if form not in self.forms:
            self.forms[form] = match_form(form, context, self.lex)
        return self.forms[form]

    def facts(self, i: int) -> tuple[bool, bool]:
        """(whether a window may widen past atom i for its key alone: the key starts a lexicon
        key or is a prefix word; whether atom i alone may be a name: ``_may_match(i, i)``).
        Both depend on the atom's key only (Greek letters and miRNAs spelled in the window
        are in the key), so they are kept per key in ``lex.scan_memo``: words repeat."""
        key = self.keys[i]
        found = self.lex.scan_memo.get(key)
        if found is None:
            widens = key in PREFIX_KEYS or self.lex.starts_key(key)
            found = widens, key in self.lex.long_index or _may_match(self, i, i)
            if len(self.lex.scan_memo) >= MEMO_SIZE:
                self.lex.scan_memo.clear()
            self.lex.scan_memo[key] = found
        return found

    def known(self, a: int, b: int) -> bool:
        """``lex.has_key(joined[a:b])``, without its Greek-letter regex when no Greek
        letter is spelled inside ``joined[a:b]``."""
        key = self.joined[a:b]
        if key in self.lex.long_index:
            return True
        if self.spelled and self.spelled.get(a, BIG) <= b:
            return self.lex.has_key(key)
        return key in self.lex.short_index


BIG = 1 << 60
JOINER_GAPS = frozenset(g + end for g in (" ", "-", "  ") for end in ("", "\n"))  # JOINERS' '$' allows a newline
assert all(JOINERS.match(g) for g in JOINER_GAPS)


def _keys(words: list[str]) -> list[str]:
    """The atoms' look-up keys: upper case, upper-cased all at once (atoms hold no line
    break); a possessive ('AKT's') or a non-ASCII atom (Greek letters) takes lookup_keys."""
    if not words:
        return []
    keys = "\n".join(words).upper().split("\n")
    odd = set(compress(count(), map(not_, map(str.isascii, words))))  # found in C, not per atom
    odd.update(compress(count(), map(str.__contains__, words, repeat("'"))))
    for k in odd:
        keys[k] = lookup_keys(words[k])[0]
    return keys


def _reach(joins: list[bool]) -> list[int]:
    """For each atom, the last atom a name starting there may end on (joined, and at
    most ``MAX_ATOMS`` atoms in all): built a run of joined atoms at a time."""
    reach: list[int] = []
    start = 0
    for end in [*compress(count(), map(not_, joins)), len(joins)]:
        capped = max(0, end - start + 1 - MAX_ATOMS)  # atoms whose MAX_ATOMS end before the run's
        reach += range(start + MAX_ATOMS - 1, start + MAX_ATOMS - 1 + capped)
        reach += [end] * (end - start + 1 - capped)
        start = end + 1
    return reach


def _least_ends(found: list[tuple[int, int]], offsets: list[int]) -> dict[int, int]:
    """{atom offset: least end of the words in ``found`` that start there or later}."""
    if not found:
        return {}
    ends, least, found = {}, BIG, sorted(found)
    for offset in reversed(offsets):
        while found and found[-1][0] >= offset:
            least = min(least, found.pop()[1])
        ends[offset] = least
    return ends


def _find_all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at != -1:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _may_match(atoms: _Atoms, i: int, j: int) -> bool:
    """False only when ``match_form`` must fail on atoms i..j, from keys alone: it needs
    the whole key, or the key less a plural 's', a suffix word or a prefix word, to be a
    lexicon key, or a miRNA name. So when atoms i..k start no key, no window past k + 1
    can match (``_Atoms.longest_at`` stops there), unless a prefix word, Greek letter or miRNA is in it."""
    offsets = atoms.offsets
    a, b = offsets[i], offsets[j + 1]
    if atoms.known(a, b):  # the form as a whole
        return True
    if atoms.mirna and atoms.mirna.get(a, BIG) <= b:  # miRNA names, alone or affixed
        return True
    if atoms.joined[b - 1] == "S" and atoms.known(a, b - 1):  # plural
        return True
    if j > i:
        if atoms.keys[j] in SUFFIX_KEYS and atoms.known(a, offsets[j]):
            return True
        if atoms.keys[i] in PREFIX_KEYS and atoms.known(offsets[i + 1], b):
            return True
    return False


def find_mentions(text: str, context: GroundingContext | None = None) -> list[Mention]:
    """Every gene/FamPlex mention in ``text``: non-overlapping, longest match first."""
    lex = load_lexicon()
    mentions = []
    for _, start, end, found in _Atoms(clean_text(text), lex).hits(context):
        mention = _mention(text, start, end, found.choice, lex)
        if mention:
            mentions.append(mention)
    return mentions


def _mention(text: str, start: int, end: int, choice: Choice, lex: Lexicon) -> Mention | None:
    if choice.match == "chemical":
        return None  # 'ROS', 'ATP': a chemical, not a gene mention
    symbol = choice.target
    return Mention(start=start, end=end, text=text[start:end], symbol=symbol,
                   ncbigene_id=lex.ncbigene(symbol) if symbol else None,
                   match=choice.match, candidates=choice.candidates,
                   taxid="9606" if symbol and not symbol.startswith("FPLX:") else None)
