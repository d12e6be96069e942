"""Hostile input on the HTML side: every form field and query parameter, no 500, nothing lost.

Each POST runs inside a savepoint that is rolled back afterwards, so every hostile request meets
the same realistic data (a KSDPL at persetujuan_dprd with documents and naskah, a second agreement,
a partner, a target, a report job, notifications). When the answer is an error (status >= 400 or
an error message on a redirect), no row of any table below may have been written or changed.

The API side is fuzzed by schemathesis in test_schemathesis.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from urllib.parse import urlencode

import pytest
from django.contrib import messages as django_messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from agreements import services
from agreements.models import (
    Agreement,
    Document,
    DprdDecision,
    FieldChange,
    Naskah,
    Partner,
    StageHistory,
    Urusan,
)
from monitoring.models import Evaluation, MonevConclusion, Realisation, Target
from notifications.models import Notification
from reports.models import ReportJob
from tests.factories import UserFactory, confirm_ps27, make_agreement, partner_for

# --------------------------------------------------------------------------- hostile values

#: Sent to every field and parameter. bytes are sent percent-encoded as they are (not UTF-8).
COMMON: list[tuple[str, object]] = [
    ("kosong", ""),
    ("spasi", "   \t\n "),
    ("panjang", "x" * 10_000),
    ("nul", "ab\x00cd"),
    ("bukan-utf8", b"\xff\xfe\xed\xa0\x80\xc3"),
    ("unicode", "𝕏🙂\u202e\ufeffe\u0301 ²"),
    ("html", "<script>alert(1)</script>\"'&<b>"),
    ("daftar", ["1", "2026-03-01"]),  # the key repeated
]
NUMBERS = [("negatif", "-1"), ("raksasa", str(10**30)), ("raksasa-neg", str(-(10**30))),
           ("huruf", "abc"), ("nan", "NaN"), ("inf", "Infinity"), ("pecahan", "1.5"),
           ("superskrip", "²"), ("digit-panjang", "9" * 5000)]  # fmt: skip
DATES = [("nol", "0000-00-00"), ("30-feb", "2026-02-30"), ("tahun-5-digit", "99999-01-01"),
         ("huruf", "abc"), ("angka", "20260301")]  # fmt: skip
CHOICES = [("kode-asing", "bukan_kode"), ("huruf-besar", "KB"), ("angka", "1")]
IDS = [("tak-ada", "999999999"), ("raksasa", str(10**30)), ("huruf", "abc"), ("negatif", "-1"),
       ("superskrip", "²"), ("digit-panjang", "9" * 5000)]  # fmt: skip

EXTRA = {"text": [], "int": NUMBERS, "date": DATES, "choice": CHOICES, "id": IDS, "bool": CHOICES}


#: Free-text fields that behave like one already fuzzed in full: the values that have hurt.
NOTE = ("panjang", "nul", "bukan-utf8", "daftar")


def values_for(kind: str) -> list[tuple[str, object]]:
    if kind == "note":
        return [(label, value) for label, value in COMMON if label in NOTE]
    return COMMON + EXTRA[kind]


def encode(data: dict) -> str:
    """application/x-www-form-urlencoded, lists as repeated keys, bytes sent as raw bytes."""
    pairs = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, item))
    return urlencode(pairs)


# --------------------------------------------------------------------------- data


@pytest.fixture
def world(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    staf = UserFactory(username="f.staf", role="staf_kerja_sama")
    admin = UserFactory(username="f.admin", is_superuser=True, is_staff=True)
    other = UserFactory(username="f.lain", role="staf_kerja_sama")
    agreement = make_agreement(kind="KSDPL", user=staf, title="Kota kembar Arnhem")

    def upload(agreement_id, doc_type, title, body=b"%PDF-1.4\n%%EOF\n"):
        return services.document_upload(
            agreement_id=agreement_id,
            uploaded_file=SimpleUploadedFile(f"{doc_type}.pdf", body),
            doc_type=doc_type,
            title=title,
            user=staf,
        )

    document = upload(agreement.pk, "surat_menteri", "Surat Menteri")
    upload(agreement.pk, "pernyataan_kehendak", "LoI", b"%PDF-1.4\nLoI\n%%EOF\n")
    naskah = services.naskah_create(
        agreement_id=agreement.pk,
        naskah_type="rencana_kerja_sama",
        signed_on=dt.date(2026, 3, 1),
        user=staf,
    )
    confirm_ps27(agreement, staf)
    for stage in ("penjajakan", "konsultasi_pusat", "pernyataan_kehendak", "penyusunan_rencana",
                  "persetujuan_dprd"):  # fmt: skip
        services.agreement_transition(
            agreement_id=agreement.pk, to=stage, date=dt.date(2026, 3, 2), user=staf
        )
    # A second agreement: its document and naskah must not be usable from the first one.
    second = make_agreement(
        kind="KSDD", user=staf, title="Pengelolaan sampah", end_date=dt.date(2027, 3, 1)
    )
    foreign_document = upload(second.pk, "pks", "PKS lain")
    foreign_naskah = services.naskah_create(
        agreement_id=second.pk, naskah_type="kb", signed_on=dt.date(2026, 3, 3), user=staf
    )
    job = ReportJob.objects.create(
        key="fuzz", report_type="monev_annual", params={"year": 2026}, status="done"
    )
    mine = Notification.objects.create(user=staf, key="fuzz-1", message="uji")
    theirs = Notification.objects.create(user=other, key="fuzz-2", message="uji lain")
    Target.objects.create(indicator="iku", year=2026, period="tahunan", target=80)
    return {
        "staf": staf,
        "admin": admin,
        "agreement": agreement,
        "second": second,
        "document": document,
        "naskah": naskah,
        "foreign_document": foreign_document,
        "foreign_naskah": foreign_naskah,
        "partner": partner_for("KSDD"),
        "partner_ksdpl": agreement.partners.first(),
        "urusan": Urusan.objects.order_by("pk").first(),
        "job": job,
        "mine": mine,
        "theirs": theirs,
    }


TABLES = [Agreement, StageHistory, FieldChange, Naskah, Document, DprdDecision, Partner,
          Target, Realisation, Evaluation, ReportJob, Notification, MonevConclusion]  # fmt: skip


def snapshot() -> tuple:
    """Row counts of every table a form can write, plus the editable rows themselves."""
    # Table names come from the models, not from input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in TABLES)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    agreements = list(
        Agreement.objects.order_by("pk").values_list("pk", "version", "stage", "status", "title")
    )
    partners = list(Partner.objects.order_by("pk").values_list())
    reads = list(Notification.objects.order_by("pk").values_list("pk", "read_at"))
    targets = list(Target.objects.order_by("pk").values_list())
    return tuple(row), agreements, partners, reads, targets


def is_error(response) -> bool:
    if response.status_code >= 400:
        return True
    return any(m.level >= django_messages.ERROR for m in get_messages(response.wsgi_request))


def post_checked(client, path: str, data: dict, *, multipart: bool = False, label: str = ""):
    """POST in a rolled-back savepoint; < 500, and an error answer wrote nothing."""
    client.cookies.pop("messages", None)  # only this request's messages count
    with transaction.atomic():
        before = snapshot()
        if multipart:
            response = client.post(path, data)
        else:
            response = client.post(
                path, encode(data), content_type="application/x-www-form-urlencoded"
            )
        after = snapshot()
        transaction.set_rollback(True)
    assert response.status_code < 500, f"POST {path} {label}: {response.status_code}"
    if is_error(response):
        assert after == before, f"POST {path} {label}: error answer but data changed"
    return response


def get_checked(client, path: str, params: dict, label: str = ""):
    response = client.get(f"{path}?{encode(params)}")
    assert response.status_code < 500, f"GET {path} {label}: {response.status_code}"
    return response


def login(client, user):
    client.force_login(user, backend="kerjasama.auth.RoleModelBackend")
    return client


# --------------------------------------------------------------------------- GET pages

#: path template -> {parameter: kind}. "junk" is a parameter no page knows.
GET_PAGES: dict[str, dict[str, str]] = {
    "/": {"junk": "text"},
    "/mitra/": {"q": "text", "jenis": "choice", "halaman": "int"},
    "/kerja-sama/": {
        "q": "text",
        "jenis": "choice",
        "tahapan": "choice",
        "status": "choice",
        "tahun": "int",
        "urusan": "id",
        "mitra_q": "text",
        "mitra": "id",
        "urut": "choice",
        "halaman": "int",
    },
    "/kerja-sama/ekspor.csv": {"q": "text", "tahun": "int", "mitra": "id", "urut": "choice"},
    "/kerja-sama/ekspor.xlsx": {"q": "text", "jenis": "choice", "urusan": "id"},
    "/kerja-sama/baru/": {"junk": "text"},
    "/kerja-sama/{agreement}/": {"junk": "text"},
    "/kerja-sama/{agreement}/ubah/": {"junk": "text"},
    "/kerja-sama/{agreement}/evaluasi/baru/": {"junk": "text"},
    "/mitra/baru/": {"junk": "text"},
    "/mitra/{partner}/ubah/": {"junk": "text"},
    "/monev/": {"tahun": "int"},
    "/monev/renja/2026/": {"junk": "text"},
    "/monev/target/": {"halaman": "int"},
    "/monev/evaluasi/": {"agreement": "id", "halaman": "int"},
    "/monev/kesimpulan/": {"junk": "text"},
    "/cari/": {"q": "text", "halaman": "int"},
    "/laporan/pengawasan/": {"junk": "text"},
    "/laporan/pengawasan/2026/": {"jenis": "choice"},
    "/laporan/pengawasan/2026.xlsx": {"jenis": "choice"},
    "/laporan/": {"halaman": "int"},
    "/laporan/status/": {"halaman": "int"},
    "/laporan/{job}/unduh/": {"junk": "text"},
    "/dprd/": {"halaman": "int"},
    "/impor/": {"junk": "text"},
    "/notifikasi/": {"halaman": "int"},
    "/publik/": {
        "search": "text",
        "kind": "choice",
        "year": "int",
        "urusan": "id",
        "status": "choice",
        "halaman": "int",
    },
    "/publik/data.json": {"search": "text", "year": "int", "urusan": "id"},
    "/publik/data.csv": {"search": "text", "kind": "choice", "status": "choice"},
    "/kerja-sama/{agreement}/dokumen/{document}/unduh/": {"junk": "text"},
}


def fill(template: str, world: dict) -> str:
    return template.format(
        agreement=world["agreement"].pk,
        partner=world["partner"].pk,
        job=world["job"].pk,
        document=world["document"].pk,
    )


def test_get_pages_survive_hostile_query_strings(client, world):
    """One test for all pages: the data is built once (the fixture is the slow part)."""
    login(client, world["staf"])
    for template, params in GET_PAGES.items():
        path = fill(template, world)
        for name, kind in params.items():
            for label, value in values_for(kind):
                get_checked(client, path, {name: value}, f"{name}={label}")
        # Everything hostile at once, each parameter repeated.
        get_checked(client, path, {name: ["\x00", "x" * 5000] for name in params}, "semua")


def test_get_pages_as_superuser(client, world):
    login(client, world["admin"])
    for template in ("/kerja-sama/", "/cari/", "/monev/", "/publik/", "/mitra/"):
        path = fill(template, world)
        for name in GET_PAGES[template]:
            for label, value in COMMON:
                get_checked(client, path, {name: value}, f"{name}={label}")


def test_login_page_and_form(client, world):
    for label, value in COMMON + IDS:
        get_checked(client, "/accounts/login/", {"next": value}, f"next={label}")
    base = {"username": "f.staf", "password": "salah-sekali", "next": "/kerja-sama/"}
    for field in base:
        for label, value in COMMON:
            response = post_checked(
                client, "/accounts/login/", {**base, field: value}, label=f"{field}={label}"
            )
            assert response.status_code != 302 or field == "next", "masuk dengan sandi salah?"


# --------------------------------------------------------------------------- POST forms


def _agreement_data(w: dict) -> dict:
    return {
        "title": "Kerja sama persampahan", "kind": "KSDD", "partners": [str(w["partner"].pk)],
        "urusan": [str(w["urusan"].pk)], "bidang": "lingkungan", "summary": "Ringkas",
        "objective": "Tujuan", "scope": "Lingkup", "financing_source": "APBD",
        "value_idr": "1000000", "burdens_public": "", "budgeted_in_apbd": "on",
        "initiating_unit": "DLH", "facilitated_on": "2026-03-02", "start_date": "2026-04-01",
        "end_date": "2027-04-01", "confidential": "",
    }  # fmt: skip


AGREEMENT_KINDS = {
    "title": "text", "kind": "choice", "partners": "id", "urusan": "id", "bidang": "choice",
    "summary": "text", "objective": "note", "scope": "note", "financing_source": "note",
    "value_idr": "int", "burdens_public": "bool", "budgeted_in_apbd": "bool",
    "initiating_unit": "note", "facilitated_on": "date", "start_date": "date", "end_date": "date",
    "confidential": "bool",
}  # fmt: skip

PARTNER_KINDS = {
    "name": "text", "partner_type": "choice", "region_code": "id", "third_party_type": "choice",
    "country_code": "choice", "address": "note", "contact_name": "note", "contact_email": "text",
}  # fmt: skip


def _evaluation_data(w: dict) -> dict:
    from monitoring.models import ASPECTS, CRITERIA

    data = {"evaluated_on": "2026-03-10", "period_year": "2026", "obstacles": "Hambatan",
            "follow_ups": "Tindak lanjut", "evidence": [str(w["document"].pk)]}  # fmt: skip
    for code in CRITERIA:
        data[code] = "4"
        data[f"{code}_note"] = "Catatan"
    for code in list(ASPECTS)[:2]:
        data[f"aspect_{code}"] = "Aspek"
    return data


def _evaluation_kinds() -> dict:
    from monitoring.models import ASPECTS, CRITERIA

    kinds = {"evaluated_on": "date", "period_year": "int", "obstacles": "text",
             "follow_ups": "text", "evidence": "id"}  # fmt: skip
    for code in CRITERIA:
        kinds[code] = "int" if code == CRITERIA[0] else "choice"
        kinds[f"{code}_note"] = "text" if code == CRITERIA[0] else "note"
    kinds[f"aspect_{next(iter(ASPECTS))}"] = "text"
    return kinds


#: name -> (path template, baseline data(world), {field: kind})
POSTS = {
    "mitra-baru": (
        "/mitra/baru/",
        lambda w: {
            "name": "Kota Batu",
            "partner_type": "daerah",
            "region_code": "35.79",
            "third_party_type": "",
            "country_code": "",
            "address": "Jl. Panglima Sudirman",
            "contact_name": "Budi",
            "contact_email": "budi@batukota.go.id",
        },
        PARTNER_KINDS,
    ),
    "mitra-ubah": (
        "/mitra/{partner}/ubah/",
        lambda w: {
            "name": "Kota Malang",
            "partner_type": "daerah",
            "region_code": "35.73",
            "third_party_type": "",
            "country_code": "",
            "address": "Jl. Tugu",
            "contact_name": "Sari",
            "contact_email": "sari@malangkota.go.id",
        },
        {"name": "text", "partner_type": "choice", "region_code": "id"},
    ),
    "kerja-sama-baru": ("/kerja-sama/baru/", _agreement_data, AGREEMENT_KINDS),
    "kerja-sama-ubah": (
        "/kerja-sama/{agreement}/ubah/",
        lambda w: {
            **_agreement_data(w),
            "kind": "KSDPL",
            "partners": [str(w["partner_ksdpl"].pk)],
            "version": str(Agreement.objects.get(pk=w["agreement"].pk).version),
        },
        {"title": "text", "partners": "id", "end_date": "date", "version": "int"},
    ),
    "tahapan": (
        "/kerja-sama/{agreement}/tahapan/",
        lambda w: {
            "to": "dibatalkan",
            "date": "2026-03-05",
            "note": "Mitra mundur",
            "reason": "",
            "substantive": "",
        },
        {"to": "choice", "date": "date", "note": "text", "reason": "choice", "substantive": "bool"},
    ),
    "tahapan-selesai": (
        "/kerja-sama/{second}/tahapan/",
        lambda w: {
            "to": "selesai",
            "date": "2026-03-05",
            "note": "",
            "reason": "jangka_waktu",
            "substantive": "",
        },
        {"reason": "choice", "date": "date"},
    ),
    "dprd": (
        "/kerja-sama/{agreement}/dprd/",
        lambda w: {
            "decision": "disetujui",
            "date": "2026-03-10",
            "letter_number": "170/12/DPRD/2026",
            "note": "Rapat paripurna",
        },
        {"decision": "choice", "date": "date", "letter_number": "text", "note": "text"},
    ),
    "naskah": (
        "/kerja-sama/{agreement}/naskah/",
        lambda w: {
            "naskah_type": "kb",
            "number": "KB/1/2026",
            "title": "Kesepakatan",
            "signed_on": "2026-03-05",
            "valid_from": "2026-03-05",
            "valid_until": "2028-03-05",
            "document": str(w["document"].pk),
            "amends": "",
        },
        {
            "naskah_type": "choice",
            "number": "text",
            "title": "text",
            "signed_on": "date",
            "valid_from": "date",
            "valid_until": "date",
            "document": "id",
            "amends": "id",
        },
    ),
    "evaluasi": ("/kerja-sama/{agreement}/evaluasi/baru/", _evaluation_data, _evaluation_kinds()),
    "target": (
        "/monev/target/",
        lambda w: {
            "indicator": "output_antar_daerah",
            "year": "2027",
            "period": "tahunan",
            "target": "12",
            "budget_idr": "405282000",
            "note": "Renja",
            "replace": "",
        },
        {
            "indicator": "choice",
            "year": "int",
            "period": "choice",
            "target": "int",
            "budget_idr": "int",
            "note": "text",
            "replace": "bool",
        },
    ),
    "laporan-monev": ("/laporan/monev/", lambda w: {"year": "2026"}, {"year": "int"}),
    "kesimpulan": (
        "/monev/kesimpulan/",
        lambda w: {"year": "2026", "text": "Kerja sama berjalan baik."},
        {"year": "int", "text": "text"},
    ),
    "laporan-pengawas": (
        "/laporan/pengawas/",
        lambda w: {"year": "2026", "kinds": ["KSDPL", "KSDLL"]},
        {"year": "int", "kinds": "choice"},
    ),
    "laporan-lembar": ("/laporan/lembar/{agreement}/", lambda w: {}, {"junk": "text"}),
    "berkas-dprd": ("/dprd/{agreement}/berkas/", lambda w: {}, {"junk": "text"}),
    "lanjutkan": ("/kerja-sama/{second}/lanjutkan/", lambda w: {}, {"junk": "text"}),
    "impor-jalankan": ("/impor/jalankan/", lambda w: {"upload_id": ""}, {"upload_id": "id"}),
    "impor-batal": ("/impor/batal/", lambda w: {"upload_id": ""}, {"upload_id": "id"}),
    "notifikasi-semua": ("/notifikasi/dibaca/", lambda w: {}, {"junk": "text"}),
    "notifikasi-satu": ("/notifikasi/{mine}/dibaca/", lambda w: {}, {"junk": "text"}),
    "sandi": (
        "/accounts/password_change/",
        lambda w: {
            "old_password": "rahasia-uji-123",
            "new_password1": "Kebun-Raya-Purwodadi-9",
            "new_password2": "Kebun-Raya-Purwodadi-9",
        },
        {"old_password": "text", "new_password1": "text", "new_password2": "text"},
    ),
}


def fill_post(template: str, w: dict) -> str:
    return template.format(
        agreement=w["agreement"].pk,
        second=w["second"].pk,
        partner=w["partner"].pk,
        mine=w["mine"].pk,
    )


@pytest.mark.parametrize("name", list(POSTS))
def test_post_forms_survive_hostile_fields(client, world, name):
    template, baseline, kinds = POSTS[name]
    login(client, world["staf"])
    path = fill_post(template, world)
    base = baseline(world)
    post_checked(client, path, base, label="isian sah")
    for field, kind in kinds.items():
        for label, value in values_for(kind):
            post_checked(client, path, {**base, field: value}, label=f"{field}={label}")
        if field in base:  # the field left out altogether
            post_checked(
                client, path, {k: v for k, v in base.items() if k != field}, label=f"tanpa {field}"
            )


def test_foreign_ids_are_refused(client, world):
    """Ids of another agreement's document/naskah/notification: a field error or 404, no write."""
    login(client, world["staf"])
    agreement = world["agreement"]
    naskah = POSTS["naskah"][1](world)
    for field, value in (
        ("document", world["foreign_document"].pk),
        ("amends", world["foreign_naskah"].pk),
    ):
        response = post_checked(
            client, f"/kerja-sama/{agreement.pk}/naskah/", {**naskah, field: str(value)}
        )
        assert response.status_code == 400
        assert "Masukkan pilihan yang valid" in response.content.decode(), field
    evaluation = _evaluation_data(world)
    response = post_checked(
        client,
        f"/kerja-sama/{agreement.pk}/evaluasi/baru/",
        {**evaluation, "evidence": [str(world["foreign_document"].pk)]},
    )
    assert response.status_code == 400
    assert "bukan nilai yang benar" in response.content.decode() or (
        "Masukkan pilihan yang valid" in response.content.decode()
    )
    response = post_checked(client, f"/notifikasi/{world['theirs'].pk}/dibaca/", {})
    assert response.status_code == 404
    response = client.get(
        f"/kerja-sama/{agreement.pk}/dokumen/{world['foreign_document'].pk}/unduh/"
    )
    assert response.status_code == 404


