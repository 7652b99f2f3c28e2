"""``genes.lookup`` keeps the final answer for forms whose answer the context cannot change
(``_settled``); here it must equal the full path (the record's context read every time),
for every context, on lexicon names, stop words, chemicals and odd forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport.ground import GroundingContext
from rdfexport.ground import genes as G
from rdfexport.lexicon import load_lexicon

FORMS = """IL6 IL-6 il6 Il6 GP130 gp130 SET set CAT cat ROS ATP CDP PEP AKT Akt akt AKT1 MAPK
MAPKs ERK ERK1 Erk1/2 JNK p38 insulin Insulin vimentin TNF TNFα TNF-alpha NF-κB NFKB p65 RELA
STAT3 Stat3 cell cells CELL IN in ACT actin ACT in protein S proteins DEGs MSCs TLR TLR4 ROR1
ROR HMGB1 DVL Dvl Wnt WNT wnt BCR PI3K mTOR mtor IKKβ IKKB Notch NOTCH1 JAG1 ZEB1 TAZ II III
CD44 CD4 ARM arm SMAD3 Smad2/3 miR-21 MIR21 lncRNA H19 GAP gap Toll toll APC apc PC MET met
HR hr AR ER PR GR MR p53 TP53 Bcl-2 BCL2 Bax caspase-3 CASP3 GSK3β GSK-3β Ras RAS ras""".split()
CONTEXT_SYMBOLS = ["SET", "IL6ST", "MAPK1", "RELA", "STAT3", "ROR1", "CAT", "AKT1", "MET",
                   "AR", "ESR1", "PGR", "NR3C1", "APC", "GAP43", "TLR4", "DVL1", "CASP3"]
CONTEXT_FAMILIES = ["FPLX:AKT", "FPLX:MAPK", "FPLX:ERK", "FPLX:DVL", "FPLX:JNK", "FPLX:RAS"]


def reference_lookup(text: str, context, lex):
    """``lookup`` as written before the settled answers were kept: nothing memoised."""
    entries = lex.entries(text)
    if G.is_stopword(text, lex):
        kept = [e for e in entries if context and context.knows(e.target, lex)]
        choice = G.choose(kept, text, context, lex) if kept else None
    else:
        best_tier = G._best_tiers(entries, text) if entries else None
        choice = G._decide(best_tier, context, lex, text) if best_tier else None
    weak = choice and choice.match in ("alias", "previous", "ncbi", "preference", "ambiguous")
    term = lex.terms.get(text.casefold()) if weak else None
    if term and term.kind == "chemical":
        return G.Choice(term.ident, "chemical")
    return choice


contexts = st.builds(lambda s, f, use: GroundingContext(frozenset(s), frozenset(f)) if use else None,
                     st.sets(st.sampled_from(CONTEXT_SYMBOLS)), st.sets(st.sampled_from(CONTEXT_FAMILIES)),
                     st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FORMS), min_size=1, max_size=8), contexts)
def test_lookup_equals_unmemoised_path(forms, context):
    lex = load_lexicon()
    for form in forms:
        assert G.lookup(form, context, lex) == reference_lookup(form, context, lex)


@pytest.mark.parametrize("form", FORMS)
def test_settled_answers_are_the_same_in_every_context(form):
    """A form kept as settled answers alike with no context, an empty one and a full one."""
    lex = load_lexicon()
    lex.memo.clear()
    full = GroundingContext(frozenset(CONTEXT_SYMBOLS), frozenset(CONTEXT_FAMILIES))
    answers = [G.lookup(form, c, lex) for c in (None, GroundingContext(), full)]
    assert answers == [reference_lookup(form, c, lex) for c in (None, GroundingContext(), full)]
    stop, _ = lex.memo[form]
    if stop is None:
        assert answers[0] == answers[1] == answers[2]


def test_some_forms_are_settled_and_some_are_not():
    """The fast path is taken, and context-dependent forms still go the long way."""
    lex = load_lexicon()
    lex.memo.clear()
    for form in FORMS:
        G.lookup(form, None, lex)
    kinds = {lex.memo[form][0] for form in FORMS}
    assert kinds == {None, False, True}
