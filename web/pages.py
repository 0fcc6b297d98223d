"""The pages that show (GET), the login and logout, and the downloads of what applicants sent."""
from __future__ import annotations

import hashlib
from urllib.parse import quote

from sqlmodel import select
from starlette.responses import RedirectResponse, Response

from ingest.parse import Limits, parse_message
from store.archive import read_blob
from store.models import Attachment, Message
from web import auth, views
from web.app import Ctx, NotFound


def home(ctx: Ctx) -> Response:
    return RedirectResponse("/dossiers", status_code=303)


def missing(ctx: Ctx) -> Response:
    raise NotFound("Cette page n’existe pas.")


# --- login ---------------------------------------------------------------------------------

def _next(ctx: Ctx) -> str:
    target = ctx.request.query_params.get("suite") or ctx.field("suite") or "/dossiers"
    return target if target.startswith("/") and not target.startswith("//") else "/dossiers"


def login_form(ctx: Ctx, error: str = "", status: int = 200) -> Response:
    if ctx.staff is not None and not error:
        return RedirectResponse(_next(ctx), status_code=303)
    token = ctx.web.signer.login_token(ctx.request.cookies.get(auth.LOGIN_COOKIE))
    cookie = None
    if token is None:
        import secrets

        token = secrets.token_urlsafe(32)
        cookie = ctx.web.signer.login.dumps(token)
    response = ctx.render("login.html.j2", http_status=status, login_csrf=token, error=error, suite=_next(ctx),
                          sso=bool(ctx.web.settings.web_remote_user_header), name=ctx.field("nom"))
    if cookie:
        response.set_cookie(auth.LOGIN_COOKIE, cookie, max_age=3600, httponly=True, samesite="strict",
                            secure=ctx.tls, path="/connexion")
    return response


def login(ctx: Ctx) -> Response:
    expected = ctx.web.signer.login_token(ctx.request.cookies.get(auth.LOGIN_COOKIE))
    if not auth.same_token(expected, ctx.field("csrf")):
        return login_form(ctx, "Le formulaire a expiré : saisissez de nouveau votre nom et votre mot de passe.", 403)
    name, password = ctx.field("nom"), (ctx.form.get("mot_de_passe") or "") if ctx.form else ""
    try:
        account = auth.check_password(ctx.rt.engine, name, str(password), ctx.address)
    except auth.Throttled as exc:
        return login_form(ctx, str(exc)[:1].upper() + str(exc)[1:] + ".", 429)
    if account is None:
        return login_form(ctx, "Nom ou mot de passe incorrect.", 401)
    staff, cookie = ctx.web.signer.new_session(account, "password")
    ctx.cookies.append((auth.SESSION_COOKIE, cookie, ctx.web.signer.max_age))
    response = RedirectResponse(_next(ctx), status_code=303)
    response.delete_cookie(auth.LOGIN_COOKIE, path="/connexion")
    return response


def logout(ctx: Ctx) -> Response:
    response = RedirectResponse("/connexion", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


# --- pages ---------------------------------------------------------------------------------

def dossiers(ctx: Ctx) -> Response:
    filters = views.Filters.of(ctx.request.query_params)
    with ctx.session() as s:
        data = views.dossier_list(s, ctx.rt, filters)
    query = {k: v for k, v in ctx.request.query_params.items() if k != "page"}
    return ctx.render("dossiers.html.j2", title="Dossiers", query=query, **data)


def dossier(ctx: Ctx) -> Response:
    reference = ctx.request.path_params["reference"]
    with ctx.session() as s:
        data = views.dossier_page(s, ctx.rt, reference)
        if data is None:
            target = views.merged_into(s, reference)
            if target:
                return ctx.redirect(f"/dossiers/{quote(target)}", f"Le dossier {reference} a été fusionné dans "
                                                                  f"le dossier {target}.", "info")
            raise NotFound(f"Aucun dossier {reference}.")
    return ctx.render("dossier.html.j2", title=f"Dossier {reference}", **data)


def messages(ctx: Ctx) -> Response:
    with ctx.session() as s:
        items = views.set_aside(s, ctx.rt)
    return ctx.render("messages.html.j2", title="Messages mis de côté", items=items)


def answers(ctx: Ctx) -> Response:
    with ctx.session() as s:
        items = views.answers_of(s, ctx.rt, None, waiting_only=True)
    return ctx.render("answers.html.j2", title="Réponses à valider", items=items,
                      mode=ctx.web.settings.answers)


def journal(ctx: Ctx) -> Response:
    with ctx.session() as s:
        entries = views.history(s, ctx.web.settings.timezone)
    return ctx.render("journal.html.j2", title="Journal des modifications", entries=entries)


# --- downloads: never shown inline ---------------------------------------------------------

def _download(data: bytes, filename: str) -> Response:
    """As a file to save: application/octet-stream, attachment, nothing a browser would render."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename)[:100] or "fichier"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename[:200], safe='')}"
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'", "Cache-Control": "no-store"})


def _message(ctx: Ctx) -> tuple[Message, bytes]:
    with ctx.session() as s:
        msg = s.get(Message, ctx.request.path_params["id"])
    if msg is None:
        raise NotFound("Aucun message de ce numéro.")
    try:
        return msg, read_blob(ctx.rt.archive, msg.archive_path)
    except OSError:
        raise NotFound("Le courrier d’origine n’est plus dans l’archive (purgé ?).") from None


def raw_message(ctx: Ctx) -> Response:
    msg, raw = _message(ctx)
    _audit_download(ctx, msg, "courrier d’origine")
    return _download(raw, f"message-{msg.id}.eml")


def attachment(ctx: Ctx) -> Response:
    msg, raw = _message(ctx)
    position = ctx.request.path_params["position"]
    with ctx.session() as s:
        row = s.exec(select(Attachment).where(Attachment.message_pk == msg.id, Attachment.position == position)).first()
    if row is None:
        raise NotFound("Aucune pièce jointe de ce numéro.")
    st = ctx.web.settings
    mail = parse_message(raw, Limits(max_attachments=st.max_attachments, max_depth=st.max_archive_depth,
                                     max_unpacked_bytes=st.max_unpacked_bytes))
    data = next((a.data for a in mail.attachments if a.data and hashlib.sha256(a.data).hexdigest() == row.sha256), None)
    if data is None:
        raise NotFound("Cette pièce jointe ne se retrouve plus dans le courrier d’origine.")
    _audit_download(ctx, msg, f"pièce jointe « {row.filename} »")
    return _download(data, row.filename)


def _audit_download(ctx: Ctx, msg: Message, what: str) -> None:
    from service.corrections import audit

    with ctx.session() as s:
        reference = None
        if msg.dossier_id:
            from store.models import Dossier

            d = s.get(Dossier, msg.dossier_id)
            reference = d.reference if d else None
        audit(s, ctx.staff.name, "téléchargement", f"{what} du message n° {msg.id} téléchargé", reference)
        s.commit()
