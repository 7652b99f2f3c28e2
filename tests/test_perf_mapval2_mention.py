"""The mapper writes a gene mention's IRI as the figure's IRI + ``iris.gene_mention_path``
(cached per (id, word)). That must be the IRI the one-call minter gives, and a bad id or word
must be refused with the same message, the id's before the word's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import iris

ids = st.sampled_from(["7124", "1", "", "12a", "٣", "7124 ", "0007"]) | st.text(max_size=6)
words = st.sampled_from(["TNF", "", "a/b", "p53?", "IL-6 R", "%41", "\ud800", "é"]) | st.text(max_size=8)


def outcome(mint):
    try:
        return ("iri", mint())
    except iris.IriError as e:
        return ("refused", str(e))


@settings(max_examples=500, deadline=None)
@given(gene_id=ids, word=words, figid=st.sampled_from(["PMC1__F1", "PMC99__cc-2.jpg"]))
def test_path_after_the_figure_is_the_mention(gene_id, word, figid):
    whole = outcome(lambda: iris.gene_mention(figid, gene_id, word))
    parts = outcome(lambda: iris.figure(figid) + iris.gene_mention_path(gene_id, word))
    assert parts == whole
    again = outcome(lambda: iris.figure(figid) + iris.gene_mention_path(gene_id, word))  # from the cache
    assert again == whole


def test_a_bad_id_is_reported_before_a_bad_word():
    with pytest.raises(iris.IriError, match="NCBI Gene id"):
        iris.gene_mention_path("x1", "\ud800")
    assert iris.gene_mention_path("7124", "") == "/DataNode/ncbigene-7124"
    assert iris.gene_mention_path("7124", "a b").endswith("/ncbigene-7124/a%20b")
