"""Daily reminders: their days, once each, owner or every staf, and the in-app list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agreements.choices import Kind, Stage
from agreements.models import Agreement
from notifications import reminders
from notifications.models import Notification
from notifications.tasks import daily_tasks as daily_task
from tests.factories import UserFactory, make_agreement


def days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.django_db
def test_expiry_reminders_fall_on_exactly_90_60_30_7_and_0_days(staf):
    agreement = make_agreement(
        user=staf, start_date=dt.date(2024, 1, 2), end_date=dt.date(2027, 1, 1)
    )
    reminded = []
    for day in days(dt.date(2026, 9, 1), dt.date(2027, 1, 2)):
        before = Notification.objects.count()
        reminders.send_reminders(today=day)
        if Notification.objects.count() > before:
            reminded.append(day)
    assert reminded == [
        dt.date(2026, 10, 3),
        dt.date(2026, 11, 2),
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 25),
        dt.date(2027, 1, 1),
    ]
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"expiry:{agreement.pk}:2027-01-01:{d}" for d in (90, 60, 30, 7, 0)}
    assert len(mail.outbox) == 5
    assert all(m.to == [staf.email] for m in mail.outbox)
    assert "KS/2026/" in mail.outbox[0].subject
    assert "1 Januari 2027" in mail.outbox[0].body
    assert "berakhir hari ini" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_running_twice_on_one_day_sends_each_reminder_once(staf):
    make_agreement(user=staf, end_date=dt.date(2026, 12, 31))
    today = dt.date(2026, 12, 1)  # 30 days before
    first = reminders.send_reminders(today=today)
    second = reminders.send_reminders(today=today)
    assert first == {"reminders": 1, "notifications": 1, "emails": 1}
    assert second == {"reminders": 1, "notifications": 0, "emails": 0}
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.django_db
def test_failed_mail_is_retried_on_the_next_run_only_once(staf, monkeypatch):
    make_agreement(user=staf, end_date=dt.date(2026, 12, 31))
    today = dt.date(2026, 12, 24)  # 7 days before

    def broken(*args, **kwargs):
        raise OSError("SMTP tidak tersedia")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert reminders.send_reminders(today=today)["emails"] == 0
    monkeypatch.undo()
    assert reminders.send_reminders(today=today)["emails"] == 1
    assert reminders.send_reminders(today=today)["emails"] == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_without_owner_every_staf_is_notified_and_ended_agreements_are_not(staf):
    other = UserFactory(username="budi.staf", role="staf_kerja_sama")
    UserFactory(username="pak.sekda2", role="sekda")
    orphan = make_agreement(end_date=dt.date(2026, 12, 31))  # no user: no owner
    assert orphan.owner is None
    ended = make_agreement(user=staf, end_date=dt.date(2026, 12, 31))
    Agreement.objects.filter(pk=ended.pk).update(status="selesai", stage="selesai")
    reminders.send_reminders(today=dt.date(2026, 12, 31))
    notified = set(Notification.objects.values_list("user__username", "agreement_id"))
    assert notified == {(staf.username, orphan.pk), (other.username, orphan.pk)}


@pytest.mark.django_db
def test_dprd_deadline_reminders_at_10_5_1_0_working_days_and_once_overdue(staf):
    agreement = make_agreement(kind=Kind.KSDPL, user=staf)
    deadline = dt.date(2026, 5, 13)  # 45 working days after 2026-03-02
    Agreement.objects.filter(pk=agreement.pk).update(
        stage=Stage.PERSETUJUAN_DPRD,
        dprd_status="menunggu",  # what the transition service stores
        dprd_submitted_on=dt.date(2026, 3, 2),
        dprd_deadline=deadline,
    )
    reminded = {}
    for day in days(dt.date(2026, 4, 1), dt.date(2026, 6, 30)):
        before = set(Notification.objects.values_list("key", flat=True))
        reminders.send_reminders(today=day)
        for key in set(Notification.objects.values_list("key", flat=True)) - before:
            reminded[key.rsplit(":", 1)[1]] = day
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"dprd:{agreement.pk}:2026-05-13:{step}" for step in ("10", "5", "1", "0", "lewat")
    }
    # Counted by hand: 1 May (Hari Buruh) is a holiday, weekends are skipped.
    assert reminded == {
        "10": dt.date(2026, 4, 28),
        "5": dt.date(2026, 5, 6),
        "1": dt.date(2026, 5, 12),
        "0": dt.date(2026, 5, 13),
        "lewat": dt.date(2026, 5, 14),
    }
    assert len(mail.outbox) == 5
    assert "45 hari kerja" in Notification.objects.get(key__endswith=":lewat").message


@pytest.mark.django_db
def test_celery_task_is_registered_under_the_beat_name(staf, settings):
    assert daily_task.name == "notifications.daily_tasks"
    assert settings.CELERY_BEAT_SCHEDULE["tugas-harian"]["task"] == daily_task.name
    make_agreement(user=staf, end_date=timezone.localdate())
    daily_task.delay()
    assert Notification.objects.filter(user=staf).count() == 1


@pytest.mark.django_db
def test_notification_page_lists_counts_and_marks_read(client, staf, sekda):
    agreement = make_agreement(user=staf, end_date=dt.date(2026, 12, 31))
    for i in range(3):
        Notification.objects.create(
            user=staf, agreement=agreement, key=f"k{i}", message=f"Pesan {i}"
        )
    Notification.objects.create(user=sekda, key="lain", message="Milik orang lain")
    assert client.get(reverse("notifications:list")).status_code == 302
    client.force_login(staf)
    response = client.get(reverse("notifications:list"))
    page = response.content.decode()
    assert response.context["unread"] == 3
    assert "Pesan 2" in page
    assert "Milik orang lain" not in page
    assert "3 belum dibaca" in page
    mine = Notification.objects.filter(user=staf).first()
    foreign = Notification.objects.get(user=sekda)
    assert client.post(reverse("notifications:read", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[mine.pk])).status_code == 302
    assert Notification.objects.filter(user=staf, read_at__isnull=True).count() == 2
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(user=staf, read_at__isnull=True).count() == 0
    assert Notification.objects.get(user=sekda).read_at is None


@pytest.mark.django_db
def test_navbar_bell_costs_one_query_and_none_for_anonymous(
    client, staf, django_assert_num_queries
):
    from django.test import RequestFactory

    from notifications.context_processors import notifications

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notifications(request) == {}
    request.user = staf
    Notification.objects.create(user=staf, key="a", message="x")
    context = notifications(request)
    with django_assert_num_queries(1):
        assert int(str(context["unread_notifications"])) == 1
    client.force_login(staf)
    page = client.get(reverse("notifications:list")).content.decode()
    assert '1<span class="visually-hidden"> belum dibaca</span>' in page
