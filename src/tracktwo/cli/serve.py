"""`tracktwo serve`, `tracktwo demo` and `tracktwo admin`: run the dialogue application."""

from __future__ import annotations

import getpass
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()
errors = Console(stderr=True)

admin = typer.Typer(help="Administer a dialogue store (organiser accounts).", no_args_is_help=True)

DEFAULT_DB = "tracktwo.db"


def _database_url(db: str) -> str:
    """A SQLAlchemy URL from --db: a URL as given, or a path to a SQLite file."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def _run(url: str, host: str, port: int, base_url: str, insecure_cookies: bool) -> None:
    import uvicorn

    from tracktwo.dialogue.errors import StoreError
    from tracktwo.dialogue.translation import TranslationError, settings_from_env
    from tracktwo.web.app import create_app
    from tracktwo.web.settings import WebSettings

    settings = WebSettings(
        database_url=url, base_url=base_url, secure_cookies=not insecure_cookies, recompute_in_process=True
    )
    secret = os.environ.get("TRACKTWO_SECRET_KEY")
    if secret:
        settings = replace(settings, secret_key=secret)
    try:
        settings = replace(settings, translator=settings_from_env(os.environ))
    except TranslationError as error:
        raise _fail(str(error)) from None
    try:
        application = create_app(settings)
    except StoreError as error:
        raise _fail(str(error)) from None
    uvicorn.run(application, host=host, port=port, log_level="info", proxy_headers=False)


HostOption = Annotated[str, typer.Option(help="Address to listen on (loopback by default).")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.")]
BaseUrlOption = Annotated[str, typer.Option(help="Public URL for invite links (default: as requested).")]
InsecureOption = Annotated[
    bool, typer.Option(help="Send cookies without the Secure flag (only for plain HTTP beyond localhost).")
]


def serve(
    db: Annotated[
        str, typer.Option(help="SQLite file or PostgreSQL URL (postgresql+psycopg://...).")
    ] = DEFAULT_DB,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    base_url: BaseUrlOption = "",
    insecure_cookies: InsecureOption = False,
) -> None:
    """Run the dialogue application."""
    _run(_database_url(db), host, port, base_url, insecure_cookies)


def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    db: Annotated[
        str | None, typer.Option(help="Where to keep the demo store (default: a fresh temp file).")
    ] = None,
) -> None:
    """Start the application with a simulated demo dialogue; print the URL and the organiser's login."""
    from tracktwo.dialogue.demo_seed import seed_demo
    from tracktwo.dialogue.errors import DialogueError
    from tracktwo.dialogue.store.database import open_database

    path = db or str(Path(tempfile.mkdtemp(prefix="tracktwo-demo-")) / "demo.db")
    url = _database_url(path)
    try:
        database = open_database(url)
        login = seed_demo(database)
    except DialogueError as error:
        raise _fail(f"{error} (use a fresh --db file for the demo)") from None
    database.dispose()
    address = f"http://{host}:{port}"
    console.print("[yellow]Simulated dialogue: the votes come from a seeded model, not from real people.[/]")
    console.print(f"Open          {address}/login")
    console.print(f"Organiser     {login.email}")
    console.print(f"Password      {login.password}")
    console.print(f"Dialogue      {address}/o/d/{login.slug}")
    for token in login.invite_tokens:
        console.print(f"Try an invite {address}/i/{token}")
    console.print(f"Store         {path}")
    _run(url, host, port, "", False)


@admin.command("create-organiser")
def create_organiser_command(
    email: Annotated[str, typer.Option(help="The organiser's email (their login).")],
    db: Annotated[str, typer.Option(help="SQLite file or PostgreSQL URL.")] = DEFAULT_DB,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password_env: Annotated[
        str | None, typer.Option(help="Read the password from this environment variable instead of a prompt.")
    ] = None,
) -> None:
    """Create an organiser account (password hashed with argon2)."""
    from tracktwo.dialogue.errors import DialogueError
    from tracktwo.dialogue.services.organisers import create_organiser
    from tracktwo.dialogue.store.database import open_database

    if password_env:
        password = os.environ.get(password_env, "")
        if not password:
            raise _fail(f"environment variable {password_env} is empty or unset")
    else:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat password: "):
            raise _fail("the passwords differ")
    try:
        database = open_database(_database_url(db))
        with database.session() as session:
            organiser = create_organiser(session, email, password, name)
    except DialogueError as error:
        raise _fail(str(error)) from None
    console.print(f"Organiser {organiser.email} created (id {organiser.id}).")
