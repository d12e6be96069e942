"""Indonesian browser forms of the agreements app; they translate, services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django_countries import countries

from kerjasama.forms_util import BootstrapFormMixin, IdMultipleChoiceField
from kerjasama.limits import TEXT_MAX_CHARS

from .choices import (
    Bidang,
    DocType,
    DprdDecisionValue,
    EndReason,
    Kind,
    KsddForm,
    NaskahType,
    PartnerType,
    Stage,
    Status,
    ThirdPartyType,
)
from .models import Document, Naskah, Partner, Region, Urusan


class PartnerForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Nama mitra", max_length=255)
    partner_type = forms.ChoiceField(label="Jenis mitra", choices=PartnerType.choices)
    region_code = forms.ModelChoiceField(
        label="Daerah (untuk mitra daerah)",
        queryset=Region.objects.all(),
        required=False,
        to_field_name="code",
        empty_label="— pilih daerah —",
    )
    third_party_type = forms.ChoiceField(
        label="Jenis pihak ketiga (PP 28/2018 Ps. 14)",
        choices=[("", "— tidak berlaku —"), *ThirdPartyType.choices],
        required=False,
    )
    country_code = forms.ChoiceField(
        label="Negara (untuk mitra luar negeri)",
        choices=[("", "— pilih negara —"), *list(countries)],
        required=False,
    )
    address = forms.CharField(
        label="Alamat", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    contact_name = forms.CharField(label="Narahubung", max_length=160, required=False)
    contact_email = forms.EmailField(label="Surel narahubung", required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        region = data.pop("region_code", None)
        data["region_code"] = region.code if region else None
        return data


# --------------------------------------------------------------------------- agreements

#: ?urut= values of the list page -> ordering (a leading "-" means descending).
SORTS = {
    "number": "Nomor registri",
    "title": "Judul",
    "facilitated_on": "Tanggal difasilitasi",
    "stage": "Tahapan",
    "end_date": "Tanggal berakhir",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PartnerMultipleChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return f"{obj.name} ({obj.get_partner_type_display()})"


class AgreementFilterForm(forms.Form):
    """The query string of /kerja-sama/ and its exports; invalid values are simply ignored."""

    q = forms.CharField(label="Cari", required=False, max_length=200)
    jenis = forms.ChoiceField(
        label="Jenis", required=False, choices=[("", "Semua jenis"), *Kind.choices]
    )
    tahapan = forms.ChoiceField(
        label="Tahapan", required=False, choices=[("", "Semua tahapan"), *Stage.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *Status.choices]
    )
    tahun = forms.IntegerField(
        label="Tahun difasilitasi", required=False, min_value=1990, max_value=2100
    )
    # The codes as choices, read in one query per form (a ModelChoiceField's <select> counts the
    # rows and then reads them through a server-side cursor: three round trips, F15).
    urusan = forms.ChoiceField(label="Urusan", required=False)
    # A name search, not a <select> of every partner (thousands of options: benchmarks F2).
    mitra_q = forms.CharField(label="Nama mitra", required=False, max_length=200)
    # ?mitra=<id> (links from a partner's page) still works; the page shows only its name.
    mitra = forms.ModelChoiceField(
        label="Mitra",
        required=False,
        queryset=Partner.objects.only("id", "name"),
        widget=forms.HiddenInput,
    )
    urut = forms.ChoiceField(
        label="Urutkan",
        required=False,
        choices=[
            ("", "Terbaru"),
            *[(key, f"{label} (naik)") for key, label in SORTS.items()],
            *[(f"-{key}", f"{label} (turun)") for key, label in SORTS.items()],
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["urusan"].choices = [
            ("", "Semua urusan"),
            *((u.code, str(u)) for u in Urusan.objects.order_by("code").only("code", "name")),
        ]

    def selector_filters(self) -> dict:
        """The filters of agreements.selectors.agreement_list (valid fields only)."""
        self.is_valid()  # cleaned_data keeps the fields that validated, drops the others
        data = self.cleaned_data
        urusan = data.get("urusan")
        mitra = data.get("mitra")
        return {
            "search": data.get("q") or "",
            "kind": data.get("jenis") or "",
            "stage": data.get("tahapan") or "",
            "status": data.get("status") or "",
            "year": data.get("tahun") or "",
            "urusan": urusan or "",
            "partner": mitra.pk if mitra else "",
            "partner_name": data.get("mitra_q") or "",
        }

    def sort_key(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("urut") or ""


class AgreementForm(BootstrapFormMixin, forms.Form):
    """Create and edit an agreement; kind/partner fit and dates are checked by the service."""

    title = forms.CharField(label="Judul kerja sama", max_length=300)
    kind = forms.ChoiceField(
        label="Jenis kerja sama", choices=[("", "— pilih jenis —"), *Kind.choices]
    )
    partners = PartnerMultipleChoiceField(
        label="Mitra",
        queryset=Partner.objects.order_by("name", "id"),
        help_text="Jenis mitra harus sesuai jenis kerja sama (KSDD ↔ daerah lain, KSDPK ↔ pihak "
        "ketiga, KSDPL ↔ pemda luar negeri, KSDLL ↔ lembaga luar negeri, Sinergi ↔ "
        "kementerian/lembaga pusat).",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    urusan = forms.ModelMultipleChoiceField(
        label="Urusan pemerintahan",
        queryset=Urusan.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    bidang = forms.ChoiceField(
        label="Bidang", choices=[("", "— pilih bidang —"), *Bidang.choices], required=False
    )
    ksdd_form = forms.ChoiceField(
        label="Bentuk KSDD",
        choices=[("", "— belum ditentukan / bukan KSDD —"), *KsddForm.choices],
        required=False,
        help_text="Hanya untuk KSDD: wajib bagi daerah yang berbatasan untuk urusan dengan "
        "eksternalitas lintas daerah atau pelayanan yang lebih efisien bila dikelola bersama.",
    )
    ksdd_wajib_confirmed = forms.BooleanField(
        label="Saya telah memastikan bahwa daerah mitra berbatasan dan urusannya berdampak lintas "
        "daerah (eksternalitas) atau lebih efisien dikelola bersama (UU 23/2014 Ps. 364).",
        required=False,
    )
    summary = forms.CharField(
        label="Ringkasan",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_CHARS,
    )
    background = forms.CharField(
        label="Latar belakang", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    objective = forms.CharField(
        label="Maksud dan tujuan",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_CHARS,
    )
    targets = forms.CharField(
        label="Sasaran", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    object = forms.CharField(
        label="Objek kerja sama", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    scope = forms.CharField(
        label="Ruang lingkup",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_CHARS,
    )
    financing_source = forms.CharField(label="Sumber pembiayaan", max_length=255, required=False)
    value_idr = forms.IntegerField(
        label="Nilai kerja sama (Rp)",
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text="Bilangan bulat rupiah.",
    )
    burdens_public = forms.BooleanField(label="Membebani masyarakat dan daerah", required=False)
    budgeted_in_apbd = forms.BooleanField(
        label="Telah dianggarkan dalam APBD tahun berjalan", required=False, initial=True
    )
    initiating_unit = forms.CharField(
        label="Perangkat daerah pemrakarsa", max_length=255, required=False
    )
    facilitated_on = forms.DateField(
        label="Tanggal mulai difasilitasi", widget=DateInput(), initial=timezone.localdate
    )
    start_date = forms.DateField(label="Tanggal mulai berlaku", widget=DateInput(), required=False)
    end_date = forms.DateField(label="Tanggal berakhir", widget=DateInput(), required=False)
    confidential = forms.BooleanField(
        label="Rahasia (tidak tampil di register publik)", required=False
    )
    dprd_received_on = forms.DateField(
        label="Tanggal surat diterima DPRD",
        widget=DateInput(),
        required=False,
        help_text="Menurut cap agenda DPRD. Batas 45 hari kerja (KSDPL/KSDLL) dihitung sejak hari "
        "berikutnya (PP 28/2018 Ps. 30(4)).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["kind"].disabled = True
            self.fields[
                "kind"
            ].help_text = "Jenis kerja sama tidak dapat diubah setelah didaftarkan."
        else:
            del self.fields["version"]
            del self.fields["dprd_received_on"]

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == Kind.KSDD
            and data.get("ksdd_form") == KsddForm.WAJIB
            and not data.get("ksdd_wajib_confirmed")
        ):
            self.add_error(
                "ksdd_wajib_confirmed",
                "KSDD wajib: pastikan daerah mitra berbatasan dan urusannya berdampak lintas "
                "daerah, lalu centang pernyataan ini.",
            )
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("ksdd_wajib_confirmed", None)
        data["partners"] = [p.pk for p in data["partners"]]
        data["urusan"] = [u.code for u in data["urusan"]]
        return data


class TransitionForm(BootstrapFormMixin, forms.Form):
    to = forms.ChoiceField(label="Tahapan tujuan", choices=Stage.choices, widget=forms.HiddenInput)
    date = forms.DateField(label="Tanggal", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(
        label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    reason = forms.ChoiceField(
        label="Alasan berakhir",
        required=False,
        choices=[("", "— pilih alasan —"), *EndReason.choices],
    )
    substantive = forms.BooleanField(
        label="Revisi substantif (perlu persetujuan DPRD ulang)", required=False
    )


class DprdDecisionForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "dprd_%s")  # unique ids on the detail page
        super().__init__(*args, **kwargs)

    # No default: a decision is chosen deliberately, never submitted as "Disetujui" by accident.
    decision = forms.ChoiceField(
        label="Keputusan DPRD",
        choices=[("", "— pilih keputusan —"), *DprdDecisionValue.choices],
        error_messages={"required": "Pilih keputusan DPRD."},
    )
    date = forms.DateField(
        label="Tanggal keputusan", widget=DateInput(), initial=timezone.localdate
    )
    letter_number = forms.CharField(label="Nomor surat", max_length=120, required=False)
    note = forms.CharField(
        label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NaskahForm(BootstrapFormMixin, forms.Form):
    naskah_type = forms.ChoiceField(label="Jenis naskah", choices=NaskahType.choices)
    number = forms.CharField(label="Nomor naskah", max_length=160, required=False)
    title = forms.CharField(label="Judul naskah", max_length=300, required=False)
    signed_on = forms.DateField(label="Tanggal ditandatangani", widget=DateInput())
    valid_from = forms.DateField(label="Berlaku mulai", widget=DateInput(), required=False)
    valid_until = forms.DateField(label="Berlaku sampai", widget=DateInput(), required=False)
    document = forms.ModelChoiceField(
        label="Dokumen naskah",
        queryset=Document.objects.none(),
        required=False,
        empty_label="— tanpa dokumen —",
    )
    amends = forms.ModelChoiceField(
        label="Mengubah naskah (untuk addendum)",
        queryset=Naskah.objects.none(),
        required=False,
        empty_label="— tidak ada —",
    )

    def __init__(self, *args, agreement=None, **kwargs):
        kwargs.setdefault("auto_id", "naskah_%s")  # unique ids on the detail page
        super().__init__(*args, **kwargs)
        if agreement is not None:
            self.fields["document"].queryset = Document.objects.filter(agreement=agreement)
            self.fields["amends"].queryset = Naskah.objects.filter(agreement=agreement)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["document"] = data["document"].pk if data.get("document") else None
        data["amends"] = data["amends"].pk if data.get("amends") else None
        return data


class DocumentForm(BootstrapFormMixin, forms.Form):
    doc_type = forms.ChoiceField(label="Jenis dokumen", choices=DocType.choices)
    title = forms.CharField(label="Judul dokumen", max_length=255, required=False)
    file = forms.FileField(
        label="Berkas",
        help_text="PDF, DOCX, XLSX, JPEG, atau PNG; paling besar 20 MB.",
        error_messages={"required": "Pilih berkas yang akan diunggah."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "dokumen_%s")  # unique ids on the detail page
        super().__init__(*args, **kwargs)
