"""What the forms change (POST): corrections of a dossier's reading, messages attached, released or
set aside, answers approved, edited or cancelled. Each one goes through service/corrections.py or
notify/review.py (which write the audit) and comes back to its page with one French sentence."""
from __future__ import annotations

from urllib.parse import quote

from starlette.responses import Response

from extract.amounts import parse_amount
from notify import review, wording
from service import corrections
from service.corrections import FIGURES, Outcome, Refused
from store.db import session_scope
from store.models import Dossier, Message
from web.app import Ctx
from web.views import FIGURE_LABELS


def _page(reference: str) -> str:
    return f"/dossiers/{quote(reference)}"


def _said(outcome: Outcome, done: str) -> str:
    """The sentence after a change: what was done, and what became of the answer it called for."""
    if review.REVIEW in outcome.answers:
        return f"{done} Une réponse au porteur attend votre validation (section « Réponses »)."
    if "pending" in outcome.answers:
        return f"{done} La réponse que le nouvel état appelle part maintenant."
    if "held" in outcome.answers:
        return f"{done} La réponse qu’il appelle attend le plafond d’envoi."
    return done


def _apply(ctx: Ctx, back: str, work, done: str) -> Response:
    """Run a change (one at a time: it may evaluate dossiers again), then back to the page."""
    try:
        with ctx.web.work:
            outcome = work()
    except (Refused, review.ReviewError) as exc:
        text = str(exc)
        return ctx.redirect(back, text[:1].upper() + text[1:] + ".", "error")
    return ctx.redirect(back, _said(outcome, done) if isinstance(outcome, Outcome) else done)


def requirement(ctx: Ctx) -> Response:
    reference = ctx.request.path_params["reference"]
    key = ctx.field("element")
    if key not in ctx.rt.call.requirement_keys:
        return ctx.redirect(_page(reference), "Élément inconnu.", "error")
    present = ctx.field("decision") == "present"
    note = ctx.field("note")[:300]
    label = wording.standalone_label(key, wording.call_labels(ctx.rt.call))
    state = "présent" if present else "manquant"
    detail = f"« {label} » marqué {state}" + (f" ({note})" if note else "")
    return _apply(ctx, _page(reference) + "#elements", lambda: corrections.correct(
        ctx.rt, reference, "requirement", key, {"present": present, "note": note}, ctx.staff.name, detail),
        f"« {label[:1].upper() + label[1:]} » : marqué {state}. Le dossier a été évalué de nouveau.")


def figure(ctx: Ctx) -> Response:
    reference = ctx.request.path_params["reference"]
    key = ctx.field("montant")
    if key not in FIGURES:
        return ctx.redirect(_page(reference) + "#budget", "Montant inconnu.", "error")
    written = ctx.field("valeur")
    amount = None
    if written:
        amount = parse_amount(written)
        if amount is None or amount < 0:
            return ctx.redirect(_page(reference) + "#budget", f"« {written} » n’est pas un montant en euros "
                                                               "(par exemple 24 000 ou 24 000,50).", "error")
    label = FIGURE_LABELS[key]
    shown = wording.french_amount(amount) if amount is not None else "non trouvé"
    return _apply(ctx, _page(reference) + "#budget", lambda: corrections.correct(
        ctx.rt, reference, "figure", key, {"amount": amount}, ctx.staff.name, f"{label} corrigé : {shown}"),
        f"{label} corrigé : {shown}. Le dossier a été évalué de nouveau.")


def partner_add(ctx: Ctx) -> Response:
    reference = ctx.request.path_params["reference"]
    name, contribution = ctx.field("nom")[:200], ctx.field("contribution")[:500]
    if not name:
        return ctx.redirect(_page(reference) + "#partenaires", "Donnez le nom du partenaire.", "error")
    return _apply(ctx, _page(reference) + "#partenaires", lambda: corrections.correct(
        ctx.rt, reference, "partner_add", None, {"name": name, "contribution": contribution}, ctx.staff.name,
        f"partenaire ajouté : {name}"), f"Partenaire ajouté : {name}.")


def partner_remove(ctx: Ctx) -> Response:
    reference = ctx.request.path_params["reference"]
    name = ctx.field("nom")[:200]
    if not name:
        return ctx.redirect(_page(reference) + "#partenaires", "Partenaire inconnu.", "error")
    return _apply(ctx, _page(reference) + "#partenaires", lambda: corrections.correct(
        ctx.rt, reference, "partner_remove", name, {}, ctx.staff.name, f"partenaire retiré : {name}"),
        f"Partenaire retiré : {name}.")


def merge(ctx: Ctx) -> Response:
    reference = ctx.request.path_params["reference"]
    other = ctx.field("autre").upper()
    if not other:
        return ctx.redirect(_page(reference) + "#regroupement", "Donnez la référence du dossier à fusionner.", "error")
    return _apply(ctx, _page(reference), lambda: corrections.merge(ctx.rt, other, reference, ctx.staff.name),
                  f"Le dossier {other} a été fusionné dans celui-ci.")


