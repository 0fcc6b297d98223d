"""Partners named in running text with what they bring, wherever the proposal says it (the
method, the steering, the results): "Les ateliers seront préparés avec l'Aract X, qui assurera
la relecture", "La Mutuelle Y prendra en charge les salles", "Nous pourrons compter sur la
Fédération Z (accueil des réunions)".

A sentence counts when an organisation is the subject of a verb saying what it will bring (the
call's `role_verbs`), or stands before a bracket saying it; the name is read back from the verb
to the clause's start or to the word introducing it ("avec", "sur", "par").
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .partners_names import PERSON_TITLE, has_acronym, org_words_in, person_like
from .partners_text import (ARTICLE, enumeration, flat, opens_like_name, sentences, starts_with_wording, subject_before,
                            wordings_pattern)

_INTRODUCED = re.compile(r"(?i)\b(?:avec|par|sur|auprès\s+d[eu]s?|auprès\s+de\s+la|auprès\s+d['’]|côtés\s+d[eu]s?|"
                         r"côtés\s+de\s+la|côtés\s+d['’]|grâce\s+à|via|dont|notamment)\s*$")
_BRACKET = re.compile(r"\(([a-zà-öø-ÿ][^()]{3,200})\)")


_NEXT_PARTNER = re.compile(r",\s+(?:et\s+)?(?:avec|aupr[èe]s d[eu]s?|ainsi qu['’]\s*avec)\s+(?=[A-ZÉÈÀÂÎÔl]|d['’])")
# A verb in the future inside what was taken for a subject ("… co-concevra le format")
_SUBJECT_VERB = re.compile(r"\s+(?:[a-zà-ÿ]+-)?[a-zà-ÿ]{2,}(?:era|ira|dra|vra|ront)\b")


_PRONOUN = re.compile(r"(?i)il|elle|ils|elles|on|celle-ci|celui-ci|ceux-ci|celles-ci|ce dernier|cette dernière")


def stated_roles(text: str, call) -> Iterator[tuple[str, str | None, str]]:
    """(name as written, what it brings, sentence) for each organisation a sentence of the text
    says will bring something."""
    verbs = wordings_pattern(tuple(getattr(call, "partner_role_verbs", ()) or ()))
    for _, sentence in sentences(text):
        if verbs is not None:
            for m in verbs.finditer(flat(sentence)):
                subject = subject_before(sentence, m.start())
                if subject is None or _PRONOUN.fullmatch(subject.strip()):
                    continue  # "Il met à disposition…": the one named before, not a name
                if _a_person(subject, call):
                    # "Mme X, directrice de l'Aract Y, a confirmé …": the person speaks for Y
                    apposed = _apposed_organisation(sentence[sentence.find(subject) + len(subject):m.start()], call)
                    if apposed is None and PERSON_TITLE.match(subject):
                        continue
                    subject = apposed or subject
                rest = sentence[m.end():]
                colon = rest.find(":")
                said = rest[colon + 1:] if 0 <= colon <= 50 else sentence[m.start():]
                own_verb = _SUBJECT_VERB.search(subject)
                if own_verb and sentence.find(subject) >= 0:
                    # "L'Aract X co-concevra le format, formera nos préventeurs…": the subject's own
                    # verb ends its name; what it does starts there
                    said = sentence[sentence.find(subject) + own_verb.start():].strip()
                    subject = subject[:own_verb.start()]
                names = [name for name, _ in enumeration(subject)] if _several(subject) else [subject]
                if re.search(r"\bqui\s*$", sentence[:m.start()]):
                    names = names[-1:]  # "A et B, qui ouvrira ses ateliers": what B brings
                said = _NEXT_PARTNER.split(said)[0]  # "…, et avec l'OPCO X, qui …": the next one's part
                for name in names:
                    yield name, _said(said), sentence
        for m in _BRACKET.finditer(sentence):
            inside = m.group(1)
            if not starts_with_wording(inside, call.contribution_words):
                continue
            subject = subject_before(sentence, m.start())
            # "compter sur la Mutuelle X (prêt de salles)": a name a word introduces, not a line's label
            if subject is not None and not _several(subject) \
                    and _INTRODUCED.search(sentence[:m.start()].rstrip()[:-len(subject)] or "") is not None:
                yield subject, _said(inside), sentence


def _a_person(subject: str, call) -> bool:
    """"Mme Claire Bonnet", "Luc Fabre": may be a person (not "la Laiterie du Velay"); without a
    civility, only a title naming an organisation after it says so."""
    if PERSON_TITLE.match(subject):
        return True
    return person_like(subject) and not ARTICLE.match(subject) and not org_words_in(subject, call) \
        and not has_acronym(subject)


_OF = re.compile(r"\b(?:de la|de l['’]|du|des|de|d['’])\s*", re.IGNORECASE)


def _apposed_organisation(apposition: str, call) -> str | None:
    """The organisation a person's title names: ", délégué régional du CNFPT X," -> "CNFPT X";
    ", responsable du service prévention de la Carsat Y," -> "Carsat Y"."""
    apposition = apposition.strip(" ,")
    if not apposition or len(apposition.split()) > 20:
        return None
    for m in _OF.finditer(apposition):
        rest = apposition[m.end():].split(",")[0].strip()
        if rest and opens_like_name(rest):
            return rest
        if rest and starts_with_wording(rest, call.organisation_words):
            return rest[:1].upper() + rest[1:]  # "du syndicat Interco X": the Syndicat Interco X
    return None


def split_at_role(piece: str, call) -> tuple[str, str | None]:
    """"Carsat X apportera ses données" -> ("Carsat X", "apportera ses données")."""
    verbs = wordings_pattern(tuple(getattr(call, "partner_role_verbs", ()) or ()))
    m = verbs.search(flat(piece)) if verbs is not None else None
    if m is None or m.start() == 0 or not _said(piece[m.start():]):
        return piece, None
    return piece[:m.start()].strip(" ,"), _said(piece[m.start():])


def _several(subject: str) -> bool:
    """"La Carsat et l'Aract apporteront…": two subjects."""
    return re.search(r",\s|\s(?:et|ainsi que)\s+(?:l['’]|la |le |les )?[A-ZÉ]", subject) is not None


def _said(text: str) -> str | None:
    text = text.strip(" :,;.")
    return text if len(text.split()) >= 2 else None
