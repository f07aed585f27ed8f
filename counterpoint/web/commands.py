"""CLI commands for the workbench: `serve` and `users add|token|list`; registered on the main Typer app."""
from __future__ import annotations

import ipaddress
import sys
from typing import Optional

import typer

from ..errors import CounterpointError, SettingsError

users_app = typer.Typer(help="Accounts for the workbench: add users, make API tokens.", no_args_is_help=True)
DbOption = typer.Option(None, "--db", envvar="COUNTERPOINT_DB",
                        help="SQLite path or postgresql:// URL [default: ./counterpoint.db]")


def _fail(exc: CounterpointError) -> None:
    typer.echo(f"Error: {exc}", err=True)
    if exc.hint:
        typer.echo(f"Hint: {exc.hint}", err=True)
    raise typer.Exit(1)


def _review(db: Optional[str]):
    from ..settings import Settings
    from ..store import Store
    from ..store.review import ReviewStore

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
          port: int = typer.Option(8000, "--port", help="Port to listen on")):
    """Start the analyst workbench (http://127.0.0.1:8000 by default)."""
    try:
        settings, review = _review(db)
        if not review.has_users() and not loopback_host(host):
            raise SettingsError(f"--host {host} would expose the workbench without accounts (single-user mode "
                                "listens only on loopback)",
                                hint="Add an account first: counterpoint users add NAME --role admin --password-stdin")
        from . import create_app

        app = create_app(settings.db, settings)
    except CounterpointError as exc:
        _fail(exc)
    import uvicorn

    mode = "accounts" if review.has_users() else "single-user mode (no accounts)"
    typer.echo(f"Counterpoint workbench on http://{host}:{port} — {mode}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


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
def users_token(name: str = typer.Argument(..., help="User name"), db: Optional[str] = DbOption):
    """Make an API token (printed once on standard output; send it as Authorization: Bearer TOKEN)."""
    try:
        _, review = _review(db)
        token = review.create_token(name)
    except CounterpointError as exc:
        _fail(exc)
    typer.echo(token)


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
