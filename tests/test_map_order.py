"""``map_figure``'s order and text, computed from N-Triples lines, equal the reference:
deduplicated term tuples sorted by ``str()`` of each term, then pyoxigraph's serialiser.

Literals are where the line order could drift from the tuple order (an object that is a
prefix of another, escapes, characters below the space, non-BMP text) and where ``str()``
could drift from the serialiser, so the captions and titles here hold all of them.
"""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest

from rdfexport.map import map_figure, map_figure_ntriples
from rdfexport.records import Gene

from test_perf_map_oracle import reference  # the term-based mapper: tuples sorted by str() of each term
from test_validate import sample_figure

TRICKY = [
    "TNF", "TNF ", "TNF\t", "TNF\x01x", "TNF\x1fy", "TNF\x7f", "TNF\u0085", "TNF\u2028line", "TNF\u2029",
    'say "TNF"', "back\\slash", "cr\rlf\n", "\b\f", "é", "e\u0301", "𝔗NF 🧬", "\ufeffBOM", "\uffff",
    "TNF@en", 'TNF"@en', "TNF^^x", "",
]


def figures():
    base = sample_figure()
    yield base
    for i, value in enumerate(TRICKY):
        genes = base.genes + (Gene(str(100 + i), value or "X", word=value, taxid="9606", match=value,
                                   source="table", family=value),)
        yield replace(base, title=value, caption=value + "x", keywords=(value, value + "x", "TNF"),
                      gene_words=(value, "TNF"), genes=genes)
    yield replace(base, title="\n".join(TRICKY), caption="".join(TRICKY), keywords=tuple(TRICKY[:-1]))


@pytest.mark.parametrize("fig", list(figures()), ids=lambda f: repr(f.title)[:20])
def test_same_triples_order_and_bytes(fig):
    expected = reference(fig)
    assert map_figure(fig) == expected
    text, count = map_figure_ntriples(fig)
    assert count == len(expected)
    assert text.encode() == (ox.serialize(expected, format=ox.RdfFormat.N_TRIPLES) or b"")
