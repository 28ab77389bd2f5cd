"""Services that change the standing structure, one module per concept."""

from governance.services.documents import document_create
from governance.services.files import (
    document_file_attach,
    document_file_remove,
    document_files_prune,
)

__all__ = [
    "document_create",
    "document_file_attach",
    "document_file_remove",
    "document_files_prune",
]
