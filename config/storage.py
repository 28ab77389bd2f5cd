"""Where the documents' files are kept: Django's STORAGES entry "documents", from the environment.

The filesystem under var/documents by default; with DOCUMENT_STORAGE=s3 any S3-compatible store
through django-storages, so that several app servers share the files. Files are never served
from the store's own URLs: the document views read them and check access first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from config.env import env_bool, env_str

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
# The environment variables read for S3, and the django-storages option each one sets.
S3_OPTIONS = {
    "AWS_STORAGE_BUCKET_NAME": "bucket_name",
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_ACCESS_KEY_ID": "access_key",
    "AWS_SECRET_ACCESS_KEY": "secret_key",
    "AWS_LOCATION": "location",
    "AWS_S3_ADDRESSING_STYLE": "addressing_style",
}


def documents_storage(var_dir: Path) -> dict[str, Any]:
    """The STORAGES entry for the documents' files."""
    if env_str("DOCUMENT_STORAGE", "filesystem") == "s3":
        options: dict[str, Any] = {
            option: env_str(variable)
            for variable, option in S3_OPTIONS.items()
            if env_str(variable)
        }
        # Private objects: nothing of the store is ever linked, the views serve the bytes.
        options |= {
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "verify": env_bool("AWS_S3_VERIFY", True),
        }
        return {"BACKEND": S3_BACKEND, "OPTIONS": options}
    root = env_str("DOCUMENT_STORAGE_ROOT", str(var_dir / "documents"))
    # No base_url: the files have no public URL of the store's.
    return {"BACKEND": FILESYSTEM_BACKEND, "OPTIONS": {"location": root}}
