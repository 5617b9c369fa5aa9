"""PortOne REST API credentials: the OS keyring first, then the environment.

Where they may live: the OS keychain (service ``recon-app/portone/<store>``, entries ``imp_key``
and ``imp_secret``) or the process environment (``PORTONE_IMP_KEY`` / ``PORTONE_IMP_SECRET``,
for CI and headless use). Never the ledger, a config file, a log, a report or argv. Every loaded
value is registered with the log scrubber.

Without a keyring backend (a bare Linux box: ``NoKeyringError`` or keyring's ``fail`` backend)
we say so and fall back to the environment; we never invent a plaintext store (Vorta's DB
fallback is the example not to follow, STYLE.md).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import keyring
import keyring.errors
from keyring.backends import fail

from recon_app.domain.errors import CredentialsError
from recon_app.logs import register_secret

log = logging.getLogger(__name__)

ENV_KEY = "PORTONE_IMP_KEY"
ENV_SECRET = "PORTONE_IMP_SECRET"
_KEY_ENTRY = "imp_key"
_SECRET_ENTRY = "imp_secret"

NO_BACKEND_MESSAGE = (
    "이 컴퓨터에는 사용할 수 있는 OS 키체인(keyring)이 없습니다 (no keyring backend)."
)
NO_BACKEND_HINT = (
    f"환경 변수 {ENV_KEY} 와 {ENV_SECRET} 로 키와 시크릿을 지정하거나, OS 키체인을 사용할 수 있는 "
    "환경(Windows 자격 증명 관리자, macOS 키체인, GNOME Keyring 등)에서 실행하세요."
)


def service_name(store: str) -> str:
    return f"recon-app/portone/{store}"


@dataclass(frozen=True)
class Credentials:
    imp_key: str
    imp_secret: str

    def __repr__(self) -> str:
        return f"Credentials(imp_key='{_mask(self.imp_key)}', imp_secret='***')"

    __str__ = __repr__


def _mask(value: str) -> str:
    return value[:2] + "***" if len(value) > 6 else "***"


def keyring_available() -> bool:
    """True when a real keyring backend is configured (not keyring's ``fail`` placeholder)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring config is "not available"
        return False
    if isinstance(backend, fail.Keyring):
        return False
    chained = getattr(backend, "backends", None)  # ChainerBackend with nothing behind it
    return not (chained is not None and not chained)


def _keyring_get(store: str) -> tuple[str | None, str | None]:
    """(key, secret) from the keyring; raises NoKeyringError when there is no backend."""
    if not keyring_available():
        raise keyring.errors.NoKeyringError(NO_BACKEND_MESSAGE)
    service = service_name(store)
    return keyring.get_password(service, _KEY_ENTRY), keyring.get_password(service, _SECRET_ENTRY)


def load_credentials(store: str = "default") -> Credentials:
    """The store's key and secret: keyring first, then the environment; CredentialsError if none."""
    return load_credentials_with_source(store)[0]


SOURCE_KEYRING = "keyring"
SOURCE_ENV = "env"
SOURCE_ENV_NO_KEYRING = "env-no-keyring"


def load_credentials_with_source(store: str = "default") -> tuple[Credentials, str]:
    """Like ``load_credentials``, plus where they came from (so a UI can say "no keychain here,
    used PORTONE_IMP_KEY/SECRET"): ``keyring``, ``env`` or ``env-no-keyring``."""
    no_backend = False
    keyring_problem: str | None = None
    try:
        key, secret = _keyring_get(store)
    except keyring.errors.NoKeyringError:
        no_backend = True
        key = secret = None
        log.info("no keyring backend; trying environment variables")
    except keyring.errors.KeyringError as exc:  # locked keychain, D-Bus trouble, …
        keyring_problem = f"{type(exc).__name__}"
        key = secret = None
        log.warning("keyring read failed (%s); trying environment variables", keyring_problem)
    if key and secret:
        register_secret(key)
        register_secret(secret)
        return Credentials(key, secret), SOURCE_KEYRING
    env_key, env_secret = (
        os.environ.get(ENV_KEY, "").strip(),
        os.environ.get(ENV_SECRET, "").strip(),
    )
    if env_key and env_secret:
        register_secret(env_key)
        register_secret(env_secret)
        return Credentials(env_key, env_secret), (
            SOURCE_ENV_NO_KEYRING if no_backend else SOURCE_ENV
        )
    if no_backend:
        raise CredentialsError(
            f"상점 '{store}'의 PortOne 키/시크릿이 없습니다. {NO_BACKEND_MESSAGE}",
            hint=NO_BACKEND_HINT,
        )
    extra = f" (키체인 읽기 실패: {keyring_problem})" if keyring_problem else ""
    raise CredentialsError(
        f"상점 '{store}'의 PortOne 키/시크릿이 키체인에도 환경 변수에도 없습니다{extra}.",
        hint=f"`recon-app stores set-credentials {store}` 로 저장하거나 환경 변수 "
        f"{ENV_KEY} / {ENV_SECRET} 를 지정하세요.",
    )


def save_credentials(store: str, creds: Credentials) -> None:
    """Store in the OS keyring only; CredentialsError (saying so) when there is no backend."""
    if not creds.imp_key.strip() or not creds.imp_secret.strip():
        raise CredentialsError("REST API 키와 시크릿을 모두 입력하세요.")
    register_secret(creds.imp_key)
    register_secret(creds.imp_secret)
    if not keyring_available():
        raise CredentialsError(
            f"키/시크릿을 저장하지 못했습니다. {NO_BACKEND_MESSAGE}", hint=NO_BACKEND_HINT
        )
    service = service_name(store)
    try:
        keyring.set_password(service, _KEY_ENTRY, creds.imp_key.strip())
        keyring.set_password(service, _SECRET_ENTRY, creds.imp_secret.strip())
    except keyring.errors.NoKeyringError:
        raise CredentialsError(
            f"키/시크릿을 저장하지 못했습니다. {NO_BACKEND_MESSAGE}", hint=NO_BACKEND_HINT
        ) from None
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(
            f"OS 키체인에 저장하지 못했습니다 ({type(exc).__name__}).",
            hint="키체인이 잠겨 있으면 잠금을 풀고 다시 시도하세요.",
        ) from None


def delete_credentials(store: str) -> None:
    """Remove the store's entries from the keyring (missing entries are fine)."""
    if not keyring_available():
        return
    for entry in (_KEY_ENTRY, _SECRET_ENTRY):
        try:
            keyring.delete_password(service_name(store), entry)
        except keyring.errors.PasswordDeleteError:
            pass


def check_credentials(api_base: str, creds: Credentials) -> None:
    """Ask getToken once; CredentialsError if refused, ApiUnreachable if the API cannot be reached."""
    from recon_app.adapters.portone.client import ClientOptions, PortOneClient

    register_secret(creds.imp_key)
    register_secret(creds.imp_secret)
    options = ClientOptions(max_attempts=3)
    with PortOneClient(api_base, creds.imp_key, creds.imp_secret, options) as client:
        client.authenticate()


# -- PortOne V2 -------------------------------------------------------------------------------
#: Keyring service ``recon-app/portone-v2/<store>``, entries ``api_secret`` and ``store_id``;
#: environment ``PORTONE_API_SECRET`` (and optional ``PORTONE_STORE_ID``). The spec lives with
#: the provider (services/providers/portone_v2.py); the same rules as V1 apply.
ENV_V2_SECRET = "PORTONE_API_SECRET"
ENV_V2_STORE_ID = "PORTONE_STORE_ID"


@dataclass(frozen=True)
class PortOneV2Credentials:
    api_secret: str
    store_id: str | None = None  # the V2 storeId (store-…); None: the whole merchant

    def __repr__(self) -> str:
        return f"PortOneV2Credentials(api_secret='***', store_id={self.store_id!r})"

    __str__ = __repr__


def _v2_service(store: str) -> str:
    from recon_app.services.providers.portone_v2 import CREDENTIALS

    return CREDENTIALS.service_name(store)


def load_v2_credentials_with_source(store: str = "default") -> tuple[PortOneV2Credentials, str]:
    """The store's V2 API secret (and storeId): keyring first, then the environment."""
    no_backend = False
    secret = store_id = None
    try:
        if not keyring_available():
            raise keyring.errors.NoKeyringError(NO_BACKEND_MESSAGE)
        secret = keyring.get_password(_v2_service(store), "api_secret")
        store_id = keyring.get_password(_v2_service(store), "store_id")
    except keyring.errors.NoKeyringError:
        no_backend = True
    except keyring.errors.KeyringError as exc:
        log.warning("keyring read failed (%s); trying environment variables", type(exc).__name__)
    if secret:
        register_secret(secret)
        return PortOneV2Credentials(secret, store_id or None), SOURCE_KEYRING
    env_secret = os.environ.get(ENV_V2_SECRET, "").strip()
    if env_secret:
        register_secret(env_secret)
        env_store = os.environ.get(ENV_V2_STORE_ID, "").strip() or None
        return PortOneV2Credentials(env_secret, env_store), (
            SOURCE_ENV_NO_KEYRING if no_backend else SOURCE_ENV
        )
    raise CredentialsError(
        f"상점 '{store}'의 PortOne V2 API 시크릿이 키체인에도 환경 변수에도 없습니다.",
        hint=f"`recon-app stores set-credentials {store} --provider portone-v2` 로 저장하거나 "
        f"환경 변수 {ENV_V2_SECRET} (필요하면 {ENV_V2_STORE_ID}) 를 지정하세요.",
    )


def save_v2_credentials(store: str, creds: PortOneV2Credentials) -> None:
    """Store in the OS keyring only; CredentialsError (saying so) when there is no backend."""
    if not creds.api_secret.strip():
        raise CredentialsError("V2 API 시크릿을 입력하세요.")
    register_secret(creds.api_secret)
    if not keyring_available():
        raise CredentialsError(
            f"시크릿을 저장하지 못했습니다. {NO_BACKEND_MESSAGE}",
            hint=f"환경 변수 {ENV_V2_SECRET} 로 지정하세요.",
        )
    service = _v2_service(store)
    try:
        keyring.set_password(service, "api_secret", creds.api_secret.strip())
        if creds.store_id:
            keyring.set_password(service, "store_id", creds.store_id.strip())
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(f"OS 키체인에 저장하지 못했습니다 ({type(exc).__name__}).") from None


# -- Toss Payments direct ---------------------------------------------------------------------
#: Keyring service ``recon-app/toss/<store>``, entry ``secret_key``; environment TOSS_SECRET_KEY.
ENV_TOSS_SECRET = "TOSS_SECRET_KEY"


@dataclass(frozen=True)
class TossCredentials:
    secret_key: str

    def __repr__(self) -> str:
        return "TossCredentials(secret_key='***')"

    __str__ = __repr__


def _toss_service(store: str) -> str:
    from recon_app.services.providers.toss import CREDENTIALS

    return CREDENTIALS.service_name(store)


def load_toss_credentials_with_source(store: str = "default") -> tuple[TossCredentials, str]:
    """The store's Toss secret key: keyring first, then the environment."""
    no_backend = False
    secret = None
    try:
        if not keyring_available():
            raise keyring.errors.NoKeyringError(NO_BACKEND_MESSAGE)
        secret = keyring.get_password(_toss_service(store), "secret_key")
    except keyring.errors.NoKeyringError:
        no_backend = True
    except keyring.errors.KeyringError as exc:
        log.warning("keyring read failed (%s); trying environment variables", type(exc).__name__)
    if secret:
        register_secret(secret)
        return TossCredentials(secret), SOURCE_KEYRING
    env_secret = os.environ.get(ENV_TOSS_SECRET, "").strip()
    if env_secret:
        register_secret(env_secret)
        return TossCredentials(env_secret), (SOURCE_ENV_NO_KEYRING if no_backend else SOURCE_ENV)
    raise CredentialsError(
        f"상점 '{store}'의 토스페이먼츠 시크릿 키가 키체인에도 환경 변수에도 없습니다.",
        hint=f"`recon-app stores set-credentials {store} --provider toss` 로 저장하거나 "
        f"환경 변수 {ENV_TOSS_SECRET} 를 지정하세요.",
    )


def save_toss_credentials(store: str, creds: TossCredentials) -> None:
    if not creds.secret_key.strip():
        raise CredentialsError("토스페이먼츠 시크릿 키를 입력하세요.")
    register_secret(creds.secret_key)
    if not keyring_available():
        raise CredentialsError(
            f"시크릿 키를 저장하지 못했습니다. {NO_BACKEND_MESSAGE}",
            hint=f"환경 변수 {ENV_TOSS_SECRET} 로 지정하세요.",
        )
    try:
        keyring.set_password(_toss_service(store), "secret_key", creds.secret_key.strip())
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(f"OS 키체인에 저장하지 못했습니다 ({type(exc).__name__}).") from None


def load_provider_credentials(provider_name: str, store: str) -> tuple[object, str]:
    """The credentials of ``store`` for ``provider_name`` and where they came from."""
    if provider_name == "portone-v2":
        return load_v2_credentials_with_source(store)
    if provider_name == "toss":
        return load_toss_credentials_with_source(store)
    return load_credentials_with_source(store)
