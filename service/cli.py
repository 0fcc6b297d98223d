"""`fabrique-intake`: the commands of ../shared/spec/cli.md. Messages for staff are in French."""
from __future__ import annotations

import json
import logging
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import List, Optional
from zoneinfo import ZoneInfo

import typer

from config.settings import ConfigError, Settings, load_settings

class _App(typer.Typer):
    """A configuration error met anywhere ends the command with one line and exit code 2."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except ConfigError as exc:
            typer.echo(f"Configuration invalide — {exc}", err=True)
            sys.exit(2)


app = _App(add_completion=False, no_args_is_help=True,
           help="Service de réception des candidatures de la Fabrique CTO (Anact).")
outbox_app = typer.Typer(no_args_is_help=True, help="Boîte d'envoi des réponses.")
app.add_typer(outbox_app, name="outbox")
staff_app = typer.Typer(no_args_is_help=True, help="Comptes de l'équipe pour les pages de revue (fabrique-intake web).")
app.add_typer(staff_app, name="staff")


def _setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("imapclient", "apscheduler.executors", "pdfminer", "mail-parser", "mailparser", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


SECRETS = ("imap_password", "smtp_password", "oauth_client_secret", "web_secret_key")


def _settings(**overrides) -> Settings:
    try:
        settings = load_settings(**overrides)
        for name in SECRETS:  # a secret file others can read (or missing) stops here, not at first login
            settings.secret(name)
        return settings
    except ConfigError as exc:
        typer.echo(f"Configuration invalide — {exc}", err=True)
        raise typer.Exit(2)


def _runtime(settings: Settings):
    """The runtime, or one French line and exit code 2 (configuration) or 1 (database unreachable)."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from service.runtime import open_runtime

    try:
        settings.check_data_dir()  # an unwritable data dir is named as such, not as a database failure
        return open_runtime(settings)
    except ConfigError as exc:
        typer.echo(f"Configuration invalide — {exc}", err=True)
        raise typer.Exit(2)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        known = not isinstance(exc, (NoSuchModuleError, ImportError))  # NoSuchModuleError is an ArgumentError
        what = "adresse illisible" if known else "type de base non pris en charge"
        typer.echo(f"Configuration invalide — {_database(settings)} : {what} ; valeur attendue : "
                   "sqlite:///chemin/fabrique.sqlite3 ou postgresql+psycopg://utilisateur@hôte/base.", err=True)
        raise typer.Exit(2)
    except ValueError as exc:  # a bad call definition names its file
        typer.echo(f"Configuration invalide — FABRIQUE_CALL = {settings.call} : définition de l’appel illisible "
                   f"({exc}).", err=True)
        raise typer.Exit(2)
    except Exception as exc:
        typer.echo(f"Base de données injoignable ({_database(settings)}) : {_first_line(exc)}.", err=True)
        raise typer.Exit(1)


def _database(settings: Settings) -> str:
    """The setting and the database's address, its password hidden (a malformed one is not shown)."""
    from sqlalchemy.engine import make_url

    if not settings.database_url:
        return f"FABRIQUE_DATA_DIR = {settings.data_dir}"
    try:
        return "FABRIQUE_DATABASE_URL = " + make_url(settings.database_url).render_as_string(hide_password=True)
    except Exception:
        return "FABRIQUE_DATABASE_URL"


def _first_line(exc: BaseException) -> str:
    """The server's own reason, without the Python error's name nor SQLAlchemy's help links."""
    from config.settings_errors import os_reason

    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError) and orig.errno:
        return f"{os_reason(orig)} ({orig.filename or ''})".replace(" ()", "")
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    return lines[0] if lines else "raison inconnue"


def _require_imap(settings: Settings) -> None:
    if not settings.imap_host or not settings.imap_user:
        typer.echo("Configuration invalide — FABRIQUE_IMAP_HOST et FABRIQUE_IMAP_USER sont requis "
                   "pour relever la boîte.", err=True)
        raise typer.Exit(2)


def _check_output(output: Optional[Path]) -> None:
    """An output path that is a symbolic link is refused before any work (exit 2): the file is
    written owner-only through a temporary and a rename, never through a link."""
    from store.archive import SymlinkRefused, refuse_symlink

    if output is None:
        return
    try:
        refuse_symlink(output)
    except SymlinkRefused:
        typer.echo(f"Usage : --output {output} est un lien symbolique ; donnez le chemin d'un fichier ordinaire "
                   "(rien n'a été écrit).", err=True)
        raise typer.Exit(2)


