"""Imported by the pool's fork server when NER is on (:func:`maillage.pipeline._pool_context`):
spaCy and its French language, imported once for all the workers forked from it."""
from .extract_ner import import_spacy

import_spacy()
