"""The mapper's pre-sorted blocks: ``FigureLines.add_sorted`` keeps a node's tails as the
tuple they came in, ``cut_where`` cuts a node's recurring tails where the figure's own
lines go, and ``gene_row`` finds a gene row by its ``Gene`` object. Each is compared with
the slow way it replaces (every tail in a set, every subject's tails sorted; the row's
fields looked up), on random and on odd inputs; whole figures are compared with the
term-based oracle in ``test_perf_map_oracle.py``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdfexport import map as mapper
from rdfexport.records import Gene, Interaction, Organism

from test_perf_map_oracle import assert_same
from test_validate import sample_figure

# predicates that are prefixes of one another, and objects that are prefixes of one another,
# with characters below and above the space and the quote: where an order could drift
predicates = st.sampled_from(["<p>", "<p2>", "<pa>", "<p#a>", "<http://x/a>", "<http://x/a/b>", "<q>"])
objects = st.sampled_from(['"x"', '"x"@en', '"x y"', '"x\\"y"', "<o>", "<o/1>", '"\u00e9"', '"x"^^<t>', '"\t"'])
tails = st.builds(mapper.says, predicates, objects)
subjects = st.sampled_from(["<s>", "<s/1>", "<s1>", "<t>", "<https://x/s>"])


def reference(additions) -> list[tuple[str, list[str]]]:
    """What the mapper kept before blocks: every subject's tails in a set, all sorted."""
    by_subject: dict[str, set] = {}
    for subject, added, _ in additions:
        by_subject.setdefault(subject, set()).update(added)
    return [(s, sorted(by_subject[s])) for s in sorted(by_subject)]


additions = st.lists(st.tuples(subjects, st.lists(tails, min_size=1, max_size=6), st.booleans()), max_size=12)


@settings(max_examples=400, deadline=None)
@given(additions=additions)
def test_blocks_and_sets_give_the_lines_one_set_gives(additions):
    lines = mapper.FigureLines()
    for subject, added, as_block in additions:
        if as_block:
            lines.add_sorted(subject, tuple(sorted(set(added))))
        else:
            lines.add(subject, iter(added))  # any iterable, read once
    want = reference(additions)
    assert [(s, list(t)) for s, t in lines.items()] == want
    text, count = lines.ntriples()
    assert text == "".join(s + t for s, tails in want for t in tails)
    assert count == sum(len(t) for _, t in want)


def test_a_block_added_once_is_handed_on_as_it_came():
    """The validator may rely on recurring tails coming as the cached objects."""
    block = (mapper.says("<p>", '"a"'), mapper.says("<q>", '"b"'))
    lines = mapper.FigureLines()
    lines.add_sorted("<g>", block)
    lines.add_sorted("<t>", block)
    lines.add_sorted("<t>", block)  # the same block again: nothing new
    lines.add("<f>", [mapper.says("<p>", "<g>")])
    assert dict(lines.items())["<g>"] is block
    assert list(dict(lines.items())["<t>"]) == list(block)


def test_recurring_gene_tails_are_the_same_objects_in_every_figure():
    fig = sample_figure()
    other = replace(fig, figid="PMC1234567__fig2", interactions=())
    first, second = dict(mapper.map_figure_lines(fig).items()), dict(mapper.map_figure_lines(other).items())
    gene = "<https://identifiers.org/ncbigene/21926>"  # no interaction names it: a block in both
    shared = [t for t in first[gene] if "figures/" not in t]
    assert len(shared) == len(first[gene]) - 2 == 8  # all but isPartOf and isAbout (a mouse gene: no HGNC)
    assert all(any(t is u for u in second[gene]) for t in shared)


# --- cut_where -------------------------------------------------------------------------------
@settings(max_examples=400, deadline=None)
@given(static=st.lists(tails, max_size=8), cut=st.lists(predicates, min_size=1, max_size=2, unique=True),
       objs=st.lists(objects, min_size=2, max_size=2))