def _write_output(output: Path, write) -> None:
    """Run `write()` (which writes `output` with store.archive.write_atomic); a failure ends the
    command with one French line and exit code 1, never a traceback."""
    from store.archive import SymlinkRefused

    try:
        write()
    except SymlinkRefused:
        typer.echo(f"Écriture refusée : {output} est devenu un lien symbolique ; rien n'a été écrit.", err=True)
        raise typer.Exit(1)
    except OSError as exc:
        typer.echo(f"Écriture impossible dans {output} : {exc.strerror or exc}.", err=True)
        raise typer.Exit(1)


@app.command("import")
def import_(paths: List[Path] = typer.Argument(..., help="fichiers .eml, dossiers, Maildir ou mbox"),
            no_answers: bool = typer.Option(False, "--no-answers", help="n'écrire aucune réponse"),
            send: bool = typer.Option(True, "--send/--no-send", help="envoyer la boîte d'envoi ensuite")) -> None:
    """Traiter des messages comme s'ils étaient arrivés par IMAP."""
    _setup_logging()
    from service.jobs import import_paths

    rt = _runtime(_settings())
    report = import_paths(rt, paths, answers=not no_answers, send=send, progress=sys.stderr.isatty())
    typer.echo(f"{report.read} message(s) lu(s) : {report.new} nouveau(x), {report.duplicates} déjà connu(s), "
               f"{report.failed} en échec (motif enregistré), {report.unreadable} illisible(s).")
    raise typer.Exit(0 if report.unrecorded == 0 else 1)


@app.command()
def poll(once: bool = typer.Option(True, "--once/--loop", help="un seul cycle puis sortie")) -> None:
    """Relever la boîte IMAP et traiter ce qui est arrivé."""
    _setup_logging()
    settings = _settings()
    _require_imap(settings)
    from service.jobs import poll_cycle

    rt = _runtime(settings)
    rep = poll_cycle(rt)
    typer.echo(f"Relève : {rep.get('new', 0)} nouveau(x) message(s), {rep.get('duplicates', 0)} doublon(s), "
               f"{rep.get('processed', 0)} traité(s).")
    raise typer.Exit(0 if not rep.get("error") else 1)


@app.command()
def run() -> None:
    """Le service : relève (IDLE ou intervalle), traitement, envois, synthèse quotidienne."""
    _setup_logging()
    settings = _settings()
    _require_imap(settings)
    from service.scheduler import serve

    raise typer.Exit(serve(_runtime(settings)))


@outbox_app.command("send")
def outbox_send() -> None:
    """Envoyer ce qui attend dans la boîte d'envoi."""
    _setup_logging()
    from service.jobs import flush_outbox

    rep = flush_outbox(_runtime(_settings()))
    typer.echo(f"Boîte d'envoi : {rep.sent} envoyé(s), {rep.written} écrit(s) en fichier, "
               f"{rep.retried} à réessayer, {rep.failed} en échec.")
    if rep.unreachable:
        typer.echo(f"Serveur d'envoi injoignable : {rep.unreachable}. Les réponses attendent sans perdre d'essai.")
    raise typer.Exit(0 if rep.failed == 0 else 1)


@outbox_app.command("retry")
def outbox_retry(references: List[str] = typer.Argument(None, help="références de dossiers (défaut : toutes)"),
                 send: bool = typer.Option(True, "--send/--no-send", help="envoyer aussitôt")) -> None:
    """Remettre en file d'attente les réponses en échec (serveur longtemps injoignable, refus)."""
    _setup_logging()
    from service.jobs import flush_outbox, requeue_failed

    rt = _runtime(_settings())
    rep = requeue_failed(rt, list(references) if references else None)
    line = f"Boîte d'envoi : {rep.requeued} réponse(s) en échec remise(s) en file d'attente"
    if rep.outdated:
        line += (f" ; {rep.outdated} laissée(s) en échec, car une réponse plus récente a été préparée "
                 "pour le même dossier")
    typer.echo(line + ".")
    if not send:
        raise typer.Exit(0)
    sent = flush_outbox(rt)
    typer.echo(f"Boîte d'envoi : {sent.sent} envoyé(s), {sent.written} écrit(s) en fichier, "
               f"{sent.retried} à réessayer, {sent.failed} en échec.")
    raise typer.Exit(0 if sent.failed == 0 else 1)


