"""CLI commands for the workbench: `serve` and `users add|list|token|tokens|revoke`; registered on the main Typer app.

Outside the `web` package so that the other commands (`analyze`, `ingest`) do not import FastAPI
and the store when the command line starts."""
from __future__ import annotations

import ipaddress
import os
import sys
from typing import Optional

import typer

from .errors import CounterpointError, SettingsError

SERVE_PORT = "COUNTERPOINT_SERVE_PORT"  # the port `serve` listens on, for its worker processes
users_app = typer.Typer(help="Accounts for the workbench: add users, make, list and revoke API tokens.", no_args_is_help=True)
DbOption = typer.Option(None, "--db", envvar="COUNTERPOINT_DB",
                        help="SQLite path or postgresql:// URL [default: ./counterpoint.db]")


def _fail(exc: CounterpointError) -> None:
    typer.echo(f"Error: {exc}", err=True)
    if exc.hint:
        typer.echo(f"Hint: {exc.hint}", err=True)
    raise typer.Exit(1)


def _review(db: Optional[str]):
    from .settings import Settings
    from .store import Store
    from .store.review import ReviewStore

    settings = Settings.load(db=db)
    return settings, ReviewStore(Store(settings.db))


def loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(db: Optional[str] = DbOption,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on"),
          port: int = typer.Option(8000, "--port", help="Port to listen on"),
          allowed_host: list[str] = typer.Option([], "--allowed-host", help="A host name, besides 127.0.0.1 and "
                                                 "localhost, that browsers may use for the workbench (repeatable; "
                                                 "adds to COUNTERPOINT_ALLOWED_HOSTS)"),
          workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes: more serve more "
                                      "analysts at once (one per core; each keeps its own cache)")):
    """Start the analyst workbench (http://127.0.0.1:8000 by default)."""
    try:
        settings, review = _review(db)
        if allowed_host:
            settings = settings.with_(allowed_hosts=",".join([settings.allowed_hosts, *allowed_host]).strip(","))
            settings.validate()
        if not review.has_users() and not loopback_host(host):
            raise SettingsError(f"--host {host} would expose the workbench without accounts (single-user mode "
                                "listens only on loopback)",
                                hint="Add an account first: counterpoint users add NAME --role admin --password-stdin")
        from .web import create_app

        app = create_app(settings.db, settings, port=port)
    except CounterpointError as exc:
        _fail(exc)
    import uvicorn

    mode = "accounts" if review.has_users() else "single-user mode (no accounts)"
    typer.echo(f"Counterpoint workbench on http://{host}:{port} — {mode}"
               + (f", {workers} processes" if workers > 1 else ""), err=True)
    # the app reads X-Forwarded-For itself, and only from COUNTERPOINT_TRUSTED_PROXIES
    options = dict(host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
    if workers == 1:
        uvicorn.run(app, **options)
        return
    # Several processes (uvicorn starts them fresh): each builds its own app from what this
    # command decided, passed by environment. They share the store, its sessions and the CSRF key.
    os.environ.update({"COUNTERPOINT_DB": settings.db, "COUNTERPOINT_ALLOWED_HOSTS": settings.allowed_hosts,
                       SERVE_PORT: str(port)})
    uvicorn.run("counterpoint.web:app_from_environment", factory=True, workers=workers, **options)


@users_app.command("add")
def users_add(name: str = typer.Argument(..., help="User name"),
              role: str = typer.Option(..., "--role", help="viewer, analyst or admin"),
              password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input"),
              db: Optional[str] = DbOption):
    """Add an account. Once one exists, the workbench needs a login."""
    try:
        _, review = _review(db)
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
        review.add_user(name, role, password)
    except CounterpointError as exc:
        _fail(exc)
    typer.echo(f"user {name} added ({role})", err=True)


@users_app.command("token")
def users_token(name: str = typer.Argument(..., help="User name"),
                expires_days: Optional[int] = typer.Option(None, "--expires-days", help="Valid for N days "
                                                           "[default: until revoked]"),
                db: Optional[str] = DbOption):
    """Make an API token (printed once on standard output; send it as Authorization: Bearer TOKEN)."""
    try:
        _, review = _review(db)
        token = review.create_token(name, expires_days)
    except CounterpointError as exc:
        _fail(exc)
    typer.echo(token)


def _when(value) -> str:
    return value.isoformat(timespec="seconds") if value else "never"


@users_app.command("tokens")
def users_tokens(name: str = typer.Argument(..., help="User name"), db: Optional[str] = DbOption):
    """List a user's API tokens: id, created, expires, last used (times in UTC; the tokens themselves are never shown)."""
    from .store.accounts import Accounts

    try:
        _, review = _review(db)
        rows = Accounts(review.store).tokens(name)
    except CounterpointError as exc:
        _fail(exc)
    typer.echo("id\tcreated\texpires\tlast used")
    for r in rows:
        typer.echo(f"{r['id']}\t{_when(r['created'])}\t{_when(r['expires'])}\t{_when(r['last_used'])}")


@users_app.command("revoke")
def users_revoke(token_id: str = typer.Argument(..., help="Token id, from `counterpoint users tokens NAME`"),
                 db: Optional[str] = DbOption):
    """Revoke one API token: requests that send it are refused from now on."""
    from .store.accounts import Accounts

    try:
        if not token_id.isdigit() or len(token_id) > 18:
            raise SettingsError(f"token id {token_id!r} is not a number",
                                hint="Token ids are the first column of: counterpoint users tokens NAME")
        _, review = _review(db)
        Accounts(review.store).revoke_token(int(token_id))
    except CounterpointError as exc:
        _fail(exc)
    typer.echo(f"token {token_id} revoked", err=True)


@users_app.command("list")
def users_list(db: Optional[str] = DbOption):
    """List accounts and their roles."""
    try:
        _, review = _review(db)
    except CounterpointError as exc:
        _fail(exc)
    for u in review.users():
        typer.echo(f"{u['name']}\t{u['role']}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
