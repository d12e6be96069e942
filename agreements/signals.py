"""Signals other apps may listen to (sent by services after commit, never for audit)."""

from django.dispatch import Signal

document_uploaded = Signal()  # kwargs: document_id; sent on commit by services.document_upload
