"""The daily job: automatic expiry, then reminders of expiry and DPRD deadlines.

`run_daily(day)` is the whole job for one day; Celery beat runs it every morning (task
"notifications.daily_tasks") and `manage.py daily_tasks [--date]` runs it from cron or at start-up
of the embedded default. First every active agreement whose term ended before the day ends by
itself (services.agreement_expire, DOMAIN.md 11), then the reminders are sent.

Each reminder is a Notification whose `key` names the agreement, the date it is about and the
step, unique per user: running twice on one day (or after a crash) never notifies twice, and the
key stays unique across year ends. A step is due from its day on, not only on it: a day the job
did not run is caught up by sending the latest step that has fallen due (earlier steps it
overtook are stale and skipped, so nobody gets five mails at once after an outage). The e-mail
is sent only for a notification not yet e-mailed, so a mail server that failed yesterday gets
the message on the next run. Links in e-mails are absolute, built from `settings.SITE_URL`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agreements import selectors, services
from agreements.choices import Status
from agreements.models import Agreement
from agreements.workdays import working_days_between
from kerjasama import roles
from kerjasama.baked import BakedQuery
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


def _latest_due(steps: tuple[int, ...], remaining: int) -> int | None:
    """The latest step already due with `remaining` days left (None: none due yet)."""
    due = [step for step in steps if step >= remaining]
    return min(due) if due else None


def _expiry_reminders(today: dt.date) -> list[Reminder]:
    horizon = today + dt.timedelta(days=max(EXPIRY_DAYS))
    agreements = (
        selectors.with_term_end(Agreement.objects.filter(status=Status.AKTIF))
        .filter(term_end__gte=today, term_end__lte=horizon)
        .select_related("owner")
        .order_by("id")
    )
    reminders = []
    for agreement in agreements:
        end = agreement.term_end
        remaining = (end - today).days
        step = _latest_due(EXPIRY_DAYS, remaining)
        if step is None:
            continue
        when = (
            "berakhir hari ini"
            if remaining == 0
            else f"akan berakhir dalam {remaining} hari, pada {tanggal(end)}"
        )
        message = (
            f"Kerja sama {agreement.number} “{agreement.title}” {when}. "
            "Putuskan apakah kerja sama ini diakhiri atau dilanjutkan (perpanjangan)."
        )
        reminders.append(
            Reminder(
                agreement=agreement,
                key=f"expiry:{agreement.pk}:{end.isoformat()}:{step}",
                subject=f"Pengingat: kerja sama {agreement.number} {when}",
                message=message,
            )
        )
    return reminders


def _dprd_reminders(today: dt.date) -> list[Reminder]:
    agreements = (
        selectors.awaiting_dprd()
        .filter(dprd_deadline__isnull=False)
        .select_related("owner")
        .order_by("id")
    )
    reminders = []
    for agreement in agreements:
        deadline = agreement.dprd_deadline
        if today > deadline:
            step = "lewat"
            when = f"telah melewati batas waktu keputusan DPRD ({tanggal(deadline)})"
        else:
            remaining = working_days_between(today, deadline)
            due = _latest_due(DPRD_WORKING_DAYS, remaining)
            if due is None:
                continue
            step = str(due)
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


def site_url(path: str) -> str:
    """An absolute address on this installation (mails are read outside the site)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _email(user, notification: Notification, subject: str, agreement: Agreement | None) -> bool:
    link = site_url(reverse("agreements:detail", args=[agreement.pk])) if agreement else ""
    body = (
        f"Yth. {user.get_full_name() or user.username},\n\n"
        f"{notification.message}\n\n"
        + (f"Buka kerja sama ini di registri: {link}\n" if link else "")
        + f"Semua notifikasi Anda: {site_url(reverse('notifications:list'))}\n\n"
        f"Pesan ini dikirim otomatis oleh Registri Kerja Sama {settings.KERJASAMA_PEMDA_NAME}."
    )
    # Claim the mail first (rowcount): two runs at once (beat and cron) never both send it.
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError:
        logger.exception("Surel notifikasi %s untuk %s gagal dikirim", notification.key, user.pk)
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)  # retry later
        return False
    return True


