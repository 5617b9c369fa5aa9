"""Real sandbox responses validate against PortOne's official V1 schema (read from ../shared).

The file is Swagger 2.0, so before validating (FACTS.md §9): numeric bounds written as strings
become numbers, every property not in ``required`` may be null (the live API sends null for
optional fields), and ``#/definitions/...`` refs resolve inside one root schema.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from recon_app.domain.timeutil import KST
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

NUMERIC_KEYWORDS = (
    "maximum",
    "minimum",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
)
DAY = 86_400


def to_json_schema(node: Any) -> Any:
    """Swagger 2.0 definition → JSON Schema as the live API behaves (see module docstring)."""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-"):
            continue
        if key in NUMERIC_KEYWORDS and isinstance(value, str):
            value = float(value) if "." in value else int(value)
        out[key] = to_json_schema(value) if key not in ("required", "enum") else value
    if isinstance(out.get("properties"), dict):
        required = set(out.get("required", ()))
        out["properties"] = {
            name: prop if name in required else {"anyOf": [prop, {"type": "null"}]}
            for name, prop in out["properties"].items()
        }
    return out


SPEC = Path(__file__).resolve().parents[3] / "shared" / "portone" / "v1.openapi.subset.json"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    # Module scope (the root `shared_dir` fixture is per test); same ../shared location.
    if not SPEC.is_file():
        pytest.fail(f"official V1 schema not found at {SPEC} (../shared beside the checkout)")
    return json.loads(SPEC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validators(spec: dict[str, Any]) -> dict[str, jsonschema.Draft7Validator]:
    definitions = to_json_schema(spec["definitions"])
    made = {}
    for name in definitions:
        schema = {"$ref": f"#/definitions/{name}", "definitions": definitions}
        jsonschema.Draft7Validator.check_schema(schema)
        made[name] = jsonschema.Draft7Validator(schema)
    return made


def check(validators: dict[str, jsonschema.Draft7Validator], name: str, instance: Any) -> None:
    errors = sorted(validators[name].iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, f"{name}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_converted_schema_is_strict_where_it_should_be(
    validators: dict[str, jsonschema.Draft7Validator],
) -> None:
    """The conversion must not make the schema accept anything (else the tests below prove nothing)."""
    payment = SandboxStore.demo().payments()[0]
    check(validators, "PaymentAnnotation", payment)
    for broken in (
        {"amount": "1000"},
        {"imp_uid": None},
        {"buyer_name": "가" * 17},
        {"started_at": 1.5},
        {"cancel_history": [{"amount": 1}]},
        {"sandbox": "false"},
    ):
        bad = {**copy.deepcopy(payment), **broken}
        assert list(validators["PaymentAnnotation"].iter_errors(bad)), broken
    missing = {k: v for k, v in payment.items() if k != "currency"}
    assert list(validators["PaymentAnnotation"].iter_errors(missing))


def test_payments_carry_every_schema_field(spec: dict[str, Any]) -> None:
    fields = set(spec["definitions"]["PaymentAnnotation"]["properties"])
    cancel_fields = set(spec["definitions"]["PaymentCancelAnnotation"]["properties"])
    for p in SandboxStore.demo().payments():
        assert set(p) == fields
        for entry in p["cancel_history"]:
            assert set(entry) == cancel_fields


@pytest.fixture(scope="module")
def demo_server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxStore.demo()) as server:
        yield server


@pytest.fixture(scope="module")
def demo_client(demo_server: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo_server.base_url, timeout=10, verify=False) as c:
        yield c


@pytest.fixture(scope="module")
def demo_auth(demo_server: SandboxServer, demo_client: httpx.Client, validators) -> dict[str, str]:  # type: ignore[no-untyped-def]
    r = demo_client.post(
        "/users/getToken",
        json={"imp_key": demo_server.imp_key, "imp_secret": demo_server.imp_secret},
    )
    assert r.status_code == 200
    check(validators, "AuthResponse", r.json())
    return {"Authorization": f"Bearer {r.json()['response']['access_token']}"}


def windows() -> list[dict[str, int]]:
    from datetime import datetime

    start = int(datetime(2026, 9, 1, tzinfo=KST).timestamp())
    return [
        {"from": start, "to": start + 60 * DAY - 1},
        {"from": start + 60 * DAY, "to": start + 120 * DAY},
    ]


def test_every_demo_payment_validates_as_served(
    demo_server, demo_client, demo_auth, validators
) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, dict] = {}
    for window in windows():
        page = 1
        while True:
            r = demo_client.get(
                "/payments/status/all",
                params={**window, "limit": 50, "page": page},
                headers=demo_auth,
            )
            assert r.status_code == 200
            body = r.json()
            check(validators, "PaymentListResponse", body)
            for p in body["response"]["list"]:
                check(validators, "PaymentAnnotation", p)
                seen[p["imp_uid"]] = p
            if body["response"]["next"] == 0:
                break
            page = body["response"]["next"]
    assert len(seen) == len(demo_server.store)  # each payment once, by its current status time


def test_generated_payments_validate(validators) -> None:  # type: ignore[no-untyped-def]
    """One of each (PG, method, status, cancelled-or-not) the generator makes (validating all
    3000 would take ~15 s; the kinds are what differ)."""
    kinds: dict[tuple, dict] = {}
    for p in SandboxStore.generate(3000, seed=21).payments():
        kinds.setdefault(
            (p["pg_provider"], p["pay_method"], p["status"], p["cancel_amount"] > 0), p
        )
    assert len(kinds) > 40
    for p in kinds.values():
        check(validators, "PaymentAnnotation", p)


def test_every_envelope_type_validates(demo_server, demo_client, demo_auth, validators) -> None:  # type: ignore[no-untyped-def]
    store = demo_server.store
    some = store.payments()[:3]
    one = demo_client.get(f"/payments/{some[0]['imp_uid']}", headers=demo_auth)
    check(validators, "PaymentResponse", one.json())
    found = demo_client.get(f"/payments/find/{some[1]['merchant_uid']}", headers=demo_auth)
    check(validators, "PaymentResponse", found.json())
    many = demo_client.get(
        "/payments", params={"imp_uid[]": [p["imp_uid"] for p in some]}, headers=demo_auth
    )
    assert many.status_code == 200
    check(validators, "MultiplePaymentsResponse", many.json())
    partial = demo_client.get(
        "/payments", params={"imp_uid[]": [some[0]["imp_uid"], "imp_missing"]}, headers=demo_auth
    )
    assert partial.status_code == 207
    check(validators, "MultiplePaymentsResponse", partial.json())
    every = demo_client.get(f"/payments/findAll/{some[2]['merchant_uid']}", headers=demo_auth)
    check(validators, "PaymentListResponse", every.json())
    errors = [
        demo_client.get(f"/payments/{some[0]['imp_uid']}"),  # 401
        demo_client.get("/payments/imp_missing", headers=demo_auth),  # 404
        demo_client.get("/payments/status/bogus", headers=demo_auth),  # 400
        demo_client.post("/users/getToken", json={"imp_key": "x", "imp_secret": "y"}),  # 401
    ]
    demo_server.faults.rate_limit(1)
    errors.append(demo_client.get("/payments/status/all", headers=demo_auth))  # 429
    assert [r.status_code for r in errors] == [401, 404, 400, 401, 429]
    for r in errors:
        check(validators, "ResponseAnnotation", r.json())
        assert r.json()["response"] is None
