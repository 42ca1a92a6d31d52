"""`perthyn serve`, `perthyn demo` and `perthyn manage`: the web shell's commands."""

from __future__ import annotations

import importlib
import os

import click

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "perthyn-demo-2026"  # printed by `perthyn demo`; a demo install only
JOB_APPS = ["framework", "people", "estimate", "index", "outcomes", "funding", "publish"]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perthyn.web.settings")
    import django

    django.setup()


def _run_server(host: str, port: int, threads: int):
    setup_django()
    from waitress import serve as waitress_serve

    from perthyn.web.wsgi import application

    waitress_serve(application, host=host, port=port, threads=threads, ident="perthyn")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="Worker threads.")
def serve(host, port, threads):
    """Run the web app (waitress WSGI server) on HOST:PORT."""
    click.echo(f"Perthyn is running at http://{host}:{port}/  (Ctrl+C to stop)")
    _run_server(host, port, threads)


def seed_demo(echo=click.echo) -> None:
    """Migrate, then load bundled data and the demo organisation, account and content. Idempotent."""
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from perthyn.web.core.demo import seed as seed_core

    seed_core(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    for app in JOB_APPS:
        try:
            module = importlib.import_module(f"perthyn.web.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"perthyn.web.{app}.demo":
                continue
            raise
        echo(f"  loading demo content: {app}")
        module.seed()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Set up the demo and exit without starting the server.")
def demo(host, port, no_serve):
    """Set up the demo (database, bundled data, demo organisation and account) and start the server."""
    from pathlib import Path

    data_dir = Path(os.environ.get("PERTHYN_DATA_DIR", Path.cwd() / "var")).resolve()
    click.echo(f"Setting up the Perthyn demo (SQLite + DuckDB under {data_dir})...")
    seed_demo()
    click.echo("")
    click.echo(f"  Address:  http://{host}:{port}/")
    click.echo(f"  Sign in:  username '{DEMO_USERNAME}', password '{DEMO_PASSWORD}'")
    click.echo("  The demo's microdata are synthetic and labelled as such wherever shown.")
    click.echo("")
    if not no_serve:
        _run_server(host, port, 8)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args):
    """Run a Django management command (e.g. `perthyn manage migrate`)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["perthyn manage", *args])
