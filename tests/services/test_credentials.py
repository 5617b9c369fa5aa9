from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from recon_app.domain.errors import CredentialsError
from recon_app.logs import scrub
from recon_app.services import credentials as cr
from recon_app.services.credentials import Credentials


def test_keyring_save_and_load_per_store():
    cr.save_credentials("shop-a", Credentials("key-aaaa", "secret-aaaa"))
    cr.save_credentials("shop-b", Credentials("key-bbbb", "secret-bbbb"))
    assert cr.load_credentials("shop-a") == Credentials("key-aaaa", "secret-aaaa")
    assert cr.load_credentials("shop-b").imp_secret == "secret-bbbb"
    assert keyring.get_password("recon-app/portone/shop-a", "imp_secret") == "secret-aaaa"


def test_keyring_wins_over_environment(monkeypatch):
    monkeypatch.setenv("PORTONE_IMP_KEY", "env-key")
    monkeypatch.setenv("PORTONE_IMP_SECRET", "env-secret")
    cr.save_credentials("default", Credentials("kr-key", "kr-secret"))
    assert cr.load_credentials().imp_key == "kr-key"


def test_environment_fallback(monkeypatch):
    monkeypatch.setenv("PORTONE_IMP_KEY", "env-key")
    monkeypatch.setenv("PORTONE_IMP_SECRET", "env-secret")
    assert cr.load_credentials("nowhere") == Credentials("env-key", "env-secret")


def test_missing_everywhere_says_how_to_fix():
    with pytest.raises(CredentialsError) as err:
        cr.load_credentials("shop-x")
    assert "set-credentials shop-x" in str(err.value) and "PORTONE_IMP_KEY" in str(err.value)


@pytest.fixture
def no_backend():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_no_backend_is_said_and_env_used(no_backend, monkeypatch):
    assert not cr.keyring_available()
    with pytest.raises(CredentialsError, match="키체인\\(keyring\\)이 없습니다"):
        cr.load_credentials()
    with pytest.raises(CredentialsError, match="no keyring backend"):
        cr.save_credentials("default", Credentials("k1234", "s1234"))
    monkeypatch.setenv("PORTONE_IMP_KEY", "env-key")
    monkeypatch.setenv("PORTONE_IMP_SECRET", "env-secret")
    assert cr.load_credentials().imp_key == "env-key"


def test_backend_raising_no_keyring_error(monkeypatch):
    import keyring.errors

    def boom(*a):
        raise keyring.errors.NoKeyringError("none")

    monkeypatch.setattr(keyring, "get_password", boom)
    with pytest.raises(CredentialsError, match="no keyring backend"):
        cr.load_credentials()


def test_repr_masks_and_loaded_secrets_are_scrubbed():
    cr.save_credentials("default", Credentials("key-visible-1", "very-secret-value"))
    creds = cr.load_credentials()
    assert "very-secret-value" not in repr(creds) and "key-visible-1" not in repr(creds)
    assert "very-secret-value" not in scrub("sent very-secret-value to server")


def test_empty_values_refused():
    with pytest.raises(CredentialsError):
        cr.save_credentials("default", Credentials(" ", "x"))


def test_delete():
    cr.save_credentials("gone", Credentials("k1234", "s1234"))
    cr.delete_credentials("gone")
    with pytest.raises(CredentialsError):
        cr.load_credentials("gone")


def test_source_is_reported(no_backend, monkeypatch):
    monkeypatch.setenv("PORTONE_IMP_KEY", "env-key")
    monkeypatch.setenv("PORTONE_IMP_SECRET", "env-secret")
    assert cr.load_credentials_with_source()[1] == cr.SOURCE_ENV_NO_KEYRING


def test_source_keyring_and_env(monkeypatch):
    cr.save_credentials("a", Credentials("key-aaaa", "secret-aaaa"))
    assert cr.load_credentials_with_source("a")[1] == cr.SOURCE_KEYRING
    monkeypatch.setenv("PORTONE_IMP_KEY", "env-key")
    monkeypatch.setenv("PORTONE_IMP_SECRET", "env-secret")
    assert cr.load_credentials_with_source("b")[1] == cr.SOURCE_ENV
