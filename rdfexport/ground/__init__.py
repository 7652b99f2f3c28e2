"""Ground stage: names in a normalised ``Figure`` → identifiers (taxa, genes).

``ground_figure`` is the stage's entry point; it returns a new ``Figure``.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Figure
from .organisms import TaxonTable

__all__ = ["TaxonTable", "ground_figure"]


def ground_figure(figure: Figure, taxa: TaxonTable) -> Figure:
    organisms = taxa.resolve(figure.organisms)
    organisms_ner = taxa.resolve(figure.organisms_ner)
    unknown = [o.name for o in organisms if o.taxid is None]
    notes = figure.notes + tuple(f"organism {name!r} is no known taxon; kept as a name" for name in unknown)
    return replace(figure, organisms=organisms, organisms_ner=organisms_ner, notes=notes)