@app.command()
def digest(day: Optional[str] = typer.Option(None, "--date", help="AAAA-MM-JJ (défaut : dernières 24 h)"),
           send: bool = typer.Option(False, "--send", help="envoyer à FABRIQUE_DIGEST_TO"),
           output: Optional[Path] = typer.Option(None, "--output", help="écrire le HTML dans ce fichier")) -> None:
    """Construire la synthèse quotidienne pour l'équipe."""
    _setup_logging()
    _check_output(output)
    settings = _settings()
    if send and not settings.staff_addresses:
        typer.echo("Configuration invalide — FABRIQUE_DIGEST_TO est requis pour --send.", err=True)
        raise typer.Exit(2)
    tz = ZoneInfo(settings.timezone)
    if day:
        try:
            d = date.fromisoformat(day)
        except ValueError:
            typer.echo("Usage : --date attend une date AAAA-MM-JJ.", err=True)
            raise typer.Exit(2)
        start = datetime.combine(d, time(0), tz)
        end = start + timedelta(days=1)
    else:
        end = datetime.now(tz)
        start = end - timedelta(days=1)
    from service.jobs import make_digest

    rt = _runtime(settings)
    dg = make_digest(rt, start, end, send=send)
    if output:
        from store.archive import write_atomic

        _write_output(output, lambda: write_atomic(output, dg.html.encode("utf-8")))
        typer.echo(f"Synthèse du {dg.day} ({dg.period}) écrite dans {output}.")
    if send:
        line, ok = _delivery(dg, settings)
        typer.echo(line, err=not ok)
        if not ok:
            raise typer.Exit(1)
    elif not output:
        typer.echo(dg.text)


def _delivery(dg, settings: Settings) -> tuple[str, bool]:
    """What became of a digest sent with --send, in one French line; False when it failed."""
    what = f"Synthèse du {dg.day} ({dg.period})"
    staff = ", ".join(settings.staff_addresses)
    if dg.delivery == "sent":
        return f"{what} envoyée à {staff}.", True
    if dg.delivery == "written":
        return (f"{what} écrite dans {settings.data_dir / 'outbox'} : aucun serveur d’envoi n’est configuré "
                "(FABRIQUE_SMTP_HOST).", True)
    if dg.delivery == "already":
        return f"{what} déjà mise en file d’envoi pour cette période : rien de plus n’a été envoyé.", True
    if dg.delivery == "failed":
        return (f"{what} refusée par le serveur d’envoi : voir « fabrique-intake status » ; pour la renvoyer : "
                "fabrique-intake outbox retry.", False)
    return (f"{what} en attente d’envoi : le serveur d’envoi ne l’a pas encore acceptée ; elle partira d’elle-même "
            "avec le service, ou par « fabrique-intake outbox send ».", True)


@app.command()
def export(fmt: str = typer.Option("json", "--format", help="json, csv ou xlsx"),
           output: Optional[Path] = typer.Option(None, "--output", help="fichier (défaut : sortie standard)")) -> None:
    """Exporter les dossiers et les messages."""
    if fmt not in ("json", "csv", "xlsx"):
        typer.echo("Usage : --format attend json, csv ou xlsx.", err=True)
        raise typer.Exit(2)
    if fmt == "xlsx" and output is None:
        typer.echo("Usage : --format xlsx demande --output FICHIER.", err=True)
        raise typer.Exit(2)
    _check_output(output)
    from sqlmodel import Session

    from store.export import export_document

    rt = _runtime(_settings())
    with Session(rt.engine) as s:
        doc = export_document(s, rt.call.name, rt.settings.timezone)
    if output is None:
        if fmt == "json":
            typer.echo(json.dumps(doc, ensure_ascii=False, indent=1))
        else:
            from notify.exports import write_csv

            write_csv(doc, sys.stdout)
        return
    if fmt == "json":
        from store.archive import write_atomic

        text = json.dumps(doc, ensure_ascii=False, indent=1)
        _write_output(output, lambda: write_atomic(output, text.encode("utf-8")))
    else:
        from notify.exports import write_csv, write_xlsx

        _write_output(output, lambda: (write_csv if fmt == "csv" else write_xlsx)(doc, output))


@app.command()
def reprocess(references: List[str] = typer.Argument(None, help="références de dossiers"),
              all_: bool = typer.Option(False, "--all", help="tous les messages archivés")) -> None:
    """Relancer extraction et évaluation depuis les messages archivés."""
    _setup_logging()
    if not references and not all_:
        typer.echo("Usage : donnez des références de dossiers ou --all.", err=True)
        raise typer.Exit(2)
    from service.pipeline import reprocess as do_reprocess

    rt = _runtime(_settings())
    rep = do_reprocess(rt, None if all_ else list(references))
    from service.jobs import flush_outbox

    flush_outbox(rt)
    typer.echo(f"{rep.processed} message(s) retraité(s), {rep.failed} en échec.")


