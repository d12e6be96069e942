"""Indonesian browser forms of the agreements app; they translate, services decide."""

from __future__ import annotations

from django import forms
from django_countries import countries

from kerjasama.forms_util import BootstrapFormMixin

from .choices import PartnerType, ThirdPartyType
from .models import Region


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
