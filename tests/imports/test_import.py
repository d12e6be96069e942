"""Import of an old register: dry run names bad rows, all-or-nothing, no duplicates on re-import."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agreements.choices import Stage, Status
from agreements.models import Agreement, Naskah, Partner, StageHistory
from imports import importer
from tests.factories import PartnerFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGIONS = ("35.73", "35.79", "35.14", "35.05", "32.16")


def sample_rows(n: int = 500) -> list[dict]:
    """A reproducible register of n rows over the four kinds, some with a signed naskah."""
    rows = []
    for i in range(n):
        kind = ("KSDD", "KSDPK", "KSDPL", "KSDLL")[i % 4]
        year = 2015 + i % 8
        row = {
            "nomor": f"LAMA/{year}/{i + 1:04d}",
            "judul": f"Kerja sama lama nomor {i + 1}",
            "jenis": kind,
            "urusan": "1.01;2.11" if i % 3 == 0 else "3.26",
            "tanggal_fasilitasi": f"{year}-02-0{1 + i % 9}",
            "tanggal_mulai": f"{year}-07-01",
            "tanggal_berakhir": f"{year + 5}-06-30",
            "tahapan": "pelaksanaan",
            "status": "aktif",
        }
        if kind == "KSDD":
            row |= {
                "mitra": f"Pemerintah Daerah {i % 5}",
                "jenis_mitra": "daerah",
                "kode_daerah": REGIONS[i % 5],
            }
        elif kind == "KSDPK":
            row |= {"mitra": f"PT Mitra Usaha {i % 7}", "jenis_pihak_ketiga": "bumd"}
        elif kind == "KSDPL":
            row |= {"mitra": "Gemeente Arnhem", "kode_negara": "NL", "tahapan": "prakarsa"}
        else:
            row |= {"mitra": f"Universität {i % 3}", "kode_negara": "DE", "tahapan": "selesai"}
            row["status"] = ""
        if i % 2 == 0:
            row |= {
                "jenis_naskah": "pks" if kind in ("KSDD", "KSDPK") else "kb",
                "nomor_naskah": f"PKS/{i}/{year}",
                "tanggal_tanda_tangan": dt.date(year, 6, 20),  # a real date cell
            }
        rows.append(row)
    return rows


def xlsx_bytes(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(importer.COLUMN_NAMES))
    for row in rows:
        sheet.append([row.get(name, "") for name in importer.COLUMN_NAMES])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "register.xlsx"):
    return client.post(
        reverse("imports:import"), {"file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )


@pytest.mark.django_db
def test_import_500_rows_dry_run_all_or_nothing_and_no_duplicates(client, staf):
    existing = PartnerFactory(name="GEMEENTE ARNHEM", partner_type="pemda_luar_negeri")
    rows = sample_rows(500)
    rows[10]["jenis"] = "KSDX"  # file row 12
    rows[200]["tanggal_mulai"] = "31/02/2020"  # file row 202
    rows[400]["kode_daerah"] = "99.99"  # file row 402 (a KSDD row)
    assert rows[400]["jenis"] == "KSDD"
    bad = xlsx_bytes(rows)
    client.force_login(staf)

    # Dry run names the three rows and their columns, offers no import button.
    response = upload(client, bad)
    assert response.status_code == 200
    page = response.content.decode()
    errors = re.findall(r"Baris (\d+), kolom (\w+):", page)
    assert errors == [("12", "jenis"), ("202", "tanggal_mulai"), ("402", "kode_daerah")]
    assert reverse("imports:import_confirm") not in page
    assert 'name="upload_id"' not in page
    assert response.context["upload_id"] == ""  # nothing stored for a file with errors

    # The real import writes nothing while they are there.
    report = importer.register_import(content=bad, user=staf)
    assert not report.ok
    assert not report.done
    assert [(line, col) for line, col, _ in report.errors] == [
        (12, "jenis"),
        (202, "tanggal_mulai"),
        (402, "kode_daerah"),
    ]
    assert Agreement.objects.count() == 0
    assert Partner.objects.count() == 1

    # Fixed: the dry run offers the import; confirming writes all 500.
    rows[10]["jenis"] = "KSDPL"
    rows[200]["tanggal_mulai"] = "2020-02-28"
    rows[400]["kode_daerah"] = "35.07"
    good = xlsx_bytes(rows)
    response = upload(client, good)
    assert response.status_code == 200
    assert response.context["report"].new_count == 500
    upload_id = response.context["upload_id"]
    assert upload_id
    assert default_storage.exists(f"impor/{upload_id}")
    response = client.post(reverse("imports:import_confirm"), {"upload_id": upload_id})
    assert response.status_code == 302
    assert Agreement.objects.count() == 500
    assert not default_storage.exists(f"impor/{upload_id}")  # deleted after import

    # What was written: numbers of the registry, the old number kept, no fake history.
    first = Agreement.objects.get(import_key=importer.import_key_for("LAMA/2015/0001", "", "", ""))
    assert re.fullmatch(r"KS/2015/\d{4}", first.number)
    assert "LAMA/2015/0001" in first.summary
    assert first.entered_after_fact
    assert first.stage == Stage.PELAKSANAAN
    assert first.status == Status.AKTIF
    assert list(first.urusan.values_list("code", flat=True)) == ["1.01", "2.11"]
    history = list(StageHistory.objects.filter(agreement=first))
    assert len(history) == 1
    assert "Dicatat setelah kejadian" in history[0].note
    assert Agreement.objects.filter(kind="KSDLL", stage="selesai", status="selesai").count() == 125
    assert Naskah.objects.count() == 250
    assert Naskah.objects.filter(agreement=first, naskah_type="pks").get().signed_on == (
        dt.date(2015, 6, 20)
    )
    # Partners: matched case-insensitively (Arnhem), created once per name and place.
    assert Partner.objects.filter(name__iexact="gemeente arnhem").count() == 1
    assert existing.agreements.count() == 125
    assert Partner.objects.filter(partner_type="daerah").count() == 6  # 5 names + the fixed row
    assert Partner.objects.filter(partner_type="pihak_ketiga").count() == 7
    assert Agreement.objects.filter(owner=staf, created_by=staf).count() == 500

    # Importing again adds nothing: every row is "sudah ada".
    response = upload(client, good)
    report = response.context["report"]
    assert report.existing_count == 500
    assert report.new_count == 0
    assert not response.context["upload_id"]
    assert importer.register_import(content=good, user=staf).created == 0
    assert Agreement.objects.count() == 500


@pytest.mark.django_db
def test_import_csv_semicolon_and_duplicate_rows_in_file(staf):
    text = (
        "judul;jenis;mitra;kode_daerah;tanggal_fasilitasi;jenis_naskah;tanggal_tanda_tangan\n"
        "Sampah regional;KSDD;Kota Batu;35.79;04/02/2019;kb;2019-03-01\n"
        "Sampah regional;KSDD;Kota Batu;35.79;04/02/2019;;\n"
        "Air minum;KSDD;Kota Batu;35.79;;pks;\n"
    )
    report = importer.register_import(content=text.encode(), user=staf, dry_run=True)
    assert [(line, col) for line, col, _ in report.errors] == [
        (3, "judul"),  # same title + kind + partner as row 2
        (4, "tanggal_fasilitasi"),  # no date at all to fall back on
        (4, "tanggal_tanda_tangan"),  # a naskah needs its signing date
    ]
    assert "baris 2" in report.errors[0][2]


@pytest.mark.django_db
def test_import_refuses_unreadable_files_with_a_message(client, staf):
    client.force_login(staf)
    response = upload(client, b"PK\x03\x04 not really a zip", "rusak.xlsx")
    assert response.status_code == 400
    assert "tidak dapat dibaca" in response.content.decode()
    response = upload(client, b"nama,alamat\nx,y\n", "salah.csv")
    assert response.status_code == 400
    assert "Kolom wajib tidak ditemukan" in response.content.decode()
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_import_pages_are_for_staf_only(client, sekda, staf):
    assert client.get(reverse("imports:import")).status_code == 302
    client.force_login(sekda)
    assert client.get(reverse("imports:import")).status_code == 403
    assert client.get(reverse("imports:import_template")).status_code == 403
    assert client.post(reverse("imports:import_confirm"), {"upload_id": "x"}).status_code == 403


@pytest.mark.django_db
def test_confirm_refuses_an_upload_of_another_session(client, staf):
    client.force_login(staf)
    response = upload(client, xlsx_bytes(sample_rows(4)))
    upload_id = response.context["upload_id"]
    other = type(client)()
    other.force_login(staf)
    response = other.post(reverse("imports:import_confirm"), {"upload_id": upload_id}, follow=True)
    assert "tidak ditemukan" in response.content.decode()
    response = other.post(reverse("imports:import_confirm"), {"upload_id": "../../etc/passwd"})
    assert response.status_code == 302
    assert Agreement.objects.count() == 0
    client.post(reverse("imports:import_cancel"), {"upload_id": upload_id})
    assert not default_storage.exists(f"impor/{upload_id}")


@pytest.mark.django_db
def test_template_has_header_example_and_code_sheet_and_imports_cleanly(client, staf):
    client.force_login(staf)
    response = client.get(reverse("imports:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    content = response.content
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames[:2] == ["Register", "Penjelasan kode"]
    header, example = list(workbook["Register"].iter_rows(max_row=2, values_only=True))
    assert tuple(header) == importer.COLUMN_NAMES
    assert example[1] == importer.EXAMPLE_ROW["judul"]
    codes = {row[0] for row in workbook["Penjelasan kode"].iter_rows(values_only=True)}
    assert {"KSDD", "persetujuan_dprd", "bumd", "1.01", "3.32", "kb"} <= codes
    report = importer.register_import(content=content, user=staf)
    assert report.done
    assert report.created == 1


@pytest.mark.django_db
def test_import_register_command_dry_run_then_real(tmp_path, staf, capsys):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes(sample_rows(8)))
    call_command("import_register", str(path), "--dry-run")
    assert Agreement.objects.count() == 0
    assert "baru: 8" in capsys.readouterr().out
    call_command("import_register", str(path), "--user", staf.username)
    assert Agreement.objects.filter(created_by=staf).count() == 8
    rows = sample_rows(2)
    rows[1]["jenis"] = "XYZ"
    path.write_bytes(xlsx_bytes(rows))
    with pytest.raises(CommandError, match="Tidak ada data disimpan"):
        call_command("import_register", str(path))
    assert "Baris 3, kolom jenis" in capsys.readouterr().err


@pytest.mark.django_db
def test_import_keeps_how_an_old_agreement_ended(staf):
    base = {
        "jenis": "KSDD",
        "mitra": "Pemerintah Kota Batu",
        "jenis_mitra": "daerah",
        "kode_daerah": "35.79",
        "tanggal_fasilitasi": "2015-02-02",
        "tanggal_mulai": "2015-07-01",
        "tanggal_berakhir": "2020-06-30",
    }
    rows = [
        base | {"judul": "Selesai lama", "tahapan": "selesai", "tanggal_selesai": "2020-06-30",
                "alasan_berakhir": "berakhir_jangka_waktu"},
        base | {"judul": "Batal lama", "tahapan": "dibatalkan", "tanggal_selesai": "2016-01-15"},
        base | {"judul": "Aktif dengan tanggal selesai", "tahapan": "pelaksanaan",
                "tanggal_selesai": "2020-06-30"},
        base | {"judul": "Alasan salah", "tahapan": "selesai", "alasan_berakhir": "pailit"},
        base | {"judul": "Alasan tanpa selesai", "tahapan": "dibatalkan",
                "alasan_berakhir": "tujuan_tercapai"},
        base | {"judul": "Selesai sebelum mulai", "tahapan": "selesai",
                "tanggal_selesai": "2014-01-01"},
    ]  # fmt: skip
    report = importer.register_import(content=xlsx_bytes(rows), user=staf)
    assert [(line, col) for line, col, _ in report.errors] == [
        (4, "tanggal_selesai"),
        (5, "alasan_berakhir"),
        (6, "alasan_berakhir"),
        (7, "tanggal_selesai"),
    ]
    assert Agreement.objects.count() == 0
    report = importer.register_import(content=xlsx_bytes(rows[:2]), user=staf)
    assert report.ok
    ended = Agreement.objects.get(title="Selesai lama")
    assert (ended.status, ended.ended_on, ended.end_reason) == (
        Status.SELESAI,
        dt.date(2020, 6, 30),
        "berakhir_jangka_waktu",
    )
    cancelled = Agreement.objects.get(title="Batal lama")
    assert (cancelled.status, cancelled.ended_on, cancelled.end_reason) == (
        Status.DIBATALKAN,
        dt.date(2016, 1, 15),
        "",
    )
