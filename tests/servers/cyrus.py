"""A private Cyrus IMAP server on loopback, for interop tests (skipped when it cannot be had).

Debian's cyrus-imapd conflicts with dovecot-imapd, so it is never installed: its packages (and
the libraries Dovecot's machine lacks) are fetched with `apt-get download` and unpacked with
`dpkg-deb -x` into a cache directory the suite controls (FABRIQUE_TEST_CACHE, else
/var/tmp/fabrique-intake-tests), once; the binaries run from there with LD_LIBRARY_PATH.

One `master` per server, its own imapd.conf and cyrus.conf under a scratch directory owned by
`nobody` (`cyrus_user`), `imapd` on a free loopback port and `idled` for IDLE. Logins are not
checked (`sasl_pwcheck_method: alwaystrue`); `cyrus` is the administrator, who creates each
test's mailbox (`user.NAME`). The namespace is Cyrus's default, Courier's too: personal `INBOX.`,
other users `user.`, shared "".
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

PACKAGES = ("cyrus-imapd", "cyrus-common", "libxapian30", "libpcre3", "libical3")  # Debian 12
BINARIES = ("master", "imapd", "idled", "ctl_cyrusdb")


class CyrusUnavailable(RuntimeError):
    """Cyrus cannot be fetched or run here (tests skip, with this reason)."""


def cache_dir() -> Path:
    """Where the packages are unpacked: Cyrus runs as `nobody`, so every directory on the way must
    be world-traversable (a home directory is not)."""
    return Path(os.environ.get("FABRIQUE_TEST_CACHE") or "/var/tmp/fabrique-intake-tests") / "cyrus"


def _library_path(root: Path) -> str:
    return ":".join(str(root / d) for d in ("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu",
                                             "usr/lib/aarch64-linux-gnu", "lib/aarch64-linux-gnu"))


def _missing_libraries(root: Path) -> list[str]:
    env = dict(os.environ, LD_LIBRARY_PATH=_library_path(root))
    missing = set()
    for name in BINARIES:
        out = subprocess.run(["ldd", str(root / "usr/lib/cyrus/bin" / name)], capture_output=True, text=True,
                             env=env, timeout=30).stdout
        missing |= {line.split()[0] for line in out.splitlines() if "not found" in line}
    return sorted(missing)


def ensure_unpacked() -> Path:
    """The unpacked packages' root; fetched and unpacked on first use. Raises CyrusUnavailable."""
    root = cache_dir() / "root"
    if (root / "usr/lib/cyrus/bin/master").exists() and not _missing_libraries(root):
        return root
    for tool in ("apt-get", "dpkg-deb", "ldd"):
        if shutil.which(tool) is None:
            raise CyrusUnavailable(f"{tool} absent : Cyrus ne peut pas être téléchargé ici")
    cache_dir().mkdir(parents=True, exist_ok=True)
    for directory in (cache_dir().parent, cache_dir()):
        directory.chmod(0o755)
    with tempfile.TemporaryDirectory(dir=cache_dir()) as work:
        if not _download(work) and os.geteuid() == 0:  # package lists missing or stale: once more
            subprocess.run(["apt-get", "update"], capture_output=True, timeout=300)
            _download(work)
        debs = sorted(Path(work).glob("*.deb"))
        if not any(p.name.startswith("cyrus-imapd_") for p in debs):
            raise CyrusUnavailable("apt-get download cyrus-imapd a échoué (dépôt Debian injoignable ?)")
        unpacking = cache_dir() / "root.tmp"
        shutil.rmtree(unpacking, ignore_errors=True)
        for deb in debs:
            subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacking)], check=True, capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)
        unpacking.rename(root)
    missing = _missing_libraries(root)
    if missing:
        raise CyrusUnavailable(f"bibliothèques manquantes pour Cyrus : {', '.join(missing)}")
    return root


def _download(work: str) -> bool:
    done = subprocess.run(["apt-get", "download", *PACKAGES], cwd=work, capture_output=True, timeout=300)
    return done.returncode == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CyrusServer:
    host = "127.0.0.1"

    def __init__(self):
        self.bin = ensure_unpacked() / "usr/lib/cyrus/bin"
        self.root = Path(tempfile.mkdtemp(prefix="fabrique-cyrus-"))
        self.root.chmod(0o755)
        self.port = free_port()
        self.config = self.root / "imapd.conf"
        self.log_file = self.root / "master.log"
        self._process: subprocess.Popen | None = None
        self._users: set[str] = set()
        self._count = 0

    def _prepare(self) -> None:
        nobody = pwd.getpwnam("nobody")
        conf = self.root / "conf"
        for sub in ("conf/socket", "conf/proc", "conf/lock", "conf/db", "conf/log", "spool", "sieve"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.config.write_text(f"""\
configdirectory: {conf}
partition-default: {self.root}/spool
sievedir: {self.root}/sieve
admins: cyrus
sasl_pwcheck_method: alwaystrue
sasl_mech_list: PLAIN LOGIN
allowplaintext: yes
unixhierarchysep: no
altnamespace: no
idlesocket: {conf}/socket/idle
notifysocket: {conf}/socket/notify
lmtpsocket: {conf}/socket/lmtp
cyrus_user: nobody
syslog_prefix: fabrique-cyrus-test
""")
        (self.root / "cyrus.conf").write_text(f"""\
START {{
  recover cmd="{self.bin}/ctl_cyrusdb -C {self.config} -r"
}}
SERVICES {{
  imap cmd="{self.bin}/imapd -C {self.config}" listen="{self.host}:{self.port}" prefork=0
}}
DAEMON {{
  idled cmd="{self.bin}/idled -C {self.config}"
}}
""")
        for path in [self.root, *self.root.rglob("*")]:
            os.chown(path, nobody.pw_uid, nobody.pw_gid)

    def start(self, timeout: float = 15.0) -> "CyrusServer":
        self._prepare()
        env = dict(os.environ, LD_LIBRARY_PATH=_library_path(self.bin.parents[3]))
        with open(self.log_file, "ab") as out:
            self._process = subprocess.Popen(
                [str(self.bin / "master"), "-C", str(self.config), "-M", str(self.root / "cyrus.conf"),
                 "-p", str(self.root / "master.pid")],
                stdout=out, stderr=out, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise CyrusUnavailable(f"cyrus master stopped at once (rc={self._process.returncode}): "
                                       f"{self.log_file.read_text(errors='replace')[-500:]}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5) as s:
                    s.settimeout(2)
                    if s.recv(200).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise CyrusUnavailable(f"cyrus did not listen on {self.port}")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM to master's process group (imapd and idled with it), SIGKILL if it lingers."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # --- helpers for tests -------------------------------------------------------
    def client(self, user: str):
        from imapclient import IMAPClient

        c = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        c._imap.debug = 0
        c.login(user, "secret")
        return c

    def admin(self):
        return self.client("cyrus")

    def add_user(self) -> tuple[str, str]:
        """A new mailbox `user.NAME` created by the administrator; returns (login, password)."""
        self._count += 1
        name = f"candidat{self._count:03d}"
        with self.admin() as a:
            a.create_folder(f"user.{name}")
        return name, "secret"
