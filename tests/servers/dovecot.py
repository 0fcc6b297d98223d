"""A private Dovecot IMAP server on loopback, for integration tests.

Facts it relies on (shared/notes/dovecot.md): one config file given to `dovecot -c`,
everything under a scratch directory whose parents are world-traversable, mail owned by
`nobody` (Dovecot refuses mail access as root), output sent to a file (never captured),
stopped through base_dir/master.pid.

Options:
- `keywords=False`: PERMANENTFLAGS lack `\\*`. Dovecot has no setting for that on its own
  storage (`disallow_new_keywords` is only set by the imapc backend, and
  `mail_max_keyword_length` only refuses long keywords), but the ACL plugin drops keywords
  from PERMANENTFLAGS when the user lacks the `w` right (acl-mailbox.c, acl_get_status): a
  global ACL file `* owner lrsitekxpea` gives `PERMANENTFLAGS (\\Deleted \\Seen)` and
  STORE +FLAGS keyword is silently ignored.
- `sent_folder_name`: the folder created with `special_use = \\Sent`; None: no special-use folder.
- `acl`: the lines of a global ACL file (`pattern identifier rights`), e.g. `Traites owner lr` to
  refuse MOVE into Traites with `NO [NOPERM]`; Dovecot reads the file again when it changes
  (`acl_cache_secs = 0`).
- `namespace_prefix`, `separator`: the personal namespace, e.g. `INBOX.` and `.` as on Courier.
- `public_prefix`: a public namespace (other people's folders, listed with ours), e.g. `Public.`.
- `extra_config`: lines appended to dovecot.conf (e.g. `mail_max_keyword_length = 8`: a STORE of
  a longer keyword is refused with `NO [CANNOT]` while PERMANENTFLAGS lists `\\*`); `reload()`
  applies a changed `extra_config` to new sessions.
- `tls=True`: a self-signed certificate for 127.0.0.1 (`cert_file`), imaps on `tls_port`,
  STARTTLS on `port`.
- `oauth2_introspection_url`: XOAUTH2 and OAUTHBEARER are checked by Dovecot's oauth2 passdb
  instead, which POSTs `token=...` to that URL (RFC 7662 introspection, `introspection_mode =
  post`) and accepts the login when the answer has `"active": true` and `"username"` equal to
  the login; the passwd-file passdb then serves PLAIN and LOGIN only.
XOAUTH2 is offered: without that option the passwd-file passdb checks the token as the password.
The anvil auth penalty is off, so a test's failed login does not slow down the next ones.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"


class DovecotUnavailable(RuntimeError):
    """Dovecot is not installed and cannot be installed here (tests skip)."""


def ensure_installed() -> None:
    """Install dovecot-imapd when missing and running as root; else raise DovecotUnavailable."""
    if os.path.exists(DOVECOT):
        return
    if os.geteuid() != 0:
        raise DovecotUnavailable(f"{DOVECOT} missing and not root: apt-get install dovecot-imapd")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with open(os.devnull, "wb") as null:
        rc = subprocess.call(["apt-get", "install", "-y", "--no-install-recommends", "dovecot-imapd"],
                             stdout=null, stderr=null, env=env)
    if rc != 0 or not os.path.exists(DOVECOT):
        raise DovecotUnavailable("apt-get install dovecot-imapd failed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _descendants(pid: int) -> list[int]:
    """Processes started, directly or not, by `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        found += children
        frontier += children
    return found


class DovecotServer:
    """One Dovecot instance; `start()`, `stop()`, `start()` again keeps port and mail."""

    host = "127.0.0.1"

    def __init__(self, *, keywords: bool = True, sent_folder_name: str | None = "Sent",
                 tls: bool = False, root: Path | None = None, pool_size: int = 200,
                 oauth2_introspection_url: str | None = None, acl: str | None = None,
                 namespace_prefix: str = "", separator: str = "/", public_prefix: str | None = None,
                 extra_config: str = ""):
        self.keywords = keywords
        self.acl = acl
        self.namespace_prefix, self.separator, self.public_prefix = namespace_prefix, separator, public_prefix
        self.extra_config = extra_config
        self.oauth2_introspection_url = oauth2_introspection_url
        self.sent_folder_name = sent_folder_name
        self.tls = tls
        self._own_root = root is None
        self.root = Path(root or tempfile.mkdtemp(prefix="fabrique-dovecot-"))
        self.root.chmod(0o755)  # auth/login processes must traverse it
        self.port = free_port()  # plaintext, and STARTTLS when tls=True
        self.tls_port = free_port() if tls else 0  # implicit TLS (imaps)
        self.cert_file = self.root / "cert.pem"  # self-signed for 127.0.0.1 (tls=True)
        self.config = self.root / "dovecot.conf"
        self.users_file = self.root / "users"
        self.log_file = self.root / "dovecot.log"
        self.mail_dir = self.root / "mail"
        self._pool = [f"user{i:03d}" for i in range(1, pool_size + 1)]
        self._users = {name: f"pw-{name}" for name in self._pool}
        self._prepare()

    # --- set-up ------------------------------------------------------------------
    def _prepare(self) -> None:
        nobody = pwd.getpwnam("nobody")
        self.uid, self.gid = nobody.pw_uid, nobody.pw_gid
        for sub in ("run", "state", "mail", "home"):
            (self.root / sub).mkdir(exist_ok=True)
        for sub in ("mail", "home"):
            os.chown(self.root / sub, self.uid, self.gid)
        self._write_users()
        acl = ""
        rules = self.acl
        if not self.keywords:
            # every right but `w`: keywords cannot be stored, \\Seen and \\Deleted can.
            rules = "* owner lrsitekxpea\n" + (rules or "")
        if rules is not None:
            acl_file = self.root / "global-acl"
            acl_file.write_text(rules if rules.endswith("\n") else rules + "\n")
            acl_file.chmod(0o644)
            acl = (f"mail_plugins = $mail_plugins acl\n"
                   f"plugin {{\n  acl = vfile:{acl_file}\n  acl_cache_secs = 0\n}}\n")
        ssl_conf = "ssl = no"
        if self.tls:
            self._make_certificate()
            ssl_conf = f"ssl = yes\nssl_cert = <{self.cert_file}\nssl_key = <{self.root / 'key.pem'}"
        mechanisms, oauth2_passdb, password_mechanisms = "plain login xoauth2", "", ""
        if self.oauth2_introspection_url:
            oauth2_file = self.root / "dovecot-oauth2.conf.ext"
            oauth2_file.write_text(f"""\
introspection_mode = post
introspection_url = {self.oauth2_introspection_url}
username_attribute = username
active_attribute = active
active_value = true
""")
            oauth2_file.chmod(0o644)
            mechanisms = "plain login xoauth2 oauthbearer"
            oauth2_passdb = (f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n"
                             f"  args = {oauth2_file}\n}}\n")
            password_mechanisms = "  mechanisms = plain login\n"
        sent_box = ""
        if self.sent_folder_name is not None:
            sent = self.sent_folder_name.replace("\\", "\\\\").replace('"', '\\"')
            sent_box = f'  mailbox "{sent}" {{\n    special_use = \\Sent\n    auto = subscribe\n  }}\n'
        public = ""
        if self.public_prefix is not None:
            (self.root / "public").mkdir(exist_ok=True)
            os.chown(self.root / "public", self.uid, self.gid)
            public = (f"namespace public {{\n  type = public\n  separator = {self.separator}\n"
                      f"  prefix = {self.public_prefix}\n  location = maildir:{self.root}/public\n"
                      f"  list = yes\n  subscriptions = no\n}}\n")
        self.config.write_text(f"""\
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.log_file}
info_log_path = {self.log_file}
listen = {self.host}
protocols = imap
{ssl_conf}
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
auth_failure_delay = 0
mail_location = maildir:{self.mail_dir}/%u
first_valid_uid = {self.uid}
{oauth2_passdb}passdb {{
  driver = passwd-file
{password_mechanisms}  args = scheme=PLAIN username_format=%u {self.users_file}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.users_file}
}}
namespace inbox {{
  inbox = yes
  separator = {self.separator}
  prefix = {self.namespace_prefix}
{sent_box}  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
}}
{public}{acl}service imap-login {{
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  inet_listener imaps {{
    address = {self.host}
    port = {self.tls_port}
  }}
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
{self.extra_config}
""")

    def _make_certificate(self) -> None:
        if shutil.which("openssl") is None:
            raise DovecotUnavailable("openssl missing: cannot make the test certificate")
        with open(self.log_file, "ab") as out:
            subprocess.check_call(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                 "-subj", f"/CN={self.host}", "-addext", f"subjectAltName=IP:{self.host}",
                 "-keyout", str(self.root / "key.pem"), "-out", str(self.cert_file)],
                stdout=out, stderr=out, stdin=subprocess.DEVNULL)

    def add_user(self, name: str | None = None, password: str = "secret") -> tuple[str, str]:
        """A user of its own (an empty mailbox); returns (login, password).

        Users come from a pool written before start: Dovecot re-reads the passwd-file at most
        once a second, so a user added while it runs may be refused for a moment.
        """
        if name is None:
            if not self._pool:
                raise RuntimeError("DovecotServer: user pool exhausted (raise pool_size)")
            name = self._pool.pop(0)
            return name, self._users[name]
        self._users[name] = password
        self._write_users()
        time.sleep(1.1)
        return name, password

    def _write_users(self) -> None:
        for user in self._users:
            home = self.root / "home" / user
            if not home.exists():
                home.mkdir()
                os.chown(home, self.uid, self.gid)
        lines = [f"{u}:{{PLAIN}}{p}:{self.uid}:{self.gid}::{self.root}/home/{u}::"
                 for u, p in self._users.items()]
        tmp = self.users_file.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n")
        tmp.chmod(0o644)
        os.replace(tmp, self.users_file)

    # --- life cycle --------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        try:
            return int((self.root / "run" / "master.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def start(self, timeout: float = 10.0) -> None:
        ensure_installed()
        with open(self.log_file, "ab") as out:  # never capture: the daemon keeps its stdout
            rc = subprocess.call([DOVECOT, "-c", str(self.config)], stdout=out, stderr=out,
                                 stdin=subprocess.DEVNULL)
        if rc != 0:
            raise RuntimeError(f"dovecot failed to start (rc={rc}): {self.log_tail()}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5) as s:
                    s.settimeout(2)
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not listen on {self.port}: {self.log_tail()}")

    def reload(self, extra_config: str | None = None) -> None:
        """Write the configuration again (with `extra_config` when given) and have the running
        master read it (SIGHUP): sessions opened afterwards follow it."""
        if extra_config is not None:
            self.extra_config = extra_config
            self._prepare()
        pid = self.pid
        if pid is None:
            raise RuntimeError("dovecot is not running")
        os.kill(pid, signal.SIGHUP)
        time.sleep(0.3)

    def logins(self, user: str) -> int:
        """How many IMAP logins of `user` the log shows."""
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return 0
        return text.count(f"Login: user=<{user}>")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the master and every process it started (imap sessions outlive it otherwise)."""
        pid = self.pid
        if pid is None or not _alive(pid):
            return
        family = _descendants(pid)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        for child in [pid] + family:
            if _alive(child):
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def cleanup(self) -> None:
        self.stop()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def __enter__(self) -> "DovecotServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()

    # --- helpers for tests -------------------------------------------------------
    def client(self, user: str, password: str | None = None):
        """A logged-in IMAPClient (plaintext, loopback) for arranging and checking tests."""
        from imapclient import IMAPClient

        c = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        c._imap.debug = 0
        c.login(user, password or self._users[user])
        return c
