"""``normalise.text_list`` reads a flat list of strings by ``map``; the item-by-item loop it
skips is kept here as the specification and compared on generated lists: NA spellings in
any case, Unicode spaces, separators, repeats, nested lists and non-strings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import normalise


def plain_text_list(value, separator=None) -> tuple[str, ...]:
    if isinstance(value, dict):
        return ()
    if not isinstance(value, list):
        value = [value]
    items: list[str] = []
    for item in normalise._flatten(value):
        item = normalise.text(item)
        if item is None:
            continue
        items.extend(p.strip() for p in item.split(separator) if p.strip()) if separator else items.append(item)
    return tuple(dict.fromkeys(items))


WORDS = st.sampled_from(["NA", "na", "N/A", ".na.character", "None", "nan", "", " ", "\u3000", "\xa0x\xa0", "TP53",
                         "TP53 ", "a | b", "|", " | NA | c", "Homo sapiens", "ǅ", "ﬁ", "x" * 14, "NaN ", "null"])
SCALARS = st.one_of(WORDS, WORDS, st.text(alphabet=" |aN/\t\n\u2028.", max_size=6), st.none(), st.integers(0, 3),
                    st.booleans(), st.floats(allow_nan=True))
VALUES = st.one_of(SCALARS, st.lists(WORDS, max_size=8), st.lists(st.one_of(SCALARS, st.lists(SCALARS, max_size=2)),
                                                                   max_size=5), st.dictionaries(WORDS, WORDS, max_size=2))


@settings(max_examples=1500, deadline=None)
@given(value=VALUES, separator=st.sampled_from([None, "|"]))
def test_text_list_is_the_plain_loop(value, separator):
    assert normalise.text_list(value, separator) == plain_text_list(value, separator)


def test_a_list_of_strings_takes_the_fast_way_and_keeps_order():
    assert normalise.text_list([" b ", "NA", "a", "b", "", "c | d"]) == ("b", "a", "c | d")
    assert normalise.text_list(["x | y", " y|z ", "na"], separator="|") == ("x", "y", "z")
