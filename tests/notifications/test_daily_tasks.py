"""The daily job (DOMAIN.md 11, "Term and ending"): automatic expiry, then reminders, per day.

`manage.py daily_tasks --date D` ends every active agreement whose term ended before D, then sends
each reminder due up to D once; a second run for D changes nothing; a day the job did not run is
caught up with the latest reminder due, never with the stale ones it overtook.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements import services
from agreements.choices import Kind, Stage, Status
from agreements.models import Agreement, StageHistory
from notifications.models import Notification
from notifications.tasks import daily_tasks as daily_task
from tests.factories import make_agreement

D = dt.date(2027, 1, 10)


def run(day: dt.date) -> str:
    out = io.StringIO()
    call_command("daily_tasks", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def at_stage(agreement: Agreement, stage: str) -> Agreement:
    Agreement.objects.filter(pk=agreement.pk).update(stage=stage)
    agreement.refresh_from_db()
    return agreement


def snapshot() -> dict:
    return {
        "agreements": sorted(
            Agreement.objects.values_list("pk", "stage", "status", "ended_on", "version")
        ),
        "history": StageHistory.objects.count(),
        "notifications": sorted(Notification.objects.values_list("user_id", "key")),
        "mails": len(mail.outbox),
    }


@pytest.fixture
def term_ended(staf):
    """Agreements whose term ends before, on, and after D, in several stages."""
    return {
        "pelaksanaan": at_stage(
            make_agreement(user=staf, title="Sampah", end_date=D - dt.timedelta(days=1)),
            Stage.PELAKSANAAN,
        ),
        "pelaporan_long_ago": at_stage(
            make_agreement(user=staf, title="Air minum", end_date=dt.date(2026, 6, 30)),
            Stage.PELAPORAN,
        ),
        "penyusunan_pks": at_stage(
            make_agreement(user=staf, title="Jalan poros", end_date=dt.date(2026, 12, 31)),
            Stage.PENYUSUNAN_PKS,
        ),
        "ends_on_d": at_stage(
            make_agreement(user=staf, title="Wisata", end_date=D), Stage.PELAKSANAAN
        ),
        "later": at_stage(
            make_agreement(user=staf, title="Pasar", end_date=D + dt.timedelta(days=400)),
            Stage.PELAKSANAAN,
        ),
        "no_end": make_agreement(user=staf, title="Tanpa tanggal berakhir"),
    }


@pytest.mark.django_db
def test_daily_tasks_ends_every_active_agreement_whose_end_date_is_before_the_day(staf, term_ended):
    output = run(D)
    assert "kerja sama berakhir otomatis: 3" in output
    for name in ("pelaksanaan", "pelaporan_long_ago", "penyusunan_pks"):
        agreement = Agreement.objects.get(pk=term_ended[name].pk)
        assert agreement.stage == Stage.SELESAI, name
        assert agreement.status == Status.SELESAI, name
        assert agreement.end_reason == "berakhir_jangka_waktu", name
        assert agreement.ended_on == agreement.end_date, name  # the term's last day
        rows = StageHistory.objects.filter(agreement=agreement, to_stage=Stage.SELESAI)
        assert rows.count() == 1, name
        row = rows.get()
        assert row.automatic
        assert row.user is None
        assert row.reason == "berakhir_jangka_waktu"
        assert row.from_stage == term_ended[name].stage
        assert row.note.startswith("Berakhir otomatis")
        notification = Notification.objects.get(key=f"berakhir:{agreement.pk}:{row.date}")
        assert notification.user == staf
        assert notification.emailed_at is not None
    for name in ("ends_on_d", "later", "no_end"):
        agreement = Agreement.objects.get(pk=term_ended[name].pk)
        assert agreement.status == Status.AKTIF, name
        assert agreement.ended_on is None, name
    subjects = [m.subject for m in mail.outbox]
    assert sum("telah berakhir" in s for s in subjects) == 3


@pytest.mark.django_db
def test_second_run_for_the_same_day_changes_nothing(staf, term_ended):
    run(D)
    first = snapshot()
    assert first["mails"] > 0
    output = run(D)
    assert snapshot() == first
    assert "kerja sama berakhir otomatis: 0" in output
    assert "notifikasi baru: 0" in output


@pytest.mark.django_db
def test_ended_agreements_are_no_longer_active_anywhere(api, staf, sekda, term_ended):
    run(D)
    ids = {a["id"] for a in api(sekda).get("/api/agreements/", {"status": "aktif"}).json()[
        "results"
    ]}  # fmt: skip
    assert ids == {term_ended[n].pk for n in ("ends_on_d", "later", "no_end")}
    # An ended agreement gets no more expiry reminders, and ending it is not a reminder.
    run(D + dt.timedelta(days=1))
    assert not Notification.objects.filter(
        key__startswith="expiry:", agreement=term_ended["pelaksanaan"]
    ).exists()


@pytest.mark.django_db
def test_an_agreement_extended_by_an_addendum_runs_on(staf):
    agreement = at_stage(
        make_agreement(user=staf, start_date=dt.date(2022, 1, 1), end_date=dt.date(2026, 12, 31)),
        Stage.PELAKSANAAN,
    )
    pks = services.naskah_create(
        agreement_id=agreement.pk, naskah_type="pks", signed_on=dt.date(2022, 1, 1), user=staf
    )
    services.naskah_create(
        agreement_id=agreement.pk,
        naskah_type="addendum",
        signed_on=dt.date(2026, 11, 1),
        valid_from=dt.date(2027, 1, 1),
        valid_until=dt.date(2027, 6, 30),
        amends=pks.pk,
        user=staf,
    )
    run(D)
    agreement.refresh_from_db()
    assert agreement.status == Status.AKTIF
    run(dt.date(2027, 7, 1))
    agreement.refresh_from_db()
    assert agreement.status == Status.SELESAI
    assert agreement.ended_on == dt.date(2027, 6, 30)


@pytest.mark.django_db
def test_reminders_due_up_to_the_day_are_sent_once_and_a_missed_day_is_caught_up(staf):
    agreement = make_agreement(user=staf, end_date=D + dt.timedelta(days=25))
    # The job did not run on the 90-, 60- and 30-day marks; the latest due (30) is sent alone.
    run(D)
    keys = list(Notification.objects.values_list("key", flat=True))
    assert keys == [f"expiry:{agreement.pk}:{agreement.end_date}:30"]
    assert len(mail.outbox) == 1
    assert "akan berakhir dalam 25 hari" in mail.outbox[0].subject
    run(D)
    run(D + dt.timedelta(days=1))
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    # The 7-day mark falls on D+18; the job runs again only on D+20: caught up then, once.
    run(D + dt.timedelta(days=20))
    run(D + dt.timedelta(days=21))
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"expiry:{agreement.pk}:{agreement.end_date}:30",
        f"expiry:{agreement.pk}:{agreement.end_date}:7",
    }
    assert len(mail.outbox) == 2
    assert "akan berakhir dalam 5 hari" in mail.outbox[1].subject
    # Last day (0), then the day after the end: the agreement ends by itself.
    run(agreement.end_date)
    run(agreement.end_date + dt.timedelta(days=1))
    agreement.refresh_from_db()
    assert agreement.status == Status.SELESAI
    assert [n.key.rsplit(":", 1)[1] for n in Notification.objects.order_by("id")] == [
        "30",
        "7",
        "0",
        agreement.end_date.isoformat(),  # berakhir:<pk>:<date>
    ]


@pytest.mark.django_db
def test_missed_dprd_deadline_sends_only_the_overdue_reminder(staf):
    agreement = make_agreement(kind=Kind.KSDPL, user=staf)
    deadline = dt.date(2026, 5, 13)
    Agreement.objects.filter(pk=agreement.pk).update(
        stage=Stage.PERSETUJUAN_DPRD,
        dprd_status="menunggu",  # what the transition stores
        dprd_submitted_on=dt.date(2026, 3, 2),
        dprd_deadline=deadline,
    )
    run(dt.date(2026, 5, 4))  # 7 working days left: the 10-day mark is the latest due
    run(dt.date(2026, 5, 20))  # the job was off from 5 May: 5, 1 and 0 are stale
    run(dt.date(2026, 5, 21))
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"dprd:{agreement.pk}:2026-05-13:10",
        f"dprd:{agreement.pk}:2026-05-13:lewat",
    ]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_mail_links_are_absolute_from_the_site_url(staf, settings):
    settings.SITE_URL = "https://kerjasama.malangkab.example.go.id"
    reminded = make_agreement(user=staf, end_date=D + dt.timedelta(days=7))
    ended = at_stage(make_agreement(user=staf, end_date=D - dt.timedelta(days=2)), "pelaksanaan")
    run(D)
    assert len(mail.outbox) == 2
    for message, agreement in zip(mail.outbox, (ended, reminded), strict=True):
        link = f"https://kerjasama.malangkab.example.go.id/kerja-sama/{agreement.pk}/"
        assert link in message.body
        assert f" /kerja-sama/{agreement.pk}/" not in message.body
        assert "https://kerjasama.malangkab.example.go.id/notifikasi/" in message.body


@pytest.mark.django_db
def test_command_refuses_a_bad_date_and_runs_today_without_one(staf):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("daily_tasks", "--date", "10-01-2027")
    from django.utils import timezone

    today = timezone.localdate()
    agreement = at_stage(
        make_agreement(user=staf, end_date=today - dt.timedelta(days=1)), "pelaksanaan"
    )
    call_command("daily_tasks", stdout=io.StringIO())
    agreement.refresh_from_db()
    assert agreement.status == Status.SELESAI


@pytest.mark.django_db
def test_celery_task_runs_the_same_daily_job(staf):
    agreement = at_stage(make_agreement(user=staf, end_date=D - dt.timedelta(days=1)), "pelaporan")
    result = daily_task.delay(D.isoformat()).get()
    assert result["ended"] == 1
    agreement.refresh_from_db()
    assert agreement.end_reason == "berakhir_jangka_waktu"


# --------------------------------------------------------------------------- ended_on


@pytest.mark.django_db
def test_ended_on_in_the_api_is_read_only_and_set_by_ending_cancelling_and_expiry(api, staf):
    client = api(staf)
    ended = at_stage(make_agreement(user=staf, end_date=dt.date(2030, 1, 1)), "pelaksanaan")
    cancelled = make_agreement(user=staf)
    expired = at_stage(make_agreement(user=staf, end_date=D - dt.timedelta(days=3)), "pelaporan")
    active = make_agreement(user=staf)
    url = "/api/agreements/{}/"
    assert client.get(url.format(active.pk)).json()["ended_on"] is None
    response = client.post(
        f"/api/agreements/{ended.pk}/transitions/",
        {"to": "selesai", "date": "2026-11-20", "reason": "tujuan_tercapai"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["ended_on"] == "2026-11-20"
    response = client.post(
        f"/api/agreements/{cancelled.pk}/transitions/",
        {"to": "dibatalkan", "date": "2026-10-01", "note": "Mitra mundur."},
        format="json",
    )
    assert response.json()["ended_on"] == "2026-10-01"
    run(D)
    body = client.get(url.format(expired.pk)).json()
    assert body["ended_on"] == (D - dt.timedelta(days=3)).isoformat()
    assert body["end_reason"] == "berakhir_jangka_waktu"
    assert body["end_date"] == body["ended_on"]
    # Read-only: a PATCH cannot set it.
    response = client.patch(url.format(active.pk), {"ended_on": "2026-01-01"}, format="json")
    assert response.status_code == 200
    assert response.json()["ended_on"] is None
    listed = {a["id"]: a["ended_on"] for a in client.get("/api/agreements/").json()["results"]}
    assert listed[ended.pk] == "2026-11-20"
    assert listed[active.pk] is None


@pytest.mark.django_db
def test_migration_back_fills_ended_on_from_history(staf):
    from django.apps import apps

    migration = importlib.import_module("agreements.migrations.0004_lifecycle_ended_on")
    ended = at_stage(make_agreement(user=staf), "pelaksanaan")
    services.agreement_transition(
        agreement_id=ended.pk, to="selesai", date=dt.date(2025, 4, 30), reason="tujuan_tercapai",
        user=staf,
    )  # fmt: skip
    cancelled = make_agreement(user=staf)
    services.agreement_transition(
        agreement_id=cancelled.pk, to="dibatalkan", date=dt.date(2024, 2, 1), note="x", user=staf
    )
    active = make_agreement(user=staf)
    # Imported as already ended: only the registration row, dated the start of facilitation.
    imported = make_agreement(user=staf, stage="selesai", facilitated_on=dt.date(2018, 3, 1))
    Agreement.objects.update(ended_on=None)  # as before the migration
    migration.backfill_ended_on(apps, None)
    assert dict(Agreement.objects.values_list("pk", "ended_on")) == {
        ended.pk: dt.date(2025, 4, 30),
        cancelled.pk: dt.date(2024, 2, 1),
        active.pk: None,
        imported.pk: None,  # unknown, not the day facilitation began
    }


# --------------------------------------------------------------------------- pages


@pytest.mark.django_db
def test_list_detail_public_and_export_show_the_actual_end_and_its_reason(client, staf):
    agreement = at_stage(
        make_agreement(
            user=staf,
            title="Pengelolaan sampah regional",
            start_date=dt.date(2021, 1, 4),
            end_date=dt.date(2026, 12, 31),
        ),
        "pelaksanaan",
    )
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="pks", signed_on=dt.date(2021, 1, 4), user=staf
    )
    running = make_agreement(user=staf, title="Masih berjalan", end_date=dt.date(2029, 3, 31))
    run(D)
    client.force_login(staf)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Berakhir pada" in page
    assert "31 Desember 2026" in page
    assert "Jangka waktu berakhir" in page
    assert "Masa berlaku (direncanakan)" in page
    listing = client.get(reverse("agreements:list")).content.decode()
    assert "jangka waktu berakhir" in listing
    assert "direncanakan" in listing  # the running one's planned end
    assert "31 Maret 2029" in listing
    public = client.get("/publik/").content.decode()
    assert "Berakhir" in public
    assert "(jangka waktu berakhir)" in public
    row = next(
        r for r in client.get("/publik/data.json").json()["results"]
        if r["number"] == agreement.number
    )  # fmt: skip
    assert row["ended_on"] == "2026-12-31"
    assert row["end_reason"] == "berakhir_jangka_waktu"
    csv_text = client.get(reverse("agreements:export_csv")).content.decode("utf-8-sig")
    header, *lines = csv_text.splitlines()
    assert "Tanggal berakhir (direncanakan),Tanggal berakhir sebenarnya,Alasan berakhir" in header
    ended_line = next(line for line in lines if agreement.number in line)
    assert "2026-12-31,2026-12-31,Jangka waktu berakhir" in ended_line
    running_line = next(line for line in lines if running.number in line)
    assert "2029-03-31,," in running_line


# --------------------------------------------------------------------------- embedded default


def test_scripts_run_runs_the_daily_job_after_the_demo_and_before_serving():
    from django.conf import settings

    script = (settings.BASE_DIR / "scripts" / "run").read_text()
    order = [
        script.index(f"manage.py {name}") for name in ("load_demo", "daily_tasks", "runserver")
    ]
    assert order == sorted(order)


@pytest.mark.django_db
def test_demo_then_daily_job_fills_the_notifications_page(client):
    from django.contrib.auth.models import User
    from django.utils import timezone

    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    expiring = set(
        Agreement.objects.filter(
            status="aktif", end_date__gte=today, end_date__lte=today + dt.timedelta(days=90)
        ).values_list("pk", flat=True)
    )
    assert len(expiring) == 4  # the demo's agreements expiring within 90 days
    call_command("daily_tasks", stdout=io.StringIO())
    reminded = set(
        Notification.objects.filter(key__startswith="expiry:").values_list("agreement", flat=True)
    )
    assert reminded == expiring
    # Demo agreements whose term ended years ago are no longer active.
    assert not Agreement.objects.filter(status="aktif", end_date__lt=today).exists()
    client.force_login(User.objects.get(username="staf"))
    page = client.get(reverse("notifications:list")).content.decode()
    assert "akan berakhir dalam" in page
    assert "berakhir otomatis" in page
