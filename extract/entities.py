"""Named entities of French text (spaCy, fr_core_news_sm), for the partner finder.

The model is loaded once per process, on first use, with only the components that tag entities
(tok2vec and ner: ~75 MB and ~3 s on top of spaCy itself). Its labels are unreliable on French
organisation names ("Aract Normandie" comes out LOC, "AFT" MISC, a firm's name PER): callers use
the spans as candidates and decide with the text's structure and the call's vocabulary.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

MODEL = "fr_core_news_sm"
_KEEP = ("tok2vec", "ner")
_MAX_TEXT = 5000  # characters given to the model per text; partner sentences are far shorter


@dataclass(frozen=True)
class Entity:
    start: int  # character offsets in the text given
    end: int
    label: str  # PER, LOC, ORG, MISC
    text: str


@functools.lru_cache(maxsize=1)
def _model():
    import spacy

    info = spacy.info(MODEL)  # the pipeline's components, read from its meta without loading it
    unused = [name for name in info.get("pipeline", ()) if name not in _KEEP]
    return spacy.load(MODEL, exclude=unused)


def loaded() -> bool:
    """The model is in memory already (for measures and tests)."""
    return _model.cache_info().currsize > 0


def entities(texts: Iterable[str]) -> dict[str, tuple[Entity, ...]]:
    """The entities of each distinct text; the texts not seen before go through the model in one batch."""
    wanted = list(dict.fromkeys(t for t in texts if t and t.strip()))
    found = {t: _MEMORY[t] for t in wanted if t in _MEMORY}
    todo = [t for t in wanted if t not in found]
    if todo:
        for text, doc in zip(todo, _model().pipe([t[:_MAX_TEXT] for t in todo], batch_size=64)):
            found[text] = tuple(Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents)
            if len(_MEMORY) >= _MEMORY_SIZE:  # more texts than it keeps: the oldest go (not this batch's answer)
                _MEMORY.pop(next(iter(_MEMORY)))
            _MEMORY[text] = found[text]
    return {t: found[t] for t in wanted}


# Texts already tagged, oldest first: a dossier is analysed again when a reply arrives, and one
# sentence is looked at from several places of the finder.
_MEMORY: dict[str, tuple[Entity, ...]] = {}
_MEMORY_SIZE = 4096
