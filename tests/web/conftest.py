"""One review server per test module: a store filled by the real pipeline from mails written in
tests/web/webhelp.py, the aiosmtpd server for answers, uvicorn on a free loopback port, and
Debian's Chromium through Playwright (never `playwright install`). Screenshot paths are listed at
the end of the suite's output."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from config.settings import Settings
from tests.servers.smtp import SmtpServer, free_port
from tests.web import webhelp

PASSWORD = "lecture attentive des dossiers"


class _Shots:
    def __init__(self, node) -> None:
        self.node = node

    def append(self, line: str) -> None:
        self.node.user_properties.append(("capture", line))


@pytest.fixture
def shots(request):
    """Where a test lists its screenshots, shown at the end of the suite's output."""
    return _Shots(request.node)


@dataclass
class Site:
    url: str
    rt: object
    settings: Settings
    smtp: SmtpServer
    root: Path
    app: object

    def dossier(self, reference: str):
        from sqlmodel import Session, select

        from store.models import Dossier

        with Session(self.rt.engine) as s:
            return s.exec(select(Dossier).where(Dossier.reference == reference)).first()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import uvicorn

    from service.jobs import import_paths
    from service.runtime import open_runtime
    from web.app import create_app
    from web.auth import add_staff

    root = tmp_path_factory.mktemp("web")
    smtp = SmtpServer().start()
    settings = Settings(data_dir=root / "data", database_url=f"sqlite:///{root / 'data' / 'db.sqlite3'}",
                        smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none", answers="review",
                        web_trusted_proxy="127.0.0.1", web_remote_user_header="X-Remote-User")
    rt = open_runtime(settings)
    import_paths(rt, webhelp.write_mails(root / "mail", webhelp.MAILS()), send=True)
    add_staff(rt.engine, "marie.durand", PASSWORD)
    add_staff(rt.engine, "paul.martin", PASSWORD)
    app = create_app(rt)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           proxy_headers=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield Site(url=f"http://127.0.0.1:{port}", rt=rt, settings=settings, smtp=smtp, root=root, app=app)
    server.should_exit = True
    thread.join(timeout=15)
    smtp.stop()
    rt.engine.dispose()


def log_in(browser, site: Site, name: str = "marie.durand", width: int = 1280):
    """A browser context with a session, logged in through the form by keyboard."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(site.url + "/dossiers")
    assert page.url.startswith(site.url + "/connexion")
    page.get_by_label("Nom du compte").fill(name)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site.url + "/dossiers")
    return context, page
