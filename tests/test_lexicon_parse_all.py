"""Lexicon.parse_all: every section kept raw until first use is parsed, and answers as lazily."""

from rdfexport.lexicon import LEXICON_FILE, Lexicon, load_lexicon, parse_lexicon


def _fresh() -> Lexicon:
    import gzip
    from importlib import resources

    data = resources.files("rdfexport.lexicon").joinpath(LEXICON_FILE).read_bytes()
    return parse_lexicon(gzip.decompress(data).decode("utf-8"))


def test_parse_all_leaves_no_raw_section():
    lex = _fresh()
    assert lex.model._lines and lex._terms is None  # raw until first use
    lex.parse_all()
    assert not lex.model._lines and lex._terms is not None
    assert set(lex.model._parsed) == set(lex.model)


def test_parsed_up_front_answers_as_parsed_on_first_use():
    eager, lazy = _fresh(), load_lexicon()
    eager.parse_all()
    assert eager.terms == lazy.terms
    for taxid in lazy.model:
        assert eager.model[taxid] == lazy.model[taxid]
