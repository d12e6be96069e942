"""Daily reminders: agreements about to expire and DPRD decisions about to fall due.

`send_reminders(today)` is run every morning by Celery beat (task "agreements.send_reminders").
Each reminder is a Notification whose `key` names the agreement, the date it is about and the
step, unique per user: running twice on one day (or after a crash) never notifies twice, and the
key stays unique across year ends. The e-mail is sent only for a notification not yet e-mailed,
so a mail server that failed yesterday gets the message on the next run.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from agreements.choices import Stage, Status
from agreements.models import Agreement
from agreements.workdays import working_days_between
from kerjasama import roles
from kerjasama.formatting import tanggal

from .models import Notification

logger = logging.getLogger(__name__)

#: Days before `end_date` on which the owner is reminded (0 = the last day).
EXPIRY_DAYS = (90, 60, 30, 7, 0)
#: Working days before `dprd_deadline` on which the owner is reminded; overdue once after.
DPRD_WORKING_DAYS = (10, 5, 1, 0)


@dataclass(frozen=True)
class Reminder:
    agreement: Agreement
    key: str
    subject: str
    message: str


def _expiry_reminders(today: dt.date) -> list[Reminder]:
    dates = {today + dt.timedelta(days=d): d for d in EXPIRY_DAYS}
    agreements = Agreement.objects.filter(
        status=Status.AKTIF, end_date__in=list(dates)
    ).select_related("owner")
    reminders = []
    for agreement in agreements:
        days = dates[agreement.end_date]
        when = (
            "berakhir hari ini"
            if days == 0
            else f"akan berakhir dalam {days} hari, pada {tanggal(agreement.end_date)}"
        )
        message = (
            f"Kerja sama {agreement.number} “{agreement.title}” {when}. "
            "Putuskan apakah kerja sama ini diakhiri atau dilanjutkan (perpanjangan)."
        )
        reminders.append(
            Reminder(
                agreement=agreement,
                key=f"expiry:{agreement.pk}:{agreement.end_date.isoformat()}:{days}",
                subject=f"Pengingat: kerja sama {agreement.number} {when}",
                message=message,
            )
        )
    return reminders


def _dprd_reminders(today: dt.date) -> list[Reminder]:
    agreements = Agreement.objects.filter(
        status=Status.AKTIF, stage=Stage.PERSETUJUAN_DPRD, dprd_deadline__isnull=False
    ).select_related("owner")
    reminders = []
    for agreement in agreements:
        deadline = agreement.dprd_deadline
        if today > deadline:
            step = "lewat"
            when = f"telah melewati batas waktu keputusan DPRD ({tanggal(deadline)})"
        else:
            remaining = working_days_between(today, deadline)
            if remaining not in DPRD_WORKING_DAYS:
                continue
            step = str(remaining)
            when = (
                f"batas waktu keputusan DPRD jatuh hari ini ({tanggal(deadline)})"
                if remaining == 0
                else f"batas waktu keputusan DPRD tinggal {remaining} hari kerja "
                f"({tanggal(deadline)})"
            )
        reminders.append(
            Reminder(
                agreement=agreement,
                key=f"dprd:{agreement.pk}:{deadline.isoformat()}:{step}",
                subject=f"Pengingat DPRD: kerja sama {agreement.number}",
                message=(
                    f"Kerja sama {agreement.number} “{agreement.title}”: {when}. "
                    "PP 28/2018 Ps. 30(4) memberi DPRD 45 hari kerja; tidak ada persetujuan "
                    "otomatis bila batas waktu terlewati."
                ),
            )
        )
    return reminders


def _staf_users() -> list:
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, groups__name=roles.STAF).distinct().order_by("id")
    )


def _notify(user, reminder: Reminder) -> tuple[Notification | None, bool]:
    try:
        with transaction.atomic():
            return Notification.objects.get_or_create(
                user=user,
                key=reminder.key,
                defaults={"agreement": reminder.agreement, "message": reminder.message},
            )
    except IntegrityError:  # a parallel run created it first
        return Notification.objects.filter(user=user, key=reminder.key).first(), False


def _email(user, notification: Notification, reminder: Reminder) -> bool:
    body = (
        f"Yth. {user.get_full_name() or user.username},\n\n"
        f"{reminder.message}\n\n"
        f"Buka registri kerja sama: /kerja-sama/{reminder.agreement.pk}/\n\n"
        f"Pesan ini dikirim otomatis oleh Registri Kerja Sama {settings.KERJASAMA_PEMDA_NAME}."
    )
    try:
        send_mail(reminder.subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError:
        logger.exception("Surel pengingat %s untuk %s gagal dikirim", reminder.key, user.pk)
        return False
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Notify owners (fallback: every staf) of today's expiry and DPRD reminders, once each."""
    today = today or timezone.localdate()
    reminders = _expiry_reminders(today) + _dprd_reminders(today)
    staf: list | None = None
    created = emailed = 0
    for reminder in reminders:
        owner = reminder.agreement.owner
        if owner is not None and owner.is_active:
            recipients = [owner]
        else:
            staf = _staf_users() if staf is None else staf
            recipients = staf
        for user in recipients:
            notification, was_created = _notify(user, reminder)
            created += int(was_created)
            if notification and user.email and notification.emailed_at is None:
                emailed += int(_email(user, notification, reminder))
    return {"reminders": len(reminders), "notifications": created, "emails": emailed}


# --------------------------------------------------------------------------- in-app list


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of `user` as read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
