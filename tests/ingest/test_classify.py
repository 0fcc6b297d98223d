"""Machine mail is recognised by its signals (RFC 3834 and the usual headers), people's mail is not."""
from __future__ import annotations

import pytest

from ingest.classify import is_machine_address, linked_documents, machine_verdict
from ingest.parse import parse_message


def mail(headers: str, body: str = "Bonjour", ctype: str = "text/plain; charset=utf-8") -> bytes:
    base = {"From": "Jeanne Dupont <jeanne.dupont@cabinet.example>", "To": "fabrique@anact.fr",
            "Subject": "Candidature", "Message-ID": "<1@cabinet.example>", "Date": "Tue, 2 Aug 2022 10:00:00 +0200"}
    for line in filter(None, headers.split("\n")):
        k, v = line.split(": ", 1)
        base[k] = v
    head = "".join(f"{k}: {v}\r\n" for k, v in base.items())
    return (head + f"MIME-Version: 1.0\r\nContent-Type: {ctype}\r\n\r\n{body}\r\n").encode()


@pytest.mark.parametrize("headers,kind", [
    ("Auto-Submitted: auto-replied", "auto_reply"),
    ("Auto-Submitted: auto-generated", "auto_reply"),
    ("X-Autoreply: yes", "auto_reply"),
    ("X-Autorespond: vacation", "auto_reply"),
    ("X-Autoresponse: yes", "auto_reply"),
    ("Precedence: bulk", "auto_reply"),
    ("Precedence: list", "auto_reply"),
    ("List-Id: <lettre.reseau.example>", "auto_reply"),
    ("List-Unsubscribe: <mailto:leave@reseau.example>", "auto_reply"),
    ("Subject: Réponse automatique : absence du bureau", "auto_reply"),
    ("Subject: Automatic reply: Candidature", "auto_reply"),
    ("Subject: Out of Office: Candidature", "auto_reply"),
    ("From: noreply@plateforme.example", "auto_reply"),
    ("From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail Returned to Sender", "bounce"),
    ("From: postmaster@mx.example\nSubject: Delivery Status Notification (Failure)", "bounce"),
    ("Return-Path: <>\nSubject: Mail delivery failed: returning message to sender", "bounce"),
    ("X-Failed-Recipients: x@y.example", "bounce"),
    ("Auto-Submitted: no", None),
    ("Subject: Re: Candidature – budget corrigé", None),
    ("Subject: Absence de partenaire financier : est-ce éligible ?", None),
    ("Subject: Absente du 2 au 16 septembre", "auto_reply"),
    ("Subject: Absence du comité de pilotage dans notre dossier ?", None),
])
def test_signals(headers, kind):
    assert machine_verdict(parse_message(mail(headers))).kind == kind


@pytest.mark.parametrize("body,kind", [
    ("Bonjour,\nJe suis en congés jusqu'au 5 septembre et ne consulte pas ma messagerie.\nCordialement", "auto_reply"),
    ("Bonjour,\nje suis actuellement absent, de retour le 3 octobre.\nPour toute urgence : 01 02 03 04 05", "auto_reply"),
    ("Bonjour,\nJe serai absente la semaine prochaine : pouvez-vous écrire à ma collègue pour le budget ?", None),
    ("Bonjour,\nnous sommes en congés du 1er au 15 août ; le dossier arrivera ensuite. Merci de votre compréhension"
     "\n" + "Le projet porte sur l'organisation du travail des caristes. " * 40, None),
])
def test_away_notice_without_headers(body, kind):
    assert machine_verdict(parse_message(mail("Subject: Re: Candidature", body))).kind == kind


def test_delivery_status_report_is_a_bounce():
    raw = mail("From: mx@relay.example", ctype='multipart/report; report-type=delivery-status; boundary="b"',
               body="--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status"
                    "\r\n\r\nStatus: 5.1.1\r\n--b--")
    assert machine_verdict(parse_message(raw)).kind == "bounce"


def test_read_receipt_is_an_auto_reply():
    raw = mail("", ctype='multipart/report; report-type=disposition-notification; boundary="b"',
               body="--b\r\nContent-Type: text/plain\r\n\r\nlu\r\n--b--")
    assert machine_verdict(parse_message(raw)).kind == "auto_reply"


@pytest.mark.parametrize("address,machine", [
    ("no-reply@x.fr", True), ("noreply@x.fr", True), ("mailer-daemon@x.fr", True), ("ne-pas-repondre@x.fr", True),
    ("jeanne@x.fr", False), ("", True), ("pas-une-adresse", True),
])
def test_machine_addresses(address, machine):
    assert is_machine_address(address) is machine


@pytest.mark.parametrize("text,linked", [
    # documents handed over by a transfer service, a cloud drive or a self-hosted share, and said so
    ("Le dossier pèse trop lourd pour un courriel : https://we.tl/t-Zk81pQa est valable une semaine, "
     "lien à ouvrir avant vendredi.", True),
    ("Pièces à télécharger sur notre espace : https://nuage.mairie-exemple.fr/index.php/s/q8WmT3zLk", True),
    ("Dossier complet disponible en téléchargement via https://drive.google.com/drive/folders/1xYzAbCdEf", True),
    ("Voici le lien vers nos documents : https://partage.asso-exemple.org/d/7f3a9c21b0", True),
    ("Trop volumineux, le voici : https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwe.tl%2Ft-"
     "Q3mz81&data=05%7C01%7C", True),  # wrapped by a security gateway
    # a link that hands over nothing: a signature, the call's page, a video in a description
    ("Cordialement,\nMarie\nwww.atelier-exemple.fr | https://www.linkedin.com/company/atelier-exemple", False),
    ("Nous avons lu l'appel sur https://www.anact.fr/fabrique-cto : le lien vers le formulaire est cassé.", False),
    ("La vidéo du projet pilote est sur https://www.youtube.com/watch?v=abc123XYZ.", False),
    ("Le lien du formulaire https://docs.google.com/forms/d/e/1FAIpQLSd9x/viewform ne s'ouvre pas.", False),
    # a shared file named without saying the documents are there
    ("Notre calendrier partagé : https://drive.google.com/file/d/1AbCdEfGh/view", False),
])
def test_documents_handed_over_by_a_link(text, linked):
    assert bool(linked_documents(text)) is linked
