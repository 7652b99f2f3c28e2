"""rdfexport: PFOCR pathway-figure records → WikiPathways-style RDF.

The pipeline is read → normalise → ground → mine → map → validate → write/load;
``rdfexport.pipeline`` is the only module that knows the order.
"""

__version__ = "0.1.0"
