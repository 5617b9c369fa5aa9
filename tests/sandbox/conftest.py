"""Fixtures for the sandbox tests: a small store with known payments, a live server, a client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_data import build_store

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore


@pytest.fixture
def store() -> SandboxStore:
    return build_store()


@pytest.fixture
def server(store: SandboxStore) -> Iterator[SandboxServer]:
    with SandboxServer(store) as srv:
        yield srv


@pytest.fixture
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    # verify=False: plain http on loopback, and it skips loading the CA bundle (~0.1 s a client).
    with httpx.Client(base_url=server.base_url, timeout=10, verify=False) as c:
        yield c


@pytest.fixture
def token(server: SandboxServer, client: httpx.Client) -> str:
    r = client.post(
        "/users/getToken", json={"imp_key": server.imp_key, "imp_secret": server.imp_secret}
    )
    assert r.status_code == 200
    return r.json()["response"]["access_token"]


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
