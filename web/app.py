"""The review pages: a Starlette application, its routes, and the one gate every request goes
through (who, CSRF, security headers).

Every route is declared with `route()`: nothing is reachable without a session (or the trusted
proxy naming the person) except the login page and the style sheet. Every form is POST with the
session's CSRF token; every change is written in the audit (service/corrections.py,
notify/review.py, web/actions.py). Store work runs in Starlette's thread pool; the pipeline's work
(evaluating a dossier again) one at a time (`Web.work`), as the runtime's caches want.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from sqlmodel import Session

from notify import typography
from web import auth

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    return env


class Web:
    """What the pages share: the runtime, the cookie signer, the templates."""

    def __init__(self, rt):
        self.rt = rt
        self.settings = rt.settings
        self.signer = auth.Signer(auth.secret_key(rt.settings), rt.settings)
        self.env = environment()
        self.work = threading.Lock()


@dataclass
class Ctx:
    """One request as a handler sees it."""

    web: Web
    request: Request
    form: Any
    staff: auth.Staff | None
    address: str
    tls: bool
    cookies: list[tuple[str, str, int | None]] = field(default_factory=list)  # to set on the response
    flash: tuple[str, str] | None = None  # (kind, text) shown once on the next page

    @property
    def rt(self):
        return self.web.rt

    def session(self) -> Session:
        return Session(self.web.rt.engine, expire_on_commit=False)

    def field(self, name: str, default: str = "") -> str:
        value = self.form.get(name) if self.form is not None else None
        return value.strip() if isinstance(value, str) else default

    def render(self, template: str, http_status: int = 200, **context) -> Response:
        from web import views

        flash = self.web.signer.flash.loads(self.request.cookies.get("fabrique_flash"), max_age=300) \
            if self.request.cookies.get("fabrique_flash") else None
        context.setdefault("title", "Connexion")
        counts = {}
        if self.staff is not None:
            with self.session() as s:
                counts = views.counts(s)
        page = self.web.env.get_template(template).render(
            staff=self.staff, csrf=self.staff.csrf if self.staff else "", flash=flash, counts=counts,
            path=self.request.url.path, **context)
        response = HTMLResponse(typography.french_html(page), status_code=http_status)
        if flash:
            response.delete_cookie("fabrique_flash", path="/")
        return response

    def redirect(self, url: str, message: str | None = None, kind: str = "ok") -> Response:
        response = RedirectResponse(url, status_code=303)
        if message:
            response.set_cookie("fabrique_flash", self.web.signer.flash.dumps([kind, message]), max_age=300,
                                httponly=True, samesite="strict", secure=self.tls, path="/")
        return response

    def back(self, default: str) -> str:
        """Where a form returns: its own page (a path of this site only)."""
        target = self.field("retour")
        parts = urlsplit(target)
        return target if target.startswith("/") and not target.startswith("//") and not parts.netloc else default


def route(path: str, handler: Callable[[Ctx], Response], methods=("GET",), public: bool = False) -> Route:
    """A route behind the gate: the person (session or trusted proxy), else the login page; on
    POST, the session's CSRF token, else refused."""

    async def endpoint(request: Request) -> Response:
        form = None
        if request.method == "POST":
            form = await request.form(max_files=0, max_fields=500, max_part_size=2 * 1024 * 1024)
        return await run_in_threadpool(_serve, request, form, handler, public)

    endpoint.__name__ = handler.__name__
    return Route(path, endpoint, methods=list(methods), name=handler.__name__)


