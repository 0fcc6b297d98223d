"""The applicant under all its names, so that it is never its own partner: the name the facts
give, the organisation signing the mail, the one a sentence says carries the project ("porté par
X", "candidature présentée par X") or a bracket calls the holder ("le Cabinet X (porteur)")."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .partners_letters import signatory_organisation
from .partners_lines import bare_signature, is_closing, runs
from .partners_names import clean_name, has_acronym, org_words_in
from .partners_text import opens_like_name, subject_before
from .textutil import clean
from .types import Document

_HOLDER = re.compile(r"(?i)\s*\((?:porteur(?!\s+associ)|porteuse(?!\s+associ)|chef de file|coordinat(?:eur|rice) du projet|mandataire|"
                     r"structure porteuse|candidat)\b[^)]{0,40}\)")
_OWN = re.compile(r"(?i)\b(?:(?:candidature|projet|dossier|proposition|réponse|démarche|action|expérimentation)\b"
                  r"[^.;:]{0,60}?\b(?:port[ée]e?|pr[ée]sent[ée]e?|d[ée]pos[ée]e?|coordonn[ée]e?) par|"
                  r"candidature (?:du|de la|de l['’]|des|de|d['’]))\s*")
_OWN_END = re.compile(r"\s+(?:à|au|aux|pour|en|dans|sur|qui|avec)\s|[,.;:]\s|[,.;:]?$")


def own_names(documents: Sequence[Document], call, applicant: str | None) -> list[str]:
    """The applicant under its names: the one given, the organisation signing the mail, and the
    one a sentence says carries the project ("porté par X", "la candidature du Laboratoire X")."""
    names = [applicant] if applicant else []
    for document in documents:
        if document.status != "ok":
            continue
        blocks = [clean(b.text) for b in runs(list(document.blocks)) if clean(b.text)]
        if document.name is None:
            closing = next((i for i in range(len(blocks) - 1, -1, -1) if is_closing(blocks[i])), None)
            if closing is None:
                start = bare_signature(blocks)  # "Laure Besson" / "Collectif X", no "Cordialement"
                closing = start - 1 if start is not None else None
            if closing is not None:
                names += [t for t in blocks[closing + 1:closing + 8]
                          if len(t.split()) <= 12 and (org_words_in(t, call) or has_acronym(t)) and not _JUNK_LINE.search(t)]
                names.append(signatory_organisation(blocks[closing + 1:closing + 8]))
        for text in blocks[:200]:
            for m in _HOLDER.finditer(text):
                # "le Cabinet X (porteur), l'Aract Y…": the one a bracket says carries the project
                name = subject_before(text, m.start())
                if name:
                    names.append(clean_name(name))
        for text in blocks[:40]:
            for m in _OWN.finditer(text):
                rest = text[m.end():]
                if opens_like_name(rest):
                    end = _OWN_END.search(rest)
                    names.append(clean_name(rest[:end.start()] if end else rest))
    return [n for n in dict.fromkeys(names) if n]


_JUNK_LINE = re.compile(r"(?i)@|www\.|https?:|\d{2}[ .]\d{2}[ .]\d{2}")
