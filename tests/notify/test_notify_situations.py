"""The answer each situation calls for, in the call's words: an unreadable file asked for again
(never the elements the reader is unsure of), a late proposal, a completion date before the
selection, the greeting by name."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from config.call import CALLS_DIR, load_call
from notify import wording
from notify.doubt import review_reason
from notify.greeting import greeting
from tests.notify.answershelp import LATE, NO_TIME, answer, parts, unreadable_dossier, with_doubt
from tests.notify.notifyhelp import NOW


def plain(row) -> tuple[str, str]:
    return tuple(body.replace("\u202f", " ").replace("\u00a0", " ") for body in parts(row))


# --- unreadable files ----------------------------------------------------------------------------

@pytest.mark.parametrize("status, said, not_said", [
    ("encrypted", "protégé par un mot de passe", "numérisé"),
    ("error", "endommagé", "scan"),  # before: a damaged PDF was called "sans texte (scan)"
    ("unreadable", "ne contient que des images", "mot de passe"),
    ("ok", "document numérisé, que nous n’avons pu lire qu’en partie", "mot de passe"),  # read by OCR alone
    ("unsupported", "format ne peut pas être lu", "mot de passe"),
])
def test_an_unreadable_file_is_asked_for_again_and_its_elements_never_named(session, make, call, settings,
                                                                          status, said, not_said):
    """Before: a completion request listing every element, "(document protégé par mot de passe)"
    after the file's name, and never a word asking to send it again readable."""
    missing = ["budget.personnel", "budget.deplacements_logistique", "budget.cofinancements"]
    d, m = unreadable_dossier(make, session, {"Budget de l'action 2022.pdf": status}, missing)
    row = answer(session, d, m, call, settings)
    assert row.kind == "completion_request"
    assert row.subject == f"[{d.reference}] Fichier illisible : merci de nous le renvoyer"
    for body in plain(row):
        assert "« Budget de l’action 2022 (pdf) »" in body and said in body and not_said not in body
        assert "Merci de nous" in body and "renvoyer" in body
        for key in missing:  # neither the call's words for them nor their keys
            assert call.labels[key] not in body and key not in body
        assert "n’ont pas été trouvés" not in body


def test_two_unreadable_files_each_named_with_what_to_do(session, make, call, settings):
    long = "Lettres d'engagement des partenaires du territoire signées et tamponnées par chaque structure.pdf"
    d, m = unreadable_dossier(make, session, {long: "encrypted", "Budget.docx": "error"},
                              ["partenaires.liste", "budget.prestations"])
    row = answer(session, d, m, call, settings)
    assert row.subject.endswith("Fichiers illisibles : merci de nous les renvoyer")
    text, html = plain(row)
    for body in (text, html):
        assert "les fichiers suivants" in body or "Des fichiers que nous n’avons pas pu lire" in body
        assert "« Lettres d’engagement … chaque structure (pdf) »" in body  # shortened: its start and its end
        assert "« Budget (docx) »" in body and "sans mot de passe" in body and "copie qui s’ouvre" in body
        assert long not in body and "partenaires mobilisés" not in body.split("Documents reçus")[1]


def test_a_sure_missing_element_is_named_and_the_file_asked_for(session, make, call, settings):
    """Doubt on some elements only: the sure ones are named, the file asked for, the unsure ones never."""
    missing = ["description.phasage", "budget.personnel"]
    d = make.dossier(status="incomplete", missing=missing, unread=["Budget.pdf"])
    m = make.message(d)
    make.attachment(m, "Budget.pdf", extraction="encrypted")
    with_doubt(session, d, ["budget.personnel"])
    row = answer(session, d, m, call, settings)
    assert row.subject.endswith("Demande de compléments pour votre candidature")
    text, _ = plain(row)
    assert wording.standalone_label("description.phasage", call.labels) in text
    assert call.labels["budget.personnel"] not in text and "« Budget (pdf) »" in text


def test_the_file_sent_again_readable_calls_for_a_new_answer(session, make, call, settings):
    """The same missing elements, now read whole: they are named, in a new request."""
    missing = ["budget.personnel"]
    d, m = unreadable_dossier(make, session, {"Budget.pdf": "encrypted"}, missing)
    first = answer(session, d, m, call, settings)
    from sqlmodel import delete

    from store.models import RequirementResult
    session.exec(delete(RequirementResult).where(RequirementResult.dossier_id == d.id))
    d.unread = []
    with_doubt(session, d, [])
    second = answer(session, d, make.message(d, classification="reply"), call, settings)
    assert first is not None and second is not None and second.kind == "completion_request"
    assert call.labels["budget.personnel"] in plain(second)[0]
    assert first.dedupe_key != second.dedupe_key and first.message_id != second.message_id


