"""Production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_mode_passes_check_deploy_without_warnings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-only-" + "y" * 20,
        "ALLOWED_HOSTS": "calendar.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": "", "ALLOWED_HOSTS": "x"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_session_cookie_with_a_nul_byte_is_ignored_not_a_server_error(client, db):
    client.cookies["sessionid"] = "abc\x00defghijkl"
    assert client.get("/api/v1/bodies/").status_code == 200


def test_documents_are_stored_under_var_by_default(monkeypatch, tmp_path):
    from config.storage import documents_storage

    for name in ("DOCUMENT_STORAGE", "DOCUMENT_STORAGE_ROOT"):
        monkeypatch.delenv(name, raising=False)
    assert documents_storage(tmp_path) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "documents")},
    }
    monkeypatch.setenv("DOCUMENT_STORAGE_ROOT", "/srv/documents")
    assert documents_storage(tmp_path)["OPTIONS"] == {"location": "/srv/documents"}


def test_an_s3_compatible_store_is_configured_from_the_environment(monkeypatch, tmp_path):
    from storages.backends.s3 import S3Storage

    from config.storage import documents_storage

    for name, value in {
        "DOCUMENT_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "gc-documents",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "AWS_S3_REGION_NAME": "eu-central-1",
        "AWS_ACCESS_KEY_ID": "calendar",
        "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_LOCATION", "AWS_S3_ADDRESSING_STYLE", "AWS_S3_VERIFY"):
        monkeypatch.delenv(name, raising=False)
    config = documents_storage(tmp_path)
    assert config == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "gc-documents",
            "endpoint_url": "http://127.0.0.1:9000",
            "region_name": "eu-central-1",
            "access_key": "calendar",
            "secret_key": "not-a-real-secret",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "verify": True,
        },
    }
    # django-storages takes every option (it connects only when a file is read or written).
    storage = S3Storage(**config["OPTIONS"])
    assert (storage.bucket_name, storage.endpoint_url, storage.default_acl) == (
        "gc-documents",
        "http://127.0.0.1:9000",
        "private",
    )


def test_production_with_an_s3_store_passes_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-only-" + "y" * 20,
        "ALLOWED_HOSTS": "calendar.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        "DOCUMENT_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "gc-documents",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