def _recipients(agreement: Agreement, staf_cache: list) -> list:
    """The owner, or every active staf when the agreement has no active owner."""
    owner = agreement.owner
    if owner is not None and owner.is_active:
        return [owner]
    if not staf_cache:
        staf_cache.extend(_staf_users())
    return staf_cache


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Notify owners (fallback: every staf) of the expiry and DPRD reminders due, once each."""
    today = today or timezone.localdate()
    reminders = _expiry_reminders(today) + _dprd_reminders(today)
    staf: list = []
    created = emailed = 0
    for reminder in reminders:
        for user in _recipients(reminder.agreement, staf):
            notification, was_created = _notify(user, reminder)
            created += int(was_created)
            if notification and user.email and notification.emailed_at is None:
                emailed += int(_email(user, notification, reminder.subject, reminder.agreement))
    return {"reminders": len(reminders), "notifications": created, "emails": emailed}


# --------------------------------------------------------------------------- automatic expiry

ENDED_KEY = "berakhir:{pk}:{date}"
ENDED_SUBJECT = "Kerja sama {number} telah berakhir"
#: Failed mails of automatic endings are retried by later runs for this long.
ENDED_MAIL_RETRY = dt.timedelta(days=7)


def expire_agreements(today: dt.date) -> list[Agreement]:
    """End every active agreement whose term ended before `today`, each with its notification.

    The ending and its notifications are one transaction per agreement: a crash leaves either
    both or neither, and a second run finds nothing left to end.
    """
    ended = []
    staf: list = []
    for agreement_id in selectors.agreements_past_term(today):
        with transaction.atomic():
            agreement = services.agreement_expire(agreement_id=agreement_id, today=today)
            if agreement is None:
                continue
            agreement = Agreement.objects.select_related("owner").get(pk=agreement.pk)
            reminder = Reminder(
                agreement=agreement,
                key=ENDED_KEY.format(pk=agreement.pk, date=agreement.ended_on.isoformat()),
                subject=ENDED_SUBJECT.format(number=agreement.number),
                message=(
                    f"Kerja sama {agreement.number} “{agreement.title}” berakhir otomatis: "
                    f"jangka waktunya berakhir pada {tanggal(agreement.ended_on)}. Tahapan kini "
                    "Selesai (alasan: jangka waktu berakhir). Bila kerja sama dilanjutkan, "
                    "daftarkan perpanjangannya dari halaman kerja sama ini."
                ),
            )
            for user in _recipients(agreement, staf):
                _notify(user, reminder)
        ended.append(agreement)
    return ended


def _email_endings() -> int:
    """E-mail ending notifications not yet e-mailed (after commit; retried by later runs)."""
    pending = Notification.objects.filter(
        key__startswith="berakhir:",
        emailed_at__isnull=True,
        created_at__gte=timezone.now() - ENDED_MAIL_RETRY,
    ).select_related("user", "agreement")
    sent = 0
    for notification in pending:
        user, agreement = notification.user, notification.agreement
        if not (user.is_active and user.email):
            continue
        subject = ENDED_SUBJECT.format(number=agreement.number if agreement else "")
        sent += int(_email(user, notification, subject, agreement))
    return sent


def run_daily(day: dt.date | None = None) -> dict[str, int]:
    """The whole daily job for `day` (default today): expiry first, then reminders.

    Idempotent: a second run for the same day ends nothing, notifies nobody, mails nothing.
    """
    day = day or timezone.localdate()
    ended = expire_agreements(day)
    result = {"ended": len(ended), "ended_emails": _email_endings()}
    result.update(send_reminders(day))
    return result


# --------------------------------------------------------------------------- in-app list


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of `user` as read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


#: The unread notifications of a user, composed once per process (kerjasama.baked): every
#: page's navbar counts them.
_UNREAD = BakedQuery(
    lambda user_id: Notification.objects.filter(user_id=user_id, read_at__isnull=True).only("id")
)
#: The same count as one more value of the agreement page's statement
#: (agreements.page_rows.register_page_value, registered in apps.ready).
UNREAD_SQL = (
    f"(SELECT count(*) FROM {Notification._meta.db_table} n"  # noqa: S608 - model metadata
    " WHERE n.user_id = %s AND n.read_at IS NULL)"
)


def unread_count(user) -> int:
    return _UNREAD.count("unread", (user.pk,))
