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


def _rows() -> list[tuple[str, str]]:
    text = resources.files("rdfexport").joinpath("data/taxa.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, taxid = line.split("\t")[:2]
            rows.append((name.strip(), taxid.strip()))
    return rows


@lru_cache(maxsize=1)
def shipped_taxa() -> Mapping[str, str]:
    return {fold_name(name): taxid for name, taxid in _rows()}


@lru_cache(maxsize=1)
def taxon_names() -> Mapping[str, str]:
    """taxid → the taxon's name: the first line of the table that gives the id."""
    names: dict[str, str] = {}
    for name, taxid in _rows():
        names.setdefault(taxid, name)
    return names


_RESOLVED_MAX = 10_000  # names remembered per table (bounded memory)


class TaxonTable:
    """The shipped name → taxid table, extended by a site checkout's ``_organisms`` pages."""

    def __init__(self, extra: Mapping[str, str] | None = None):
        self._table = dict(shipped_taxa())
        self._names = dict(taxon_names())
        for name, taxid in (extra or {}).items():
            if taxid.isascii() and taxid.isdigit():
                self._table[fold_name(name)] = taxid
                self._names.setdefault(taxid, name)
        self._resolved: dict[tuple, Organism] = {}

    def taxid(self, name: str) -> str | None:
        return self._table.get(fold_name(name))

    def resolve(self, organisms: Iterable[Organism]) -> tuple[Organism, ...]:
        return tuple(self._resolve_one(o) for o in organisms)

    def _resolve_one(self, organism: Organism) -> Organism:
        # a few hundred names make up the corpus: each one's Organism (frozen) is made once
        key = (organism.name, organism.taxid, organism.source)
        resolved = self._resolved.get(key)
        if resolved is None:
            taxid = organism.taxid or self.taxid(organism.name)
            resolved = Organism(organism.name, taxid, organism.source,
                                self._names.get(taxid, organism.name) if taxid else None)
            if len(self._resolved) >= _RESOLVED_MAX:
                self._resolved.clear()
            self._resolved[key] = resolved
        return resolved
