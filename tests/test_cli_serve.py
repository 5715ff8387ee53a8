"""``frontdesk serve`` from the command line: what it refuses before it listens,
and the network-filesystem refusal as every command shows it.

The served page in a real browser is tests/test_browser.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from frontdesk.serve import safety
from frontdesk.store.core import mounts

from cli_support import as_admin, one_line, run

pytestmark = pytest.mark.usefixtures("clean_environment")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the mount table is read on Linux")
def test_a_database_on_a_share_is_refused_with_exit_8(db, tmp_path, monkeypatch):
    table = tmp_path / "mountinfo"
    folder = Path(db).parent.resolve()
    table.write_text(f"27 1 254:0 / / rw - ext4 /dev/vda rw\n88 27 0:51 / {folder} rw - cifs //fs/office rw\n")
    monkeypatch.setattr(mounts, "MOUNTINFO", table)
    result = run("--lang", "en", "--db", db, "visit", "list", env=as_admin())
    assert result.exit_code == 8
    line = one_line(result)
    assert "network filesystem (cifs: //fs/office)" in line and "frontdesk serve" in line


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "frontdesk.office.lan"])
def test_serving_beyond_this_host_needs_tls(db, host):
    result = run("--lang", "en", "--db", db, "serve", "--host", host)
    assert result.exit_code == 1
    assert "needs encryption" in one_line(result) and "--tls-cert" in one_line(result)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_nothing(host):
    assert safety.listening_mode(host, tls=False, insecure_http=False) == safety.LOOPBACK


def test_a_certificate_and_its_key_go_together(db, tmp_path):
    cert = tmp_path / "office.crt"
    cert.write_text("x")
    result = run("--lang", "en", "--db", db, "serve", "--host", "0.0.0.0", "--tls-cert", str(cert))
    assert result.exit_code == 2 and "--tls-key" in result.stderr


def test_a_bad_certificate_is_one_line(db, tmp_path):
    cert, key = tmp_path / "office.crt", tmp_path / "office.key"
    cert.write_text("not a certificate")
    key.write_text("not a key")
    result = run("--lang", "en", "--db", db, "serve", "--host", "0.0.0.0", "--tls-cert", str(cert),
                 "--tls-key", str(key))
    assert result.exit_code == 1
    assert one_line(result).startswith(f"cannot use the certificate {cert} and key {key}")


def test_a_database_is_never_made_by_serving(tmp_path):
    missing = tmp_path / "none.db"
    result = run("--lang", "en", "--db", str(missing), "serve")
    assert result.exit_code == 3 and "frontdesk init" in one_line(result)
    assert not missing.exists()


def test_insecure_http_and_root_are_warned_and_each_tab_runs_frontdesk_on_the_same_database(db, monkeypatch):
    from frontdesk.serve import server

    started = {}

    def serve(self) -> None:  # instead of listening
        started.update(argv=self.argv, mode=self.mode, host=self.host, sessions=self.max_sessions)

    monkeypatch.setattr(server.OfficeServer, "serve", serve)
    monkeypatch.setattr(server, "running_as_root", lambda: True)
    result = run("--lang", "en", "--db", db, "serve", "--host", "0.0.0.0", "--insecure-http", "--max-sessions", "4")
    assert result.exit_code == 0, result.output
    assert "warning: running as root" in result.stderr and "warning: not encrypted" in result.stderr
    assert started["mode"] == safety.INSECURE and started["sessions"] == 4
    argv = started["argv"]
    assert argv[0] == sys.executable and argv[1:3] == ["-m", "frontdesk"]
    assert argv[argv.index("--db") + 1] == str(Path(db).absolute()) and argv[argv.index("--lang") + 1] == "en"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")
def test_with_the_offices_certificate_the_page_is_served_over_https(db, tmp_path):
    import os
    import signal
    import socket
    import ssl
    import subprocess
    import time
    import urllib.request

    from cli_support import VENV_BIN

    cert, key = tmp_path / "office.crt", tmp_path / "office.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=frontdesk.test",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "FRONTDESK_LANG": "en"}
    env.pop("FRONTDESK_PASSWORD", None)
    server = subprocess.Popen(
        [str(VENV_BIN / "frontdesk"), "--db", db, "serve", "--port", str(port), "--tls-cert", str(cert),
         "--tls-key", str(key)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    trusted = ssl.create_default_context(cafile=str(cert))
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=trusted))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with direct.open(f"https://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200 and "textual.js" in page.read().decode()
                break
            except (ConnectionError, urllib.error.URLError):
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        with pytest.raises((urllib.error.URLError, ConnectionError)):  # no plain http beside it
            direct.open(f"http://127.0.0.1:{port}/", timeout=5)
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert f"https://127.0.0.1:{port}/" in output
