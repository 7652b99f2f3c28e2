"""Organism names → NCBI Taxonomy ids, from a shipped table plus a site's organism pages.

A name the table does not know (or a non-taxon such as "herbal medicine") keeps
``taxid=None``: it stays a ``wp:organismName`` literal and is reported, never invented.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping

from ..records import Organism


def fold_name(name: str) -> str:
    """Case- and whitespace-insensitive key for organism names."""
    return re.sub(r"\s+", " ", name).strip().casefold()


@lru_cache(maxsize=1)
def shipped_taxa() -> Mapping[str, str]:
    text = resources.files("rdfexport").joinpath("data/taxa.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, taxid = line.split("\t")[:2]
        table[fold_name(name)] = taxid.strip()
    return table


class TaxonTable:
    """The shipped name → taxid table, extended by a site checkout's ``_organisms`` pages."""

    def __init__(self, extra: Mapping[str, str] | None = None):
        self._table = dict(shipped_taxa())
        for name, taxid in (extra or {}).items():
            if taxid.isdigit():
                self._table[fold_name(name)] = taxid

    def taxid(self, name: str) -> str | None:
        return self._table.get(fold_name(name))

    def resolve(self, organisms: Iterable[Organism]) -> tuple[Organism, ...]:
        return tuple(
            Organism(o.name, o.taxid or self.taxid(o.name), o.source) for o in organisms
        )
