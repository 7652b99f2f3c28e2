"""Gene and family mentions in free text, and the affix rules that strip a written form
down to a name (``p-STAT3``, ``OSM-mediated``, ``MUC1-C``, ``hsa-miR-145``, ``MAPKs``).

``find_mentions`` scans left to right and takes the longest span of up to ``MAX_ATOMS``
word pieces that grounds (so ``NF-κB p65`` is one mention, ``Map3k7-Jnk`` two);
offsets index the caller's string.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import accumulate, compress, count, repeat
from operator import not_
from typing import Callable, NamedTuple

from ..lexicon import MEMO_SIZE, Lexicon, load_lexicon
from ..records import Mention
from .genes import Choice, ContextNeeded, GroundingContext, lookup, settled_lookup
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


def match_form(form: str, context: GroundingContext | None, lex: Lexicon, affixed=None) -> FormMatch | None:
    """Ground one written form, trying it whole and then with its affixes stripped
    (``affixed``: an ``Affixed`` holding what the latter gives, when known already)."""
    find = partial(lookup, context=context, lex=lex)
    choice = find(form)
    if choice:
        return FormMatch(choice, 0, len(form))
    if affixed is None or affixed.match is UNSETTLED:
        return _affixed(form, find)
    return affixed.match


def _affixed(form: str, find: Callable[[str], Choice | None]) -> FormMatch | None:
    """The form as a miRNA name, or with its affixes stripped, ``find`` looking up names."""
    return _mirna(form, find) or _stripped(form, find)


def _mirna(form: str, find) -> FormMatch | None:
    found = MIRNA.match(form)
    if not found:
        return None
    choice = find(f"MIR{found.group(1).upper()}")
    return FormMatch(choice, 0, len(form), "mirna") if choice else None


def _stripped(form: str, find) -> FormMatch | None:
    suffix = SUFFIX.search(form)
    if suffix:
        inner = _inner(form[: suffix.start()], find)
        if inner:  # '-mediated' stays outside the mention: the miner reads it
            keep = suffix.group(0)[1:].upper() in {"C", "N", "CTF", "NTF", "ICD", "FL", "WT", "AS"}
            return FormMatch(inner, 0, len(form) if keep else suffix.start(), "suffix")
    prefix = PREFIX.match(form)
    if prefix:
        inner = _inner(form[prefix.end():], find)
        if inner:
            return FormMatch(inner, 0, len(form), "prefix")
    if PLURAL.search(form) and len(form) > 3:  # 'MAPKs', 'TLRs'; 'DEGs' is no DEGS1
        inner = find(form[:-1])
        if inner and inner.target and inner.target.startswith("FPLX:"):
            return FormMatch(inner, 0, len(form), "plural")
    return None


def _inner(form: str, find) -> Choice | None:
    if len(form) < 2:
        return None
    found = find(form) or _mirna(form, find)
    return found.choice if isinstance(found, FormMatch) else found


def _settled_match(form: str, lex: Lexicon) -> FormMatch | None | Affixed:
    """``match_form(form, context, lex)`` when every look-up it makes answers the same in
    every context (most forms: 'AKT', 'pathway'), else an ``Affixed``."""
    find = partial(settled_lookup, lex=lex)
    try:
        choice = find(form)
    except ContextNeeded:  # 'of', 'IN': a stop word that the record's own genes may name
        return Affixed(_settled_affixed(form, find))
    if choice:
        return FormMatch(choice, 0, len(form))
    affixed = _settled_affixed(form, find)
    return Affixed(affixed) if affixed is UNSETTLED else affixed


def _settled_affixed(form: str, find) -> FormMatch | None | object:
    try:
        return _affixed(form, find)
    except ContextNeeded:
        return UNSETTLED


class Affixed(NamedTuple):
    """``lex.form_memo``'s answer for a form whose name depends on the context: what its
    affix rules give when that does not (most: 'of' is no miRNA and has no affix), else
    ``UNSETTLED``."""

    match: FormMatch | None | object


UNSETTLED = object()
MISSING = object()  # not in a memo of match_form's answers (None is an answer)


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
        self.cuts = list(accumulate(map(len, pieces), initial=0))  # atom k is text[cuts[2k + 1]:cuts[2k + 2]]
        self.gaps = pieces[2:-1:2]  # gaps[k] lies between atoms k and k + 1
        self.words = pieces[1::2]
        self.keys = _keys(self.words)
        self.joined = "".join(self.keys)  # atom k's key is joined[offsets[k]:offsets[k + 1]]
        self.offsets = list(accumulate(map(len, self.keys), initial=0))
        # Where a Greek letter is spelled ('TNFALPHA': short keys apply) or a miRNA named,
        # as (start, end) in ``joined``.
        self.found_spelled = [(at, at + len(w)) for w in SPELLED for at in _find_all(self.joined, w)]
        self.found_mirna = [(at, at + len(w)) for w in ("MIR", "MICRORNA") for at in _find_all(self.joined, w)]

    # The least end of such a word starting at an atom's offset or later, asked only by
    # the atoms ``longest_at`` scans; {} (false, tested in C) when there is none.
    @cached_property
    def spelled(self) -> _LeastEnds | dict:
        return _LeastEnds(self.found_spelled) if self.found_spelled else {}

    @cached_property
    def mirna(self) -> _LeastEnds | dict:
        return _LeastEnds(self.found_mirna) if self.found_mirna else {}

    @cached_property
    def either(self) -> _LeastEnds | dict:
        found = self.found_spelled + self.found_mirna
        return _LeastEnds(found) if found else {}

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        """(start, end) of every atom in the text (the scan itself reads ``cuts``)."""
        return list(zip(self.cuts[1:-1:2], self.cuts[2::2]))

    @cached_property
    def reach(self) -> list[int]:
        """For each atom, the last atom a name starting there may end on; built when the
        first atom needs its full scan (``longest_at``)."""
        return _reach(list(map(JOINER_GAPS.__contains__, self.gaps)))

    def hits(self, context):
        """(last atom, start, end, FormMatch) of the longest name at each atom, left to right."""
        self.forms: dict[str, FormMatch | None] = {}  # match_form's answers in this context
        after = 0  # a name ends on atom after - 1: the next one starts no earlier
        for i, alone in self.starts(context):
            if i >= after:
                hit = self._window(i, i, context) if alone else self.longest_at(i, context)
                if hit:
                    yield hit
                    after = hit[0] + 1

    def starts(self, context):
        """(atom, alone) for every atom where a name may start, in order: alone when
        ``longest_at`` would try the atom alone and nothing else (and it names
        something), else ``longest_at`` must scan it. The atoms left out are those where
        ``longest_at`` finds nothing.

        Most atoms are caption words whose key neither starts a lexicon key nor may be a
        name alone (``lex.scan_memo`` says 0): they are dropped in C, by one map over the
        keys. Of the others, most are words ('the', 'of') that start a lexicon key but,
        with the next atom's key, no longer do ('THECELL'): one probe of ``lex.pair_memo``
        tells those from the few whose windows ``longest_at`` must try, and those that
        may be a name alone ('of', 'IN') are looked up once per word of the text. The
        memos answer from keys alone, which holds unless a Greek letter or miRNA is
        spelled within reach (``either``): the atoms before such a word take
        ``longest_at``, which reads it."""
        keys, gaps, words, forms = self.keys, self.gaps, self.words, self.forms
        codes = list(map(self.lex.scan_memo.get, keys, repeat(UNSEEN)))
        live = compress(count(), codes)
        near = self.near_spelled()
        if near:
            live = sorted(near.union(live))
        pairs, last = self.lex.pair_memo, len(keys) - 1
        for i in live:
            if i in near:
                yield i, False
                continue
            code = codes[i]
            if code == UNSEEN:
                code = self.code(i)
            if code & WIDENS and i < last and gaps[i] in JOINER_GAPS:
                if keys[i] in PREFIX_KEYS:
                    yield i, False
                    continue
                opens = pairs.get((keys[i], keys[i + 1]))
                if opens is None:
                    opens = self.opens(i)
                if opens:
                    yield i, False
                    continue
            if code & ALONE:
                word = words[i]
                if forms[word] if word in forms else self.match(word, context):
                    yield i, True

    def near_spelled(self) -> set[int]:
        """The atoms with a Greek letter or miRNA spelled within reach (``longest_at``'s
        ``either`` test), found from the few such words rather than at every atom."""
        found = self.found_spelled + self.found_mirna
        if not found:
            return set()
        near, offsets, reach = set(), self.offsets, self.reach
        for at, end in found:
            atom = bisect_right(offsets, at) - 1  # the atom the word starts in
            near.update(i for i in range(max(0, atom - MAX_ATOMS + 1), atom + 1) if end <= offsets[reach[i] + 1])
        return near

    def opens(self, i: int) -> bool:
        """Whether atoms i and i + 1 (joined; i's key starts a lexicon key and is no
        prefix word) may lead ``longest_at`` to a window past atom i: their key starts a
        lexicon key, or they may name something as a pair. Kept per pair of keys in
        ``lex.pair_memo``: word pairs repeat ('of the')."""
        pair = self.keys[i], self.keys[i + 1]
        found = self.lex.pair_memo.get(pair)
        if found is None:
            offsets = self.offsets
            found = self.lex.starts_key(self.joined[offsets[i]:offsets[i + 2]])
            if not found:
                may = self.lex.window_memo.get(pair)
                found = self.may_span(i, i + 1, pair) if may is None else may
            if len(self.lex.pair_memo) >= MEMO_SIZE:
                self.lex.pair_memo.clear()
            self.lex.pair_memo[pair] = found
        return found

    def longest_at(self, i: int, context):
        """The longest name starting at atom i, trying windows from the last atom a name may
        end on down: joined to atom i, at most ``MAX_ATOMS`` away, and no further than one
        atom past the first window whose key starts no lexicon key (unless a Greek letter or
        miRNA is spelled within reach, or the key is a prefix word). One loop, as this runs
        once per word of every caption; tests/test_perf_mine2_scan.py keeps the
        helper-by-helper scan it replaced as the reference."""
        offsets, joined = self.offsets, self.joined
        key, a, last = self.keys[i], offsets[i], self.reach[i]
        code = self.lex.scan_memo.get(key)
        if code is None:
            code = self.code(i)
        if last != i and not (self.either and self.either.get(a, BIG) <= offsets[last + 1]):
            if not code & WIDENS:
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
        return self._window(i, i, context) if code & ALONE else None

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
        start, end = self.cuts[2 * i + 1], self.cuts[2 * j + 2]
        found = self.match(self.text[start:end], context)
        return (j, start + found.start, start + found.end, found) if found else None

    def match(self, form: str, context) -> FormMatch | None:
        """``match_form``, once per form of this text (captions repeat their genes), and
        once per process for a form whose answer reads no context (``lex.form_memo``:
        texts repeat their words)."""
        found = self.forms.get(form, MISSING)
        if found is MISSING:
            memo = self.lex.form_memo
            found = memo.get(form, MISSING)
            if found is MISSING:
                found = _settled_match(form, self.lex)
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[form] = found
            if type(found) is Affixed:
                found = match_form(form, context, self.lex, found)
            self.forms[form] = found
        return found

    def facts(self, i: int) -> tuple[bool, bool]:
        """(whether a window may widen past atom i for its key alone: the key starts a lexicon
        key or is a prefix word; whether atom i alone may be a name: ``_may_match(i, i)``)."""
        code = self.lex.scan_memo.get(self.keys[i])
        if code is None:
            code = self.code(i)
        return bool(code & WIDENS), bool(code & ALONE)

    def code(self, i: int) -> int:
        """``facts(i)`` as the flags ``WIDENS`` and ``ALONE`` (0: no name starts at atom i
        unless a Greek letter or miRNA is spelled within reach). Both depend on the atom's
        key only (Greek letters and miRNAs spelled in the window are in the key), so they
        are kept per key in ``lex.scan_memo``: words repeat."""
        key = self.keys[i]
        code = self.lex.scan_memo.get(key)
        if code is None:
            code = WIDENS if key in PREFIX_KEYS or self.lex.starts_key(key) else 0
            if key in self.lex.long_index or _may_match(self, i, i):
                code |= ALONE
            if len(self.lex.scan_memo) >= MEMO_SIZE:
                self.lex.scan_memo.clear()
            self.lex.scan_memo[key] = code
        return code

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
WIDENS, ALONE = 1, 2  # lex.scan_memo's flags (``_Atoms.code``)
UNSEEN = -1  # a key not in lex.scan_memo yet: kept by ``_Atoms.starts``' filter
JOINER_GAPS = frozenset(g + end for g in (" ", "-", "  ") for end in ("", "\n"))  # JOINERS' '$' allows a newline
assert all(JOINERS.match(g) for g in JOINER_GAPS)


def _keys(words: list[str]) -> list[str]:
    """The atoms' look-up keys: upper case, upper-cased all at once (atoms hold no line
    break); a possessive ('AKT's') or a non-ASCII atom (Greek letters) takes lookup_keys."""
    if not words:
        return []
    text = "\n".join(words)
    keys = text.upper().split("\n")
    if text.isascii() and "'" not in text:
        return keys  # most captions: no Greek letter, no possessive
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


class _LeastEnds:
    """``get(offset, default)``: the least end of the (start, end) words that start at
    ``offset`` or later (``default`` when none does)."""

    def __init__(self, found: list[tuple[int, int]]):
        found = sorted(found)
        self.starts = [start for start, _ in found]
        self.least = list(accumulate(reversed([end for _, end in found]), min))[::-1]

    def get(self, offset: int, default: int) -> int:
        at = bisect_left(self.starts, offset)
        return self.least[at] if at < len(self.least) else default


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
