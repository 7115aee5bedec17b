"""Extraction: persons with title chains, organizations, places, dates, amounts, events,
projects and partnerships, from parsed documents.

    from kg.extract import Extractor
    ex = Extractor(settings); ex.load()
    extractions = ex.extract_many(parsed_docs)

Heavy libraries (the tagger) are imported in :meth:`Extractor.load`, not here.
"""

from kg.extract.extractor import Extractor
from kg.extract.gazetteer import Place, PlaceGazetteer, PlaceLevel

__all__ = ["Extractor", "Place", "PlaceGazetteer", "PlaceLevel"]
