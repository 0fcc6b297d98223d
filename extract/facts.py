"""The project's title, the applicant organisation and the project's end."""
from __future__ import annotations

import re
from datetime import date

from .find_requirements import is_dated_phase_rows
from .partners_names import is_organiser
from .layout import heading_keys, items_of, sections_of
from .textutil import (any_phrase, clean, contains_phrase, find_dates, fold, has_numbering, month_end,
                       phrase_pattern)
from .types import Block, Document, Table

_LABEL = re.compile(r"^\s*([^:]{2,60}?)\s*:\s*(.+)$")
_ACRONYM = re.compile(r"^\s*([A-ZÉÈÊÀÂÎÔÛÇ0-9][A-ZÉÈÊÀÂÎÔÛÇ0-9 &'’.\-]{1,40})\s*[–—:\-]\s+(.{8,})$")
_ACRONYM_LINE = re.compile(r"^\s*([A-ZÉÈÊÀÂÎÔÛÇ0-9][A-ZÉÈÊÀÂÎÔÛÇ0-9 &'’.\-]{1,40})\s+[–—\-]\s+(.{8,})$")
_ORG_TAIL = re.compile(r"\s*(?:[–—,\-]\s*)?(?:contact|courriel|e-mail|email|mail|tel|tél|téléphone|représenté|adresse)\b.*$", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_VERB = re.compile(r"(?<![a-z])(?:est|sont|sera|seront|a|ont|vise|visent|repose|permet|permettra)(?![a-z])")


def _labelled(document: Document, labels) -> list[tuple[str, str]]:
    """(label, value) pairs from "Label : value" paragraphs and two-cell table rows."""
    pairs: list[tuple[str, str]] = []
    items = items_of(document)[:400]
    for n, item in enumerate(items):
        if isinstance(item, Block):
            if item.text[:1].islower():  # the end of a sentence cut by the page ("projet : prise en charge…")
                continue
            for piece in re.split(r"\s[–—|]\s(?=[^:]{2,40}:)", _with_continuation(item, items[n + 1:n + 2])):
                m = _LABEL.match(piece)
                if m:
                    pairs.append((fold(m.group(1)), clean(m.group(2))))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [c for c in row if c.strip()]
                if len(cells) == 2:
                    pairs.append((fold(cells[0].rstrip(" :")), clean(cells[1])))
    exact = [(label, value) for label, value in pairs if label in labels]
    # Then longer labels holding one of the wordings ("Nom de la structure porteuse"), unless they
    # are about a person or an address ("Contact du porteur").
    near = [(label, value) for label, value in pairs
            if label not in labels and len(label.split()) <= 7 and not _PERSONAL.search(label)
            and any(contains_phrase(label, wording) for wording in labels
                    if len(wording.split()) >= 2 or wording in _STRONG_WORDS)]
    return exact + near


def _with_continuation(block: Block, following: list) -> str:
    """A line of a mail typed at 72 columns goes on in the next block when that one opens in
    lower case ("Titre du projet : Des tournées négociées : planification algorithmique" /
    "et dialogue professionnel dans l'aide à domicile")."""
    nxt = following[0] if following else None
    if isinstance(nxt, Block) and nxt.heading_level is None and len(nxt.text) <= 120 and len(block.text) <= 200 \
            and nxt.text[:1].islower() and not block.text.rstrip().endswith((".", "!", "?", ";", ":")):
        return f"{block.text.rstrip()} {nxt.text.strip()}"
    return block.text


_STRONG_WORDS = {"titre", "intitule", "porteur", "porteuse", "denomination", "candidat", "acronyme"}
_PERSONAL = re.compile(r"(?<![a-z])(?:contact|telephone|tel|mail|courriel|adresse|responsable|representant|signataire|"
                       r"nom et prenom|prenom|fonction|siret|siren|statut|date|duree|budget|montant)(?![a-z])")


def organisation_of(documents, call) -> str | None:
    """The applicant: a labelled field ("Porteur du projet : …"), else the covering mail's
    "la candidature de <organisation> à l'appel"."""
    readable = _readable(documents)
    for document in readable:
        for _, value in _labelled(document, set(call.organisation_labels)):
            value = _ORG_TAIL.sub("", _EMAIL.sub("", value)).strip(" ,;–—-")
            value = _strip_town(_strip_place(value), call)
            if value and len(value.split()) <= 15 and value[:1].isupper() and not value.endswith(".") \
                    and not _VERB.search(fold(value)):
                return value
    for document in readable:
        m = _CANDIDATURE_OF.search(clean(" ".join(b.text for b in document.blocks[:15])))
        if m and len(m.group(1).split()) <= 12:
            return m.group(1)
    for document in readable:
        for position, block in enumerate(_opening(document)):
            if _titles_document(block, position):
                # "Projet TOURNÉES PARTAGÉES – Association Domicile Ensemble": the part of the title
                # an organisation's word opens
                for part in _TITLE_PARTS.split(clean(block.text))[1:]:
                    if len(part.split()) <= 8 and part[:1].isupper() and _opens_with_org_word(part, call) \
                            and not is_organiser(part, call):
                        return part.strip()
    return None


_TITLE_PARTS = re.compile(r"\s+[–—|-]\s+")


def _opens_with_org_word(text: str, call) -> bool:
    folded = fold(text)
    return any(phrase_pattern(w).match(folded) for w in call.organisation_words if not w.startswith("^"))


_CANDIDATURE_OF = re.compile(r"\bcandidature (?:de l['’]|de la |du |des |de |d['’])([A-ZÉÈÀÂÎÔÇ][^«»,;.]{2,100}?)\s+"
                             r"(?:à|au) (?:l['’]|la |le )?(?:appel|AMI\b|Fabrique)")


def _strip_place(value: str) -> str:
    """"Cabinet X (Lyon)" -> "Cabinet X": a trailing bracket holding only a place name."""
    m = re.match(r"^(.*\S)\s*\(([^()]{2,40})\)$", value)
    if m and "(" not in m.group(2):
        inside = m.group(2)
        words = inside.replace("-", " ").split()
        org_words = {"universite", "laboratoire", "cnrs", "institut", "groupe", "association", "ecole", "centre", "sas", "sarl", "umr"}
        if len(words) <= 3 and all(w[:1].isupper() or w in ("de", "du", "sur", "en", "la", "le") for w in words) \
                and not any(fold(w) in org_words for w in words) and not re.search(r"[A-Z]{3,}", inside):
            return m.group(1)
    return value


_TOWN_TAIL = re.compile(r"^(.*\S)\s+[–—-]\s+([A-ZÉÈÊÀÂÎÔÛÇ][a-zà-ÿ'’]+(?:-[A-Za-zÀ-ÿ'’]+)*)$")


def _strip_town(value: str, call) -> str:
    """"Kairn Consultants – Grenoble" -> "Kairn Consultants": one capitalised word (Saint-Étienne
    is one) after a dash is the town a letterhead adds; not "X – Conseil", an organisation's word."""
    m = _TOWN_TAIL.match(value)
    if m and not any_phrase(fold(m.group(2)), call.organisation_words) and not _ORG_NOUN.search(fold(m.group(2))):
        return m.group(1)
    return value


_ORG_NOUN = re.compile(r"^(?:conseil|consultants?|consulting|formation|recherche|services?|solutions|innovation|"
                       r"developpement|ergonomie|travail|sante|emploi|numerique|territoires?|cooperative|scop|sas|sarl)$")


def title_of(documents, call) -> str | None:
    """The project's title: a labelled one ("Intitulé : …"), else the document's own title or first
    heading when it reads as a title, else the one a covering mail quotes ("le projet « … »")."""
    for document in _readable(documents):
        for _, value in _labelled(document, set(call.title_labels)):
            value = _drop_acronym(value)
            if 2 <= len(value.split()) <= 40 and not is_acronym(value, call) and not value.endswith(".") \
                    and not re.search(r"[.!?;] [A-ZÉ]", value):  # a title, not sentences
                return value
        for position, block in enumerate(_opening(document)):
            text = _drop_acronym(clean(block.text))
            if _titles_document(block, position) and _reads_as_title(text, call):
                return text
        for block in document.blocks[:40]:
            for quoted in _QUOTED_TITLE.findall(block.text):
                if _reads_as_title(clean(quoted), call):
                    return clean(quoted)
    return None


def acronym_of(documents, call) -> str | None:
    """The project's short name, which applicants write in capitals: "Acronyme : TEMPO",
    "TRAITE ET TRAVAIL – Robotisation des élevages…", a document opening on it, "le projet
    RAYONS EN DIALOGUE"."""
    for document in _readable(documents):
        for _, value in _labelled(document, set(call.title_labels)):  # "Acronyme : X", "Projet : X – titre"
            m = _ACRONYM.match(value)
            candidate = (m.group(1) if m else value).strip()
            if is_acronym(candidate, call):
                return candidate
        for position, block in enumerate(_opening(document)):
            if _titles_document(block, position):
                text = clean(block.text)
                m = _ACRONYM.match(text)
                candidate = (m.group(1) if m else text).strip()
                if is_acronym(candidate, call) and not has_numbering(candidate) \
                        and not heading_keys(fold(candidate), call.heading_synonyms):
                    return candidate
        named: dict[str, int] = {}
        for item in items_of(document)[:80]:
            texts = [item.text] if isinstance(item, Block) else [" ".join(r) for r in item.rows[:3]]
            for text in texts:
                for m in _NAMED_PROJECT.finditer(text):
                    candidate = m.group(1).strip(" -–—.,;:")
                    if is_acronym(candidate, call) and not has_numbering(candidate):
                        named[candidate] = named.get(candidate, 0) + 1
        if named:  # the name the document repeats (a running header may glue a word to it once)
            return max(named, key=named.get)
    return None


# "projet TRANSMETTRE", "le dossier DÉMAT'ENSEMBLE", "« CANAUX OUVERTS »": a run of capitalised words
_CAPS = "A-ZÉÈÊËÀÂÎÏÔÛÙÇ0-9"
_CAPS_WORD = rf"[{_CAPS}](?:[{_CAPS}&+'’\-]|\.(?=[{_CAPS}]))*"
_CAPS_RUN = rf"({_CAPS_WORD}(?:\s+(?:&\s+)?{_CAPS_WORD}){{0,5}})(?![\w'’])"
_NAMED_PROJECT = re.compile(rf"(?:\b(?:[Pp]rojet|[Dd]ossier|[Cc]andidature)\s+[«\"“]?\s*|«\s*){_CAPS_RUN}")
_QUOTED_TITLE = re.compile(r"\bprojet\s+(?:intitulé\s+|nommé\s+|appelé\s+)?«\s*([^«»]{12,200}?)\s*»", re.IGNORECASE)
# Words that never name a project on their own: the call's, the dossier's, the document's.
_DOSSIER_WORDS = frozenset(
    "ami appel appels projet projets anact aract dossier dossiers candidature candidatures annexe annexes "
    "budget budgets previsionnel previsionnelle formulaire presentation note sommaire partenaires partenaire "
    "reponse proposition manifestation interet fiche document version finale complement complements piece pieces "
    "de du des la le les l d et a au aux en pour sur par un une notre votre 2021 2022 2023 2024 n".split())


def named_acronyms(text: str, call=None) -> list[str]:
    """The short project names a line writes ("Candidature projet TEMPO – …"), e.g. a subject."""
    found = [m.group(1).strip(" -–—.,;:") for m in _NAMED_PROJECT.finditer(text or "")]
    return [a for a in dict.fromkeys(found) if is_acronym(a, call) and not has_numbering(a)]


def is_acronym(text: str, call=None) -> bool:
    """A project's short name: capitals (digits and & ' - allowed), at most six words, not only
    the call's or the dossier's words ("AMI FABRIQUE CTO", "BUDGET PRÉVISIONNEL")."""
    letters = [c for c in text if c.isalpha()]
    if not 2 <= len(letters) or len(text) > 40 or any(c.islower() for c in letters) or len(text.split()) > 6:
        return False
    words = fold(text).split()
    generic = _DOSSIER_WORDS | call_words(call)
    return bool(words) and any(w not in generic and not w.isdigit() for w in words)


def call_words(call) -> frozenset[str]:
    """The words of the call's own name ("fabrique-cto-2022"): they name no project."""
    return frozenset(w for w in fold(getattr(call, "name", "") or "").split() if not w.isdigit())


def _reads_as_title(text: str, call) -> bool:
    """A heading or quotation that names a project, not a section, the call or the dossier itself."""
    folded = fold(text)
    words = folded.split()
    if not 3 <= len(words) <= 30 or text.endswith((":", ".")) or is_acronym(text, call) or has_numbering(text) \
            or re.search(r"[.!?;] [A-ZÉ]", text):
        return False
    name = " ".join(w for w in fold(call.name).split() if not w.isdigit())  # "fabrique cto"
    if contains_phrase(folded, fold(call.title)) or _CALL_MARKERS.search(folded) \
            or (name and contains_phrase(folded, name)):
        return False
    if heading_keys(folded, call.heading_synonyms) or any_phrase(folded, call.partner_sections + call.budget_sections):
        return False
    return sum(1 for w in words if w not in _DOSSIER_WORDS) >= 2 and not _DOCUMENT_NAME.match(folded)


# A line naming the call or the dossier ("Laboratoire X – AMI Fabrique CTO 2022"), not the project.
_CALL_MARKERS = re.compile(r"(?<![a-z])(?:ami|anact|appel a (?:projets?|manifestation|candidatures?)"
                           r"|dossier de candidature)(?![a-z])")
# How a document names itself rather than the project ("Annexe 2 – Partenaires", "Présentation du projet").
_DOCUMENT_NAME = re.compile(r"(?:annexes?|budgets?|formulaire|fiche|note|presentation|complements?|partenaires?|"
                            r"dossier (?:de )?candidature|candidature|reponse|proposition|sommaire|table des matieres|"
                            r"version|pieces?|projet|document)(?![a-z])")


def _readable(documents):
    return [d for d in documents if d.status == "ok"]


def _opening(document: Document) -> list[Block]:
    """The blocks a reader sees first: before the first section a requirement names."""
    return [b for b in document.blocks[:8] if len(b.text) <= 250]


def _titles_document(block: Block, position: int) -> bool:
    """A heading, the document's title, or a plain opening line shaped "ACRONYME – Titre du projet"
    (not "OPCO X : ingénierie de formation", a partner in a list)."""
    if block.kind == "title" or block.heading_level is not None:
        return True
    return position < 3 and block.kind != "list" and bool(_ACRONYM_LINE.match(clean(block.text)))


def _drop_acronym(title: str) -> str:
    m = _ACRONYM.match(title)
    if m and sum(1 for c in m.group(1) if c.isalpha()) >= 2 and m.group(1).upper() == m.group(1):
        return m.group(2).strip()
    return title


def project_end_of(documents, call) -> date | None:
    """An explicit "fin du projet : …", else the start and length stated together, else the latest
    date of the phasage (latest document first)."""
    for document in reversed(list(documents)):
        if document.status != "ok":
            continue
        explicit = _explicit_end(document, call)
        if explicit:
            return explicit
        # the project's stated length from its start, else the phasage's last date (a Gantt chart's
        # quarters or a closing event are coarser than "12 mois, de novembre 2022 à octobre 2023")
        found = _duration_end(document) or _numbered_months_end(document) or _phasage_end(document, call)
        if found:
            return found
    return None


_DURATION = re.compile(r"(?<![a-z0-9])(\d{1,2})\s*mois(?![a-z])")
_START = re.compile(r"(?<![a-z])(?:a partir d|a compter d|debut|demarrage|lancement|commencera|demarrera|des|"
                    r"demarre|commence|debutera)(?![a-z])")


def _duration_end(document: Document) -> date | None:
    """"Durée : 18 mois à compter de septembre 2022" -> the end of February 2024; "sur 12 mois,
    de novembre 2022 à octobre 2023" -> October 2023."""
    for block in document.blocks:
        if len(block.text) > 600:
            continue
        folded = fold(block.text)
        duration = _DURATION.search(folded)
        if not (duration and ("duree" in folded or "projet" in folded)):
            continue
        dates = find_dates(block.text[:400])
        months = int(duration.group(1))
        if not dates or not 1 <= months <= 60:
            continue
        if len(set(dates)) >= 2 and _RANGE.search(folded):  # the period itself
            return max(dates)
        if _MONTHS_TO_DATE.search(folded):  # "12 mois (janvier – décembre 2023)": the year closes the period
            return max(dates)
        if _START.search(folded) or len(dates) == 1:
            return _months_after(min(dates), months)
    return None


def _months_after(start: date, months: int) -> date:
    """The last day of the months-th month from start's month (M1 = start's month)."""
    index = start.year * 12 + start.month - 1 + months - 1
    return month_end(index // 12, index % 12 + 1)


def _numbered_months_end(document: Document) -> date | None:
    """A phasage in project months ("M1 à M2", "M13-M14") from a stated start ("démarrage en octobre
    2022 (M1)"): the last month named."""
    start: date | None = None
    last = 0
    for item in items_of(document):
        texts = [item.text] if isinstance(item, Block) else [" ".join(r) for r in item.rows]
        for text in texts:
            folded = fold(text)
            for m in _MONTH_RANGE.finditer(folded):
                last = max(last, int(m.group(1)), int(m.group(2)))
            if start is None and len(text) <= 400 and (_START.search(folded) or _M1.search(folded)):
                dates = find_dates(text)
                start = min(dates) if dates else None
    return _months_after(start, last) if start and 2 <= last <= 60 else None


_RANGE = re.compile(r"(?<![a-z])(?:de|du|d|depuis|entre)\s+(?:[a-z]+\s+)?(?:\d{1,2}\s+)?[a-z]+\s+20\d\d\s+(?:a|au|jusqu a|et)(?![a-z])")
_MONTHS = r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)"
_MONTHS_TO_DATE = re.compile(r"(?<![a-z])(?:de\s+)?" + _MONTHS + r"\s+(?:a|au|jusqu a|-)?\s*" + _MONTHS + r"\s+20\d\d")
_MONTH_RANGE = re.compile(r"(?<![a-z0-9])m\s?(\d{1,2})\s*(?:a|au|-|jusqu a)\s*m\s?(\d{1,2})(?![a-z0-9])")
_M1 = re.compile(r"(?<![a-z0-9])m\s?1(?![0-9])")


def _explicit_end(document: Document, call) -> date | None:
    """The date an end label introduces ("Fin du projet : 31/12/2023", "le projet se terminera en
    février 2024"); not a date before it ("Évaluation (oct. - nov. 2023) : questionnaire de fin de
    projet"). "Jusqu'à …" counts only where the sentence speaks of the project or its length."""
    for item in items_of(document):
        texts = [item.text] if isinstance(item, Block) else [" ".join(r) for r in item.rows]
        for text in texts:
            if len(text) >= 300 or any_phrase(fold(text), call.end_labels) is None:
                continue
            folded, origin = _fold_mapped(text)
            dates: list[date] = []
            for label in call.end_labels:
                if label.startswith("jusqu") and not _ABOUT_PROJECT.search(folded):
                    continue
                for m in phrase_pattern(label).finditer(folded):
                    end = origin[m.end() - 1] + 1
                    dates += find_dates(text[end:end + 60])
            if dates:
                return max(dates)
    return None


_ABOUT_PROJECT = re.compile(r"(?<![a-z])(?:projet|action|experimentation|demarche|duree|mois)(?![a-z])")


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """fold(text), with the index in `text` of each character of the result."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for c in fold(char) or " ":
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            origin.append(i)
    return "".join(out).rstrip(), origin


def _phasage_end(document: Document, call) -> date | None:
    synonyms = {"description.phasage": call.heading_synonyms.get("description.phasage", ())}
    dates: list[date] = []
    for section in sections_of(document, call):
        if section.level == 0 or not heading_keys(section.folded, synonyms):
            continue
        for item in section.items:
            if isinstance(item, Table):
                for row in item.rows:
                    dates += find_dates(" ".join(row))
            elif item.heading_level is None:
                dates += find_dates(item.text)
        if section.inline:
            dates += find_dates(section.inline)
    if not dates:
        for table in document.tables:
            rows = [" ".join(r) for r in table.rows]
            if is_dated_phase_rows(rows, call):
                for row in rows:
                    dates += find_dates(row)
    if not dates:
        dates = _dated_step_lines(document)
    return max(dates) if dates else None


def _dated_step_lines(document: Document) -> list[date]:
    """A phasage read as lines with no heading above it (a table without rules in a PDF): a run of
    short lines of which two or more each give a period ("Ateliers janvier 2023 – avril 2023")."""
    best: list[date] = []
    run: list[list[date]] = []
    for block in [*document.blocks, None]:
        if block is not None and block.heading_level is None and len(block.text) <= 160:
            run.append(find_dates(block.text))
            continue
        if sum(1 for found in run if len(found) >= 2) >= 2:
            best = [d for found in run for d in found]
        run = []
    return best
