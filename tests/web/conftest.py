"""Web fixtures: a built database, the app in-process, clients with and without accounts."""
from __future__ import annotations

import re
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from counterpoint.settings import Settings  # noqa: E402
from counterpoint.store.review import ReviewStore  # noqa: E402
from counterpoint.web import create_app  # noqa: E402
from tests.review_data import build  # noqa: E402

PASSWORD = "a long passphrase"


@pytest.fixture
def db_path(tmp_path) -> str:
    path = str(tmp_path / "web.db")
    build(path)
    return path


def make_client(app, **kw):
    """An in-process client that asks as a browser on this machine would: from 127.0.0.1, to http://127.0.0.1."""
    from fastapi.testclient import TestClient

    kw.setdefault("base_url", "http://127.0.0.1:8000")
    kw.setdefault("client", ("127.0.0.1", 50000))
    return TestClient(app, **kw)


def csrf_of(client, url="/login") -> str:
    html = client.get(url).text
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


@pytest.fixture
def app(db_path):
    return create_app(db_path, Settings.load(db=db_path))


@pytest.fixture
def client(app):
    """Single-user mode: no accounts, the test client counts as this machine."""
    return make_client(app)


@pytest.fixture
def accounts(db_path):
    review = ReviewStore(build.__globals__["Store"](db_path))
    for name, role in (("admin", "admin"), ("ana", "analyst"), ("vic", "viewer")):
        review.add_user(name, role, PASSWORD)
    return review


def login(app, name: str, password: str = PASSWORD):
    c = make_client(app)
    token = csrf_of(c)
    r = c.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/incidents"},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    c.headers["X-CSRF-Token"] = csrf_of(c, "/incidents")
    return c


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Argon2 with tiny costs: the tests check the flow, not the work factor."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("counterpoint.store.review._hasher", lambda: PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
