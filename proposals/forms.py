"""Indonesian browser forms of proposals; they translate, services decide."""

from __future__ import annotations

from django import forms
from django_countries import countries

from agreements.models import Region, Urusan
from kerjasama.forms_util import BootstrapFormMixin

from .choices import (
    CHECKLIST,
    Decision,
    ProposalKind,
    ProposalStatus,
    ProposerThirdPartyType,
    ProposerType,
)
from .models import LIMITS, MAX_ATTACHMENTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks count, size and content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _region_choices():
    return [("", "— pilih provinsi/kabupaten/kota —")] + [
        (code, name)
        for code, name in Region.objects.order_by("name", "code").values_list("code", "name")
    ]


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class ProposalForm(BootstrapFormMixin, forms.Form):
    proposer_type = forms.ChoiceField(
        label="Jenis pengusul", choices=[("", "— pilih —"), *ProposerType.choices]
    )
    proposer_name = forms.CharField(
        label="Nama instansi/lembaga pengusul",
        max_length=LIMITS["proposer_name"],
        help_text="Mis. Universitas Brawijaya, PT Air Bersih Nusantara, Pemerintah Kota Batu.",
    )
    third_party_type = forms.ChoiceField(
        label="Jenis pihak ketiga (bila pihak ketiga)",
        required=False,
        choices=[("", "— tidak berlaku —"), *ProposerThirdPartyType.choices],
    )
    region_code = forms.ChoiceField(
        label="Daerah pengusul (bila pemerintah daerah)", required=False
    )
    country_code = forms.ChoiceField(
        label="Negara (bila pengusul luar negeri)",
        required=False,
        choices=[("", "— pilih negara —"), *[(c, n) for c, n in countries if c != "ID"]],
    )
    contact_name = forms.CharField(
        label="Nama narahubung (pejabat penghubung)", max_length=LIMITS["contact_name"]
    )
    contact_email = forms.EmailField(
        label="Surel narahubung",
        max_length=LIMITS["contact_email"],
        help_text="Kode pelacakan dan setiap keputusan dikirim ke alamat ini.",
    )
    contact_phone = forms.CharField(
        label="Telepon narahubung", max_length=LIMITS["contact_phone"], required=False
    )
    kind = forms.ChoiceField(
        label="Jenis kerja sama yang diusulkan", choices=[("", "— pilih —"), *ProposalKind.choices]
    )
    title = forms.CharField(label="Judul usulan", max_length=LIMITS["title"])
    object = forms.CharField(
        label="Objek kerja sama", max_length=LIMITS["object"], widget=_textarea()
    )
    scope = forms.CharField(label="Ruang lingkup", max_length=LIMITS["scope"], widget=_textarea())
    benefits = forms.CharField(
        label="Manfaat bagi daerah dan masyarakat",
        max_length=LIMITS["benefits"],
        widget=_textarea(),
    )
    financing = forms.CharField(
        label="Rencana pembiayaan",
        max_length=LIMITS["financing"],
        widget=_textarea(3),
        help_text="Sumber dana dan pembagian beban (mis. APBD, dana mitra, hibah).",
    )
    attachments = MultipleFileField(
        label=f"Lampiran (paling banyak {MAX_ATTACHMENTS} berkas)",
        required=False,
        help_text="PDF, DOCX, XLSX, JPEG, atau PNG; paling besar 20 MB per berkas.",
    )
    # Honeypot: hidden from people (CSS and aria), filled only by robots.
    website = forms.CharField(label="Situs web (kosongkan)", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = _region_choices()
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1", "class": "form-control"}
        )

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "attachments"}
        return data

    def uploads(self) -> list:
        return self.cleaned_data.get("attachments") or []


class RevisionForm(ProposalForm):
    kode = forms.CharField(widget=forms.HiddenInput, max_length=64)


class TrackForm(BootstrapFormMixin, forms.Form):
    kode = forms.CharField(
        label="Kode pelacakan",
        max_length=64,
        help_text="16 huruf/angka seperti yang dikirim ke surel Anda, mis. ABCD-EFGH-JKMN-PQRS.",
    )


CHECK_CHOICES = [("", "— belum dinilai —"), ("ya", "Terpenuhi"), ("tidak", "Tidak terpenuhi")]


class ReviewForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Keputusan", choices=Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Catatan untuk pengusul",
        required=False,
        max_length=LIMITS["status_note"],
        widget=_textarea(3),
        help_text="Wajib untuk perlu perbaikan dan ditolak; dikirim ke pengusul apa adanya.",
    )
    partner = forms.ChoiceField(label="Mitra kerja sama (bila diterima)", required=False)
    urusan = forms.ModelMultipleChoiceField(
        label="Urusan pemerintahan (bila diterima)",
        required=False,
        queryset=Urusan.objects.order_by("code"),
        to_field_name="code",
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CHECKLIST:
            self.fields[f"cek_{code}"] = forms.ChoiceField(
                label=label, choices=CHECK_CHOICES, required=False
            )
            self.fields[f"cek_{code}_catatan"] = forms.CharField(
                label=f"Catatan: {label}",
                required=False,
                max_length=1000,
                widget=forms.TextInput(attrs={"placeholder": "catatan (opsional)"}),
            )
            for name in (f"cek_{code}", f"cek_{code}_catatan"):
                self.fields[name].widget.attrs["class"] = (
                    "form-select form-select-sm"
                    if name == f"cek_{code}"
                    else "form-control form-control-sm"
                )
        choices = [
            ("", "Cocokkan otomatis: mitra bernama sama, atau buat mitra baru dari data pengusul")
        ]
        choices += [
            (
                str(s["partner"].pk),
                f"Gunakan mitra “{s['partner'].name}” "
                f"({s['partner'].get_partner_type_display()}, kemiripan {s['score']}%)",
            )
            for s in suggestions
        ]
        self.fields["partner"].choices = choices
        self.fields["partner"].widget = forms.RadioSelect(choices=choices)
        # Radios, not selects (the mixin styles every *Select widget as a dropdown).
        for name in ("decision", "partner"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def checklist_rows(self):
        return [(self[f"cek_{code}"], self[f"cek_{code}_catatan"]) for code, _ in CHECKLIST]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        checklist = {}
        for code, _ in CHECKLIST:
            value = data.get(f"cek_{code}")
            note = data.get(f"cek_{code}_catatan") or ""
            if value or note:
                checklist[code] = {"ok": {"ya": True, "tidak": False}.get(value), "note": note}
        return {
            "decision": data["decision"],
            "note": data.get("note") or "",
            "checklist": checklist,
            "partner": int(data["partner"]) if data.get("partner") else None,
            "urusan": [u.code for u in data.get("urusan") or []],
        }


class QueueFilterForm(BootstrapFormMixin, forms.Form):
    search = forms.CharField(
        label="Cari judul, pengusul, atau kode", required=False, max_length=100
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *ProposalStatus.choices]
    )
    kind = forms.ChoiceField(
        label="Jenis", required=False, choices=[("", "Semua jenis"), *ProposalKind.choices]
    )
    proposer_type = forms.ChoiceField(
        label="Jenis pengusul",
        required=False,
        choices=[("", "Semua pengusul"), *ProposerType.choices],
    )
    year = forms.IntegerField(
        label="Tahun diajukan", required=False, min_value=2000, max_value=2100
    )