def split(ctx: Ctx) -> Response:
    reference = ctx.request.path_params["reference"]
    chosen = [int(v) for v in ctx.form.getlist("message") if str(v).isdigit()] if ctx.form else []
    outcome: list[Outcome] = []

    def work() -> Outcome:
        outcome.append(corrections.split(ctx.rt, reference, chosen, ctx.staff.name))
        return outcome[0]

    response = _apply(ctx, _page(reference) + "#messages", work, "Les messages cochés forment un nouveau dossier.")
    if outcome:
        new = outcome[0].references[-1]
        return ctx.redirect(_page(new), _said(outcome[0], f"Nouveau dossier {new}, formé à partir du dossier "
                                                          f"{reference}."))
    return response


def withdraw(ctx: Ctx) -> Response:
    cid = ctx.request.path_params["id"]
    back = ctx.back("/dossiers")
    return _apply(ctx, back, lambda: corrections.withdraw(ctx.rt, cid, ctx.staff.name),
                  "Correction annulée : la lecture du service s’applique de nouveau.")


# --- messages ----------------------------------------------------------------------------------

def attach(ctx: Ctx) -> Response:
    pk = ctx.request.path_params["id"]
    target = ctx.field("dossier").upper()
    back = ctx.back("/messages")
    if not target:
        return ctx.redirect(back, "Donnez la référence du dossier.", "error")
    return _apply(ctx, back, lambda: corrections.attach(ctx.rt, pk, target, ctx.staff.name),
                  f"Message rattaché au dossier {target}.")


def release(ctx: Ctx) -> Response:
    """A set-aside message processed again from the archive, now."""
    from service.pipeline import process_message

    pk = ctx.request.path_params["id"]

    def work() -> str:
        with session_scope(ctx.rt.engine) as s:
            msg = s.get(Message, pk)
            if msg is None or msg.state not in ("quarantined", "failed"):
                raise Refused("ce message n’est plus mis de côté")
            corrections.audit(s, ctx.staff.name, "message:repris",
                              f"message « {msg.subject or 'sans objet'} » de {msg.from_addr} traité à nouveau")
            msg.state = "archived"
        kind = process_message(ctx.rt, pk)
        with session_scope(ctx.rt.engine) as s:
            msg = s.get(Message, pk)
            d = s.get(Dossier, msg.dossier_id) if msg.dossier_id else None
            state = msg.state
        corrections.send_soon(ctx.rt)
        if state in ("quarantined", "failed"):
            return f"Message traité à nouveau, et de nouveau mis de côté : {msg.error}"
        return f"Message traité à nouveau ({wording.MESSAGE_LABELS.get(kind, kind)})" + \
            (f", dans le dossier {d.reference}." if d else ".")

    try:
        with ctx.web.work:
            said = work()
    except Refused as exc:
        return ctx.redirect("/messages", str(exc)[:1].upper() + str(exc)[1:] + ".", "error")
    return ctx.redirect("/messages", said)


def dismiss(ctx: Ctx) -> Response:
    pk = ctx.request.path_params["id"]
    with session_scope(ctx.rt.engine) as s:
        msg = s.get(Message, pk)
        if msg is None or msg.state not in ("quarantined", "failed"):
            return ctx.redirect("/messages", "Ce message n’est plus mis de côté.", "error")
        msg.state = "dismissed"
        corrections.audit(s, ctx.staff.name, "message:écarté",
                          f"message « {msg.subject or 'sans objet'} » de {msg.from_addr} écarté ({msg.error or ''})")
    return ctx.redirect("/messages", "Message écarté : il ne sera ni traité ni répondu.")


# --- answers -----------------------------------------------------------------------------------

def _answer_change(ctx: Ctx, change, done: str) -> Response:
    back = ctx.back("/reponses")
    try:
        with session_scope(ctx.rt.engine) as s:
            change(s)
    except review.ReviewError as exc:
        return ctx.redirect(back, str(exc)[:1].upper() + str(exc)[1:] + ".", "error")
    corrections.send_soon(ctx.rt)
    return ctx.redirect(back, done)


def approve(ctx: Ctx) -> Response:
    pk = ctx.request.path_params["id"]
    return _answer_change(ctx, lambda s: review.approve(s, pk, ctx.staff.name), "Réponse validée : elle part maintenant.")


def edit(ctx: Ctx) -> Response:
    pk = ctx.request.path_params["id"]
    text = str(ctx.form.get("texte") or "") if ctx.form else ""
    return _answer_change(ctx, lambda s: review.edit(s, pk, text, ctx.staff.name),
                          "Texte de la réponse enregistré ; elle attend toujours votre validation.")


def cancel(ctx: Ctx) -> Response:
    pk = ctx.request.path_params["id"]
    return _answer_change(ctx, lambda s: review.cancel(s, pk, ctx.staff.name),
                          "Réponse annulée : elle ne sera pas envoyée.")
