"""Services that change the standing structure, one module per concept."""

from governance.services.documents import document_create

__all__ = ["document_create"]
