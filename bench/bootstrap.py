"""Point Django at the bench database before anything reads the settings.

The bench never uses the developer's ``DATABASE_URL``: it has its own database
(``BENCH_DATABASE_URL``, default ``cocreate_bench`` on the local PostgreSQL), so seeding a
million votes cannot land in the demo database by mistake.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cocreate_bench"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def bench_environ(url: str) -> dict[str, str]:
    """The environment of every bench process: the app's real middleware, no debug, no media."""
    return {
        "DJANGO_SETTINGS_MODULE": "cocreate.settings",
        "DATABASE_URL": url,
        "COCREATE_MODE": "demo",
        "DEBUG": "false",
        "SERVE_MEDIA": "false",
        "MEDIA_ROOT": str(RESULTS / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }


def setup_django(url: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.update(bench_environ(url))
    import django

    django.setup()


def _split(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit(f"The bench needs PostgreSQL, not {parts.scheme!r} ({url}).")
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Unexpected database name {name!r}.")
    return name, urlunsplit(parts._replace(path="/postgres"))


def ensure_database(url: str, *, reset: bool = False) -> bool:
    """Create the bench database if it is missing (drop it first with ``reset``).

    Returns True when the database was created by this call.
    """
    import psycopg

    name, maintenance_url = _split(url)
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        if reset:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    return True
