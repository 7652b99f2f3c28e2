"""Mine stage: caption text → ``Interaction`` records (see docs/model.md)."""

from __future__ import annotations

from .records import Figure


def mine_figure(figure: Figure) -> Figure:
    return figure