def test_review_reason_for_staff():
    reason = review_reason(missing=["budget.personnel", "description.cibles"],
                           confidence={"budget.personnel": "unsure", "description.cibles": "sure"},
                           unread=["Budget.pdf"], labels={"budget.personnel": "dépenses de personnel"})
    assert reason == "1 élément peut-être dans « Budget.pdf », illisible : dépenses de personnel"
    assert review_reason(missing=["description.cibles"], confidence={"description.cibles": "sure"}, unread=[]) is None
    assert "date limite" in review_reason(missing=[], confidence={}, unread=[], flags=["hors_delai"])


# --- a late proposal ---------------------------------------------------------------------------

def test_a_late_proposal_is_told_what_the_calls_rules_say(session, make, call, settings):
    """Before: the normal acknowledgement, "Votre dossier sera examiné par le comité"."""
    d = make.dossier(received_at=LATE)
    row = answer(session, d, make.message(d, received_at=LATE), call, settings, now=LATE)
    assert row.kind == "acknowledgement"
    assert row.subject == f"[{d.reference}] {call.answers.late_subject}"
    for body in plain(row):
        assert "sera examiné" not in body
        assert "était fixée au 23 août 2022" in body and "parvenue le 25 août 2022, après cette date" in body
        assert "décidera si elle peut encore être prise en compte" in body


def test_a_late_incomplete_proposal_is_told_too(session, make, call, settings):
    d = make.dossier(status="incomplete", missing=["budget.personnel"], received_at=LATE)
    text, html = plain(answer(session, d, make.message(d, received_at=LATE), call, settings, now=LATE))
    assert "après cette date" in text and "après cette date" in html


def test_a_late_proposal_with_no_time_left_is_not_promised_an_examination(session, make, call, settings):
    """Late and past the selection: the call's words alone, not « examinée en l’état »."""
    d = make.dossier(status="incomplete", missing=["budget.personnel"], received_at=LATE)
    row = answer(session, d, make.message(d, received_at=LATE), call, settings, now=NO_TIME)
    assert row.subject == f"[{d.reference}] {call.answers.late_subject}"
    for body in plain(row):
        assert "après cette date" in body and "en l’état" not in body and "au plus tard" not in body


def test_on_time_means_before_the_deadline_in_paris(session, make, call, settings):
    """23 August 2022 at 23:30 in Paris is 21:30 UTC: on time."""
    on_time = datetime(2022, 8, 23, 21, 30, tzinfo=timezone.utc)
    d = make.dossier(received_at=on_time)
    text, _ = plain(answer(session, d, make.message(d, received_at=on_time), call, settings, now=on_time))
    assert "sera examiné" in text and "après cette date" not in text


def test_the_late_wording_is_the_calls_own(tmp_path, session, make, settings):
    """Another call says what happens to its late proposals in its file, without code."""
    source = (CALLS_DIR / "fabrique-cto-2022.toml").read_text(encoding="utf-8")
    start = source.index("late = [")
    end = source.index("]", start) + 1
    other = source[:start] + 'late = ["Reçue le {received_on}, après la clôture du {deadline}, votre ' \
        'candidature ne pourra pas être examinée (article 4 du règlement)."]' + source[end:]
    (tmp_path / "autre.toml").write_text(other.replace('late_subject = "Candidature reçue après la date limite"',
                                                       'late_subject = "Candidature hors délai"'), encoding="utf-8")
    other_call = load_call("autre", tmp_path)
    d = make.dossier(received_at=LATE)
    row = answer(session, d, make.message(d, received_at=LATE), other_call, settings, now=LATE)
    assert row.subject.endswith("Candidature hors délai")
    assert "Reçue le 25 août 2022, après la clôture du 23 août 2022, votre candidature ne pourra pas être " \
           "examinée (article 4 du règlement)." in plain(row)[0]


def test_a_wording_with_an_unknown_placeholder_is_refused_when_the_call_is_read(tmp_path):
    source = (CALLS_DIR / "fabrique-cto-2022.toml").read_text(encoding="utf-8")
    (tmp_path / "x.toml").write_text(source.replace("le {selection_date}, le temps", "le {date_selection}, le temps"),
                                     encoding="utf-8")
    with pytest.raises(ValueError, match="date_selection"):
        load_call("x", tmp_path)


# --- the completion date --------------------------------------------------------------------------

@pytest.mark.parametrize("now, expected", [
    (NOW, date(2022, 8, 20)),  # ten days: well before the selection
    (datetime(2022, 8, 26, 9, tzinfo=timezone.utc), date(2022, 9, 1)),  # capped: the day before the selection
    (datetime(2022, 8, 30, 9, tzinfo=timezone.utc), date(2022, 9, 1)),  # two days left: still asked
    (datetime(2022, 8, 31, 9, tzinfo=timezone.utc), None),  # one day left: no time
    (datetime(2022, 9, 20, 9, tzinfo=timezone.utc), None),  # after the selection
])
def test_the_completion_date_is_never_after_the_selection(call, now, expected):
    assert wording.completion_deadline(now, call, "Europe/Paris") == expected