def test_superuser_posts(client, world):
    login(client, world["admin"])
    chosen = {
        "kerja-sama-baru": ("title", "partners", "value_idr", "end_date"),
        "naskah": ("signed_on", "document"),
        "target": ("target", "year"),
    }
    for name, fields in chosen.items():
        template, baseline, _ = POSTS[name]
        path = fill_post(template, world)
        base = baseline(world)
        for field in fields:
            for label, value in COMMON:
                post_checked(client, path, {**base, field: value}, label=f"{field}={label}")


def test_bad_input_keeps_what_was_typed(client, world):
    """A refused form comes back with the user's input and an Indonesian message by the field."""
    login(client, world["staf"])
    data = {**_agreement_data(world), "title": "Judul yang diketik", "end_date": "2026-02-30"}
    response = post_checked(client, "/kerja-sama/baru/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Judul yang diketik"' in body
    assert "Masukkan tanggal yang valid" in body
    data = {**_agreement_data(world), "title": "Judul kedua", "value_idr": str(10**30)}
    response = post_checked(client, "/kerja-sama/baru/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Judul kedua"' in body
    assert "Pastikan nilai ini lebih kecil dari atau sama dengan" in body


# --------------------------------------------------------------------------- uploads


def _xlsx(build) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    build(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _template_headers() -> list[str]:
    from openpyxl import load_workbook

    from imports import importer

    sheet = load_workbook(io.BytesIO(importer.template_workbook())).active
    return [c.value for c in next(sheet.iter_rows(max_row=1)) if c.value]


def _formulas(sheet) -> None:
    headers = _template_headers()
    sheet.append(headers)
    sheet.append(["=1+1", '=HYPERLINK("http://x")', *["=A1"] * (len(headers) - 2)])
    sheet.merge_cells("A3:D5")
    sheet["A3"] = "gabungan"


def _merged_header(sheet) -> None:
    headers = _template_headers()
    sheet.append(headers)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)


def _only_header(sheet) -> None:
    sheet.append(_template_headers())


IMPORT_FILES = {
    "exe": ("register.xlsx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),
    "kosong": ("register.csv", b""),
    "pdf": ("register.pdf", b"%PDF-1.4\n%%EOF\n"),
    "zip-bukan-xlsx": ("register.xlsx", None),  # filled below
    "csv-bom-header-salah": ("register.csv", "\ufeffnama;tanggal\nA;B\n".encode()),
    "csv-bom": ("register.csv", None),
    "csv-latin1": ("register.csv", "judul,mitra\nCaf\xe9,\xc9\n".encode("latin-1")),
    "csv-nul": ("register.csv", b"judul,mitra\n\x00\x00,\x00\n"),
    "csv-baris-panjang": ("register.csv", b"a," * 50_000 + b"\n"),
    "xlsx-rumus-gabungan": ("register.xlsx", "formulas"),
    "xlsx-header-gabungan": ("register.xlsx", "merged"),
    "xlsx-hanya-header": ("register.xlsx", "header"),
    "nama-aneh": ("../../\u202e<script>.csv", b"judul\nx\n"),
}


def _import_content(key: str) -> tuple[str, bytes]:
    name, content = IMPORT_FILES[key]
    if key == "zip-bukan-xlsx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "bukan spreadsheet")
        content = buffer.getvalue()
    elif key == "csv-bom":
        content = ("\ufeff" + ",".join(_template_headers()) + "\n").encode()
    elif content == "formulas":
        content = _xlsx(_formulas)
    elif content == "merged":
        content = _xlsx(_merged_header)
    elif content == "header":
        content = _xlsx(_only_header)
    return name, content


def test_import_upload_bad_files(client, world):
    login(client, world["staf"])
    for key in IMPORT_FILES:
        name, content = _import_content(key)
        response = post_checked(
            client, "/impor/", {"file": SimpleUploadedFile(name, content)}, multipart=True,
            label=key,
        )  # fmt: skip
        assert response.status_code in (200, 400), key
        if response.status_code == 400:  # the reason next to the file field
            assert "invalid-feedback" in response.content.decode(), key


def test_import_form_without_file_and_with_text(client, world):
    login(client, world["staf"])
    for label, value in COMMON:
        post_checked(client, "/impor/", {"file": value}, label=f"file={label}")


DOC_FILES = {
    "kosong": ("surat.pdf", b""),
    "exe-ber-nama-pdf": ("surat.pdf", b"MZ\x90\x00" + b"\x00" * 64),
    "html": ("surat.html", b"<html><script>alert(1)</script></html>"),
    "nama-nul-panjang": ("s" * 300 + ".pdf", b"%PDF-1.4\n%%EOF\n"),
    "nama-aneh": ("../../\u202e<b>.pdf", b"%PDF-1.4\n%%EOF\n"),
    "tanpa-ekstensi": ("surat", b"%PDF-1.4\n%%EOF\n"),
}


def test_document_upload_bad_files_and_fields(client, world):
    login(client, world["staf"])
    path = f"/kerja-sama/{world['agreement'].pk}/dokumen/"
    base = {"doc_type": "surat_menteri", "title": "Surat"}
    for label, (name, content) in DOC_FILES.items():
        post_checked(
            client, path, {**base, "file": SimpleUploadedFile(name, content)}, multipart=True,
            label=label,
        )  # fmt: skip
    for field, kind in (("doc_type", "choice"), ("title", "text")):
        for label, value in values_for(kind):
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            data = {**base, field: value, "file": SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n")}
            post_checked(client, path, data, multipart=True, label=f"{field}={label}")
    post_checked(client, path, {**base, "file": "bukan berkas"}, multipart=True, label="teks")
