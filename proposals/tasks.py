"""E-mail to the proposer: plain text only, so nothing they typed can become markup."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from .choices import EventType

log = logging.getLogger(__name__)

SUBJECTS = {
    EventType.DIAJUKAN: "Usulan kerja sama diterima sistem",
    EventType.REVISI: "Perbaikan usulan kerja sama diterima sistem",
    EventType.PERLU_PERBAIKAN: "Usulan kerja sama perlu perbaikan",
    EventType.DITERIMA: "Usulan kerja sama diterima",
    EventType.DITOLAK: "Usulan kerja sama ditolak",
}


def message_for(proposal, event: str, base_url: str = "") -> tuple[str, str]:
    track = f"{base_url.rstrip('/')}/usulan/lacak/" if base_url else "/usulan/lacak/"
    lines = [
        f"Yth. {proposal.contact_name},",
        "",
        f"Usulan kerja sama “{proposal.title}” dari {proposal.proposer_name}",
        f"berstatus: {proposal.get_status_display()}.",
    ]
    if proposal.status_note:
        lines += ["", "Catatan Bagian Kerja Sama:", proposal.status_note]
    if event == EventType.PERLU_PERBAIKAN:
        lines += ["", "Kirim perbaikan melalui halaman pelacakan dengan kode yang sama."]
    lines += [
        "",
        f"Kode pelacakan: {proposal.tracking_code}",
        f"Pantau usulan Anda di {track} dengan kode tersebut.",
        "Simpan kode ini: siapa pun yang memegangnya dapat melihat status usulan.",
        "",
        f"{settings.KERJASAMA_UNIT_NAME}",
        f"{settings.KERJASAMA_PEMDA_NAME}",
    ]
    subject = f"{SUBJECTS.get(event, 'Usulan kerja sama')} ({proposal.tracking_code})"
    return subject, "\n".join(lines)


@shared_task(
    name="proposals.send_proposal_email",
    acks_late=True,
    max_retries=3,
    autoretry_for=(OSError,),
    retry_backoff=True,
)
def send_proposal_email(*, proposal_id: int, event: str, base_url: str = "") -> None:
    from .models import Proposal

    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None or not proposal.contact_email:
        return
    subject, body = message_for(proposal, event, base_url)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [proposal.contact_email])
    log.info("Surel usulan %s (%s) dikirim.", proposal.tracking_code, event)