def _serve(request: Request, form, handler, public: bool) -> Response:
    web: Web = request.app.state.web
    settings = web.settings
    headers = request.headers
    address = auth.client_address(request.scope, headers, settings)
    tls = auth.behind_tls(request.scope, headers, settings)
    ctx = Ctx(web=web, request=request, form=form, staff=None, address=address, tls=tls)
    session = web.signer.read_session(request.cookies.get(auth.SESSION_COOKIE))
    named = auth.remote_user(request.scope, headers, settings)
    if named is not None:
        name = auth.proxy_account(web.rt.engine, named, address)
        if name is not None and (session is None or session.name != name):
            session, cookie = web.signer.new_session(name, "proxy")
            ctx.cookies.append((auth.SESSION_COOKIE, cookie, web.signer.max_age))
        elif name is None:
            session = None
    if session is not None:
        with ctx.session() as s:
            if auth.active_account(s, session.name) is None:  # disabled or removed since
                session = None
    ctx.staff = session
    if session is None and not public:
        response = RedirectResponse("/connexion" + (f"?suite={quote(request.url.path)}"
                                                    if request.method == "GET" and request.url.path != "/" else ""),
                                    status_code=303)
        return _finish(ctx, response)
    if request.method == "POST" and not public and not auth.same_token(session.csrf, ctx.field("csrf")):
        log.warning("formulaire refusé (jeton CSRF absent ou faux) : %s %s de %s", request.method,
                    request.url.path, address)
        return _finish(ctx, ctx.render("error.html.j2", http_status=403, title="Formulaire refusé",
                                       message="Ce formulaire ne vient pas d’une page ouverte dans cette session, ou "
                                               "la session a expiré. Rechargez la page et recommencez."))
    try:
        response = handler(ctx)
    except NotFound as exc:
        response = ctx.render("error.html.j2", http_status=404, title="Introuvable", message=str(exc))
    return _finish(ctx, response)


class NotFound(Exception):
    pass


def _finish(ctx: Ctx, response: Response) -> Response:
    for name, value, age in ctx.cookies:
        response.set_cookie(name, value, max_age=age, httponly=True, samesite="strict", secure=ctx.tls, path="/")
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def create_app(rt) -> Starlette:
    from web import actions, pages

    routes = [
        route("/", pages.home),
        route("/connexion", pages.login_form, public=True),
        route("/connexion", pages.login, methods=("POST",), public=True),
        route("/deconnexion", pages.logout, methods=("POST",)),
        route("/dossiers", pages.dossiers),
        route("/dossiers/{reference}", pages.dossier),
        route("/dossiers/{reference}/elements", actions.requirement, methods=("POST",)),
        route("/dossiers/{reference}/montants", actions.figure, methods=("POST",)),
        route("/dossiers/{reference}/partenaires", actions.partner_add, methods=("POST",)),
        route("/dossiers/{reference}/partenaires/retrait", actions.partner_remove, methods=("POST",)),
        route("/dossiers/{reference}/fusion", actions.merge, methods=("POST",)),
        route("/dossiers/{reference}/scission", actions.split, methods=("POST",)),
        route("/corrections/{id:int}/annulation", actions.withdraw, methods=("POST",)),
        route("/messages", pages.messages),
        route("/messages/{id:int}/original", pages.raw_message),
        route("/messages/{id:int}/pieces/{position:int}", pages.attachment),
        route("/messages/{id:int}/rattachement", actions.attach, methods=("POST",)),
        route("/messages/{id:int}/reprise", actions.release, methods=("POST",)),
        route("/messages/{id:int}/ecart", actions.dismiss, methods=("POST",)),
        route("/reponses", pages.answers),
        route("/reponses/{id:int}/validation", actions.approve, methods=("POST",)),
        route("/reponses/{id:int}/modification", actions.edit, methods=("POST",)),
        route("/reponses/{id:int}/annulation", actions.cancel, methods=("POST",)),
        route("/journal", pages.journal),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def not_found(request: Request, exc) -> Response:
        return await run_in_threadpool(_serve, request, None, pages.missing, False)

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.web = Web(rt)
    return app


def serve(rt, host: str | None = None, port: int | None = None) -> None:
    """`fabrique-intake web`: uvicorn on FABRIQUE_WEB_HOST:FABRIQUE_WEB_PORT. Proxy headers are
    read by the gate itself (auth.client_address), from FABRIQUE_WEB_TRUSTED_PROXY only."""
    import uvicorn

    settings = rt.settings
    uvicorn.run(create_app(rt), host=host or settings.web_host, port=port or settings.web_port,
                proxy_headers=False, server_header=False, date_header=True, log_level="info",
                access_log=True, timeout_graceful_shutdown=10)