def test_the_completion_rule_is_the_calls(tmp_path, call):
    source = (CALLS_DIR / "fabrique-cto-2022.toml").read_text(encoding="utf-8")
    changed = source.replace("reply_ends_before_selection = 1", "reply_ends_before_selection = 3")
    (tmp_path / "y.toml").write_text(changed.replace("reply_days = 10", "reply_days = 15"), encoding="utf-8")
    other = load_call("y", tmp_path)
    assert wording.completion_deadline(NOW, other, "Europe/Paris") == date(2022, 8, 25)
    assert wording.completion_deadline(datetime(2022, 8, 24, 9, tzinfo=timezone.utc), other,
                                       "Europe/Paris") == date(2022, 8, 30)


def test_a_request_near_the_selection_asks_for_the_day_before_it(session, make, call, settings):
    """Before: "au plus tard le 5 septembre" for a 2 September selection."""
    d = make.dossier(status="incomplete", missing=["budget.personnel"])
    text, html = plain(answer(session, d, make.message(d), call, settings,
                              now=datetime(2022, 8, 26, 9, tzinfo=timezone.utc)))
    assert "au plus tard le 1er septembre 2022" in text and "1er septembre 2022" in html
    assert "5 septembre" not in text


def test_with_no_time_left_staff_examine_the_dossier_as_it_is(session, make, call, settings):
    d = make.dossier(status="incomplete", missing=["budget.personnel"])
    row = answer(session, d, make.message(d), call, settings, now=NO_TIME)
    text, html = plain(row)
    for body in (text, html):
        assert "au plus tard" not in body
        assert "l’examinera en l’état" in body and "2 septembre 2022" in body
        assert call.labels["budget.personnel"] in body  # what was not found is still said
    assert row.subject.endswith("Votre candidature sera examinée en l’état")


# --- the greeting -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, opening", [
    ("Mme Hélène Roux", "Bonjour Madame Roux,"),
    ("M. GARNIER Yves", "Bonjour Monsieur Garnier,"),
    ("Madame Anne de Montval", "Bonjour Madame de Montval,"),
    ("Hélène Roux", "Bonjour Hélène Roux,"),
    ("Roux, Hélène", "Bonjour Hélène Roux,"),
    ("YVES GARNIER", "Bonjour Yves Garnier,"),
    ("helene.roux@atelier.example", "Madame, Monsieur,"),
    ("helene.roux", "Madame, Monsieur,"),
    ("Hélène", "Madame, Monsieur,"),
    ("Secrétariat général", "Madame, Monsieur,"),
    ("Association Travail et Numérique", "Madame, Monsieur,"),
    ("Contact Atelier 21", "Madame, Monsieur,"),
    (None, "Madame, Monsieur,"),
])
def test_greeting_by_name_when_known(call, name, opening):
    assert greeting(name, call).opening == opening


def test_the_answer_greets_by_name_and_closes_alike(session, make, call, settings):
    """Before: "Madame, Monsieur," to everyone, and a raw address where the name was one."""
    d = make.dossier(applicant_name="Mme Hélène Roux")
    text, html = plain(answer(session, d, make.message(d), call, settings))
    for body in (text, html):
        assert "Bonjour Madame Roux," in body and "agréer, Madame, l’expression" in body
    d = make.dossier(applicant_name="helene.roux@atelier.example", applicant_email="helene.roux@atelier.example")
    text, html = plain(answer(session, d, make.message(d), call, settings))
    assert text.startswith("Madame, Monsieur,") and "helene.roux" not in text.split("Documents reçus")[0]


def test_a_purge_forgets_the_unreadable_files_names(engine, tmp_path):
    """The names of unreadable attachments (a letter may bear its author's name) and the review
    reason quoting them go with the dossier's other personal data."""
    from sqlmodel import Session

    from store.models import Dossier
    from store.purge import purge_before
    from tests.notify.notifyhelp import Factory

    with Session(engine) as s:
        d = Factory(s).dossier(unread=["Lettre de Mme Hélène Roux.pdf"],
                               review="1 élément peut-être dans « Lettre de Mme Hélène Roux.pdf », illisible")
        s.commit()
        pk = d.id
    purge_before(engine, tmp_path / "archive", datetime(2023, 1, 1, tzinfo=timezone.utc))
    with Session(engine) as s:
        d = s.get(Dossier, pk)
        assert d.purged and d.unread == [] and d.review is None