def test_a_line_of_each_cut_predicate_goes_between_the_runs(static, cut, objs):
    heads = tuple(sorted(cut, key=lambda p: f" {p} "))
    static = [t for t in static if not any(t.startswith(f" {p} ") for p in heads)]
    runs = mapper.cut_where(static, *heads)
    assert len(runs) == len(heads) + 1
    own = [mapper.says(p, o) for p, o in zip(heads, objs)]
    merged = list(runs[0])
    for line, run in zip(own, runs[1:]):
        merged += [line, *run]
    assert merged == sorted(set(static) | set(own))


def test_cut_where_refuses_a_predicate_already_there_or_out_of_order():
    with pytest.raises(ValueError, match="already there"):
        mapper.cut_where([mapper.says("<p>", '"a"')], "<p>")
    with pytest.raises(ValueError, match="out of order"):
        mapper.cut_where([mapper.says("<p>", '"a"'), mapper.says("<r>", '"a"')], "<q>", "<o>")


# --- gene rows by their Gene object ------------------------------------------------------------
genes = st.builds(Gene, ncbigene_id=st.sampled_from(["1", "7124", "3569"]),
                  symbol=st.sampled_from(["TNF", "IL6", "a b"]), word=st.sampled_from(["", "TNF", "IL-6", "x/y"]), taxid=st.sampled_from([None, "9606", "10090"]),
                  match=st.sampled_from(["", "symbol"]), source=st.sampled_from(["", "table"]),
                  hgnc_symbol=st.sampled_from([None, "TNF"]), family=st.sampled_from([None, "MAPK"]),
                  orthologue_for_taxid=st.sampled_from([None, "10090"]))


@settings(max_examples=300, deadline=None,  # the fixture is a setter, called afresh by every example
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(genes, min_size=1, max_size=20), kept=st.integers(1, 4))
def test_a_row_found_by_its_object_is_the_row_its_fields_give(rows, kept, monkeypatch_rows):
    monkeypatch_rows(kept)  # tiny memo: it is emptied again and again
    for gene in rows + rows[::-1] + [replace(g) for g in rows]:  # the same objects, then equal copies
        assert mapper.gene_row(gene) == mapper.gene_parts.__wrapped__(*mapper._GENE_FIELDS(gene))


@pytest.fixture
def monkeypatch_rows():
    saved = dict(mapper._ROWS), mapper._ROWS_KEPT

    def shrink(kept):
        mapper._ROWS.clear()
        mapper._ROWS_KEPT = kept

    yield shrink
    mapper._ROWS.clear()
    mapper._ROWS.update(saved[0])
    mapper._ROWS_KEPT = saved[1]


def test_a_new_row_in_a_reused_slot_is_not_taken_for_the_old_one(monkeypatch_rows):
    """An object's id may be reused once it is gone; the memo holds its rows, so it is not."""
    monkeypatch_rows(1000)
    first = Gene("7124", "TNF", word="TNF", taxid="9606")
    mapper.gene_row(first)
    ident = id(first)
    mapper._ROWS[ident] = (Gene("1", "A1BG"), mapper._ROWS[ident][1])  # as if another Gene had that id
    assert mapper.gene_row(first) == mapper.gene_parts(*mapper._GENE_FIELDS(first))
    assert mapper._ROWS[ident][0] is first


def test_figures_sharing_gene_objects_map_as_the_reference_maps_them(monkeypatch_rows):
    """The same Gene objects in many figures, twice in one, under another word and as an
    interaction's participant; the same taxon as organism and as NER organism."""
    monkeypatch_rows(2)
    fig = sample_figure()
    tnf = fig.genes[0]
    partner = Interaction("Binding", "a", "b", tnf.symbol, "Tnf", 1, "a binds b", 0, 9, source_gene=tnf.ncbigene_id,
                          target_gene="21926")
    variants = [
        fig,
        replace(fig, figid="PMC1234567__fig2", genes=fig.genes + (tnf, replace(tnf, word="TNF-a"))),
        replace(fig, figid="PMC1234567__fig3", genes=fig.genes[::-1], interactions=fig.interactions + (partner,)),
        replace(fig, figid="PMC1234567__fig4", organisms=(Organism("Mus musculus", "10090"),),
                organisms_ner=(Organism("mouse", "10090", "Mus musculus"),)),
        replace(fig, figid="PMC1234567__fig5", genes=(), interactions=()),
    ]
    for _ in range(2):
        for variant in variants:
            assert_same(variant)
