"""The sandbox's V2 responses validate against PortOne's official V2 schema (../shared, read at
test time and never copied into the project), served over real HTTP.

OpenAPI 3 → JSON Schema: the schema's ``oneOf`` branches are told apart only by a
``discriminator`` (``status`` of a Payment, ``type`` of a method), which JSON Schema ignores;
each branch gets a ``const`` for its discriminator value so that exactly one branch matches.
Objects are made closed (``additionalProperties: false``) so that a misspelt key fails, and
``date-time`` strings are checked as RFC 3339 with an offset.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

SPEC = Path(__file__).resolve().parents[3] / "shared" / "portone" / "v2.openapi.subset.json"


def _closed(schema: Any) -> Any:
    if isinstance(schema, dict):
        out = {k: _closed(v) for k, v in schema.items()}
        if out.get("type") == "object" and "properties" in out:
            out.setdefault("additionalProperties", False)
        return out
    if isinstance(schema, list):
        return [_closed(v) for v in schema]
    return schema


def to_json_schema(components: dict[str, Any]) -> dict[str, Any]:
    schemas = _closed(copy.deepcopy(components["schemas"]))
    for schema in list(schemas.values()):
        disc = schema.get("discriminator")
        if not disc:
            continue
        prop = disc["propertyName"]
        for value, ref in disc["mapping"].items():
            target = schemas[ref.rsplit("/", 1)[-1]]
            target.setdefault("properties", {})[prop] = {"type": "string", "const": value}
    return {"schemas": schemas}


def _rfc3339(value: object) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("date-time")(_rfc3339)


@pytest.fixture(scope="module")
def components() -> dict[str, Any]:
    if not SPEC.is_file():
        pytest.fail(f"official V2 schema not found at {SPEC} (../shared beside the checkout)")
    return to_json_schema(json.loads(SPEC.read_text(encoding="utf-8"))["components"])


def validator(components: dict[str, Any], name: str) -> jsonschema.Draft7Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": components}
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=FORMATS)


def check(components: dict[str, Any], name: str, instance: Any) -> None:
    errors = sorted(validator(components, name).iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, f"{name}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def served() -> dict[str, Any]:
    """Every answer the V2 sandbox gives for the demo store, over HTTP."""
    store = SandboxStore.demo()
    with SandboxServer(store, api="portone-v2") as server:
        base = server.base_url
        login = httpx.post(f"{base}/login/api-secret", json={"apiSecret": server.api_secret})
        refresh = httpx.post(
            f"{base}/token/refresh", json={"refreshToken": login.json()["refreshToken"]}
        )
        token = refresh.json()["accessToken"]
        pages = []
        number = 0
        while True:
            body = {
                "page": {"number": number, "size": 50},
                "filter": {"from": "2026-01-01T00:00:00+09:00", "until": "2027-01-01T00:00:00Z"},
            }
            got = httpx.get(
                f"{base}/payments",
                params={"requestBody": json.dumps(body)},
                headers={"Authorization": f"Bearer {token}"},
            )
            pages.append(got)
            if len(got.json()["items"]) < 50:
                break
            number += 1
        errors = {
            "bad_login": httpx.post(f"{base}/login/api-secret", json={"apiSecret": "nope"}),
            "used_refresh": httpx.post(
                f"{base}/token/refresh", json={"refreshToken": login.json()["refreshToken"]}
            ),
            "no_token": httpx.get(f"{base}/payments"),
            "too_far": httpx.get(
                f"{base}/payments",
                params={"requestBody": json.dumps({"page": {"number": 600, "size": 100}})},
                headers={"Authorization": f"PortOne {server.api_secret}"},
            ),
            "other_store": httpx.get(
                f"{base}/payments",
                params={"requestBody": json.dumps({"filter": {"storeId": "store-other"}})},
                headers={"Authorization": f"PortOne {server.api_secret}"},
            ),
        }
    return {"login": login, "refresh": refresh, "pages": pages, "errors": errors, "store": store}


def test_converted_schema_is_strict_where_it_should_be(components, served) -> None:  # type: ignore[no-untyped-def]
    """The conversion must not make the schema accept anything."""
    payment = served["pages"][0].json()["items"][0]
    check(components, "Payment", payment)
    v = validator(components, "Payment")
    for broken in (
        {"status": "SETTLED"},
        {"amount": {**payment["amount"], "total": "1000"}},
        {"requestedAt": "2026-10-01 10:00:00"},
        {"transactionId": None},
        {"imp_uid": payment["transactionId"]},
    ):
        assert list(v.iter_errors({**copy.deepcopy(payment), **broken})), broken
    missing = {k: v for k, v in payment.items() if k != "currency"}
    assert list(v.iter_errors(missing))


def test_every_listed_payment_validates(components, served) -> None:  # type: ignore[no-untyped-def]
    items = [p for page in served["pages"] for p in page.json()["items"]]
    assert len(items) == len(served["store"])  # the whole store, every status
    assert {p["status"] for p in items} == {
        "PAID",
        "PARTIAL_CANCELLED",
        "CANCELLED",
        "VIRTUAL_ACCOUNT_ISSUED",
        "READY",
        "FAILED",
    }
    for page in served["pages"]:
        assert page.status_code == 200
        check(components, "GetPaymentsResponse", page.json())


def test_auth_answers_validate(components, served) -> None:  # type: ignore[no-untyped-def]
    check(components, "LoginViaApiSecretResponse", served["login"].json())
    check(components, "RefreshTokenResponse", served["refresh"].json())
    assert served["login"].headers["Date"]  # the client's server clock


@pytest.mark.parametrize(
    ("name", "status", "kind", "schema"),
    [
        ("bad_login", 401, "UNAUTHORIZED", "LoginViaApiSecretError"),
        ("used_refresh", 401, "UNAUTHORIZED", "RefreshTokenError"),
        ("no_token", 401, "UNAUTHORIZED", "GetPaymentsError"),
        ("too_far", 400, "INVALID_REQUEST", "GetPaymentsError"),
        ("other_store", 403, "FORBIDDEN", "GetPaymentsError"),
    ],
)
def test_error_answers_validate(
    components, served, name: str, status: int, kind: str, schema: str
) -> None:  # type: ignore[no-untyped-def]
    reply = served["errors"][name]
    assert (reply.status_code, reply.json()["type"]) == (status, kind)
    check(components, schema, reply.json())
