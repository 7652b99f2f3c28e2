"""Where conversion runs: ``local`` (this machine's cores, ``parallel``) or a ``dask`` cluster.

Each backend module is imported on first use, so ``dask`` is needed only by those who
ask for it (``pip install rdfexport[dask]``).
"""

from __future__ import annotations

import importlib

from ..errors import RdfexportError

BACKENDS = {"local": None, "dask": "rdfexport.backends.dask_cluster"}


class BackendError(RdfexportError):
    """A backend cannot run here."""

    hint = "pip install 'rdfexport[dask]', or leave out --backend to convert on this machine"


def backend_module(name: str):
    """The module implementing ``convert(...)`` for backend ``name`` (None for local)."""
    module = BACKENDS[name]
    return importlib.import_module(module) if module else None