@app.command()
def status(as_json: bool = typer.Option(False, "--json", help="sortie JSON")) -> None:
    """État du service (code de sortie non nul si le service est en mauvaise santé)."""
    from service.health import health

    rt = _runtime(_settings())
    h = health(rt)
    if as_json:
        typer.echo(json.dumps(h.as_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(h.text())
    raise typer.Exit(0 if h.healthy else 1)


@app.command()
def purge(before: str = typer.Option(..., "--before", help="AAAA-MM-JJ"),
          yes: bool = typer.Option(False, "--yes", help="sans confirmation")) -> None:
    """Supprimer courriers bruts, documents et données personnelles des dossiers antérieurs à la date."""
    try:
        limit = datetime.combine(date.fromisoformat(before), time(0), ZoneInfo("Europe/Paris"))
    except ValueError:
        typer.echo("Usage : --before attend une date AAAA-MM-JJ.", err=True)
        raise typer.Exit(2)
    from store.purge import purge_before

    rt = _runtime(_settings())
    if not yes and sys.stdin.isatty():
        typer.confirm(f"Supprimer définitivement les données antérieures au {before} ?", abort=True)
    from notify.sender import safe_name

    outbox = rt.settings.data_dir / "outbox"  # answers written as files (no SMTP server) go too
    rep = purge_before(rt.engine, rt.archive, limit,
                       forget_answer=lambda mid: (outbox / safe_name(mid)).unlink(missing_ok=True))
    typer.echo(f"Purge : {rep['dossiers']} dossier(s) et {rep['messages']} message(s) anonymisés, "
               f"{rep['files']} fichier(s) supprimé(s).")


@app.command()
def web(host: Optional[str] = typer.Option(None, "--host", help="adresse d'écoute (défaut : FABRIQUE_WEB_HOST)"),
        port: Optional[int] = typer.Option(None, "--port", help="port (défaut : FABRIQUE_WEB_PORT)")) -> None:
    """Les pages de revue de l'équipe (derrière le mandataire inverse de l'agence)."""
    _setup_logging()
    from web.app import serve

    serve(_runtime(_settings()), host, port)


def _password(name: str) -> str:
    """The new password, typed twice on the terminal (never in argv, the environment or a log)."""
    import getpass

    first = getpass.getpass(f"Mot de passe pour {name} : ")
    if getpass.getpass("Le même, une seconde fois : ") != first:
        typer.echo("Les deux saisies diffèrent : rien n'a été changé.", err=True)
        raise typer.Exit(1)
    return first


def _account(change) -> None:
    from web.auth import AccountError

    try:
        change()
    except AccountError as exc:
        typer.echo(f"Compte refusé : {exc}.", err=True)
        raise typer.Exit(1)


@staff_app.command("add")
def staff_add(name: str = typer.Argument(..., help="nom du compte, par exemple marie.durand")) -> None:
    """Créer un compte (mot de passe demandé au terminal)."""
    from web.auth import add_staff, valid_name

    rt = _runtime(_settings())
    _account(lambda: valid_name(name))
    _account(lambda: add_staff(rt.engine, name, _password(name)))
    typer.echo(f"Compte {name.strip().lower()} créé.")


@staff_app.command("password")
def staff_password(name: str = typer.Argument(..., help="nom du compte")) -> None:
    """Changer le mot de passe d'un compte (et le réactiver)."""
    from web.auth import add_staff

    rt = _runtime(_settings())
    _account(lambda: add_staff(rt.engine, name, _password(name), replace=True))
    typer.echo(f"Mot de passe de {name.strip().lower()} changé.")


@staff_app.command("disable")
def staff_disable(name: str = typer.Argument(..., help="nom du compte")) -> None:
    """Désactiver un compte (ses sessions ouvertes cessent aussitôt)."""
    from web.auth import disable_staff

    rt = _runtime(_settings())
    _account(lambda: disable_staff(rt.engine, name))
    typer.echo(f"Compte {name.strip().lower()} désactivé.")


@staff_app.command("list")
def staff_list() -> None:
    """Lister les comptes."""
    from web.auth import list_staff

    for a in list_staff(_runtime(_settings()).engine):
        how = "mot de passe" if a.password_hash else "authentification unique"
        typer.echo(f"{a.name} ({how}{', désactivé' if a.disabled else ''})")


@app.command()
def demo(data_dir: Path = typer.Option(Path("./var/demo"), "--data-dir", help="dossier de données de la démo")) -> None:
    """Démonstration sans boîte aux lettres : importe les courriers d'exemple fournis."""
    _setup_logging()
    from service.jobs import run_demo

    settings = _settings(data_dir=data_dir, database_url=None, smtp_host=None)
    rep = run_demo(_runtime(settings))
    mails = "courrier d’exemple importé" if rep.read <= 1 else "courriers d’exemple importés"
    typer.echo(f"Démo : {rep.read} {mails} depuis {rep.examples}.")
    for line in rep.dossiers:
        typer.echo(f"  {line}")
    typer.echo(f"Messages reçus : {rep.messages}.")
    typer.echo(f"Synthèse du {rep.digest.day} ({rep.digest.period}) : {rep.digest_path}")
    typer.echo(f"Export : {rep.export}")
    typer.echo(f"Réponses qui partiraient (la démo n’envoie rien) : {rep.outbox}")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
