"""The workbench's CLI commands: serve (loopback rule), users add / token / list."""
from __future__ import annotations

import pytest

from counterpoint.store import Store
from counterpoint.store.review import ReviewStore


def test_commands_serve_refuses_public_host_without_accounts(cli, db):
    r = cli("serve", "--db", db, "--host", "0.0.0.0")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0].startswith("Error: --host 0.0.0.0 would expose the workbench without accounts")
    assert "users add" in r.stderr


def test_commands_users_add_with_password_stdin(cli, db):
    r = cli("users", "add", "ana", "--role", "analyst", "--password-stdin", "--db", db, input="a long passphrase\n")
    assert r.exit_code == 0, r.stderr
    assert ReviewStore(Store(db)).verify_password("ana", "a long passphrase")["role"] == "analyst"
    r = cli("users", "list", "--db", db)
    assert r.stdout.strip() == "ana\tanalyst"


@pytest.mark.parametrize("args,stdin,message", [
    (["--role", "boss"], "a long passphrase\n", "Error: role 'boss' is not one of viewer, analyst, admin"),
    (["--role", "viewer"], "short\n", "Error: a password needs at least 8 characters"),
])
def test_commands_users_add_errors(cli, db, args, stdin, message):
    r = cli("users", "add", "ana", *args, "--password-stdin", "--db", db, input=stdin)
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == message


def test_commands_users_token_prints_a_working_token(cli, db):
    cli("users", "add", "bot", "--role", "viewer", "--password-stdin", "--db", db, input="a long passphrase\n")
    r = cli("users", "token", "bot", "--db", db)
    token = r.stdout.strip()
    assert r.exit_code == 0 and token.startswith("cp_")
    assert ReviewStore(Store(db)).user_for_token(token)["name"] == "bot"
    r = cli("users", "token", "ghost", "--db", db)
    assert r.exit_code == 1 and r.stderr.startswith("Error: no user 'ghost'")


def test_commands_serve_allows_public_host_once_accounts_exist(cli, db, monkeypatch):
    cli("users", "add", "admin", "--role", "admin", "--password-stdin", "--db", db, input="a long passphrase\n")
    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, **kw: seen.update(host=host, port=port))
    r = cli("serve", "--db", db, "--host", "0.0.0.0", "--port", "8123")
    assert r.exit_code == 0 and seen == {"host": "0.0.0.0", "port": 8123}


def test_commands_serve_with_two_worker_processes_answers(db_path):
    """`serve --workers 2` starts its processes from the app factory and answers the API (each
    worker rebuilds the app from the environment `serve` sets)."""
    import json
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "counterpoint", "serve", "--db", db_path, "--port", str(port),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, answer = time.monotonic() + 90, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/incidents", timeout=5) as r:
                    answer = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.5)
        assert answer is not None, server.stderr.read().decode() if server.poll() is not None else "no answer in 90 s"
        assert answer["total"] >= 2 and answer["incidents"]
    finally:
        server.terminate()
        server.wait(timeout=30)
