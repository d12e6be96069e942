"""factory-boy factories with named, reproducible data (seeded in conftest)."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group, User

from agreements import services
from agreements.choices import KIND_PARTNER_TYPE, Kind, PartnerType
from agreements.models import Agreement, Partner, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Mitra {n}")
    partner_type = PartnerType.DAERAH
    region = factory.LazyAttribute(
        lambda p: Region.objects.get(code="35.73") if p.partner_type == PartnerType.DAERAH else None
    )
    country_code = factory.LazyAttribute(
        lambda p: {
            PartnerType.DAERAH: "ID",
            PartnerType.PIHAK_KETIGA: "ID",
            PartnerType.PEMDA_LUAR_NEGERI: "NL",
            PartnerType.LEMBAGA_LUAR_NEGERI: "DE",
            PartnerType.INSTANSI_PUSAT: "ID",
        }[p.partner_type]
    )
    third_party_type = factory.LazyAttribute(
        lambda p: "bumd" if p.partner_type == PartnerType.PIHAK_KETIGA else ""
    )


def partner_for(kind: str, **kwargs) -> Partner:
    return PartnerFactory(partner_type=KIND_PARTNER_TYPE[Kind(kind)], **kwargs)


def make_agreement(
    *,
    kind: str = Kind.KSDD,
    user=None,
    partners=None,
    facilitated_on: dt.date | None = None,
    **fields,
) -> Agreement:
    """An agreement created through the service (real number, first stage, history row)."""
    partners = partners or [partner_for(kind)]
    return services.agreement_create(
        user=user,
        title=fields.pop("title", f"Kerja sama uji {kind}"),
        kind=kind,
        partners=[p.pk for p in partners],
        facilitated_on=facilitated_on or dt.date(2026, 3, 2),
        **fields,
    )


def confirm_ps27(agreement: Agreement, user=None) -> None:
    """Confirm the five PP Ps. 27 conditions of a KSDPL/KSDLL (needed to leave penjajakan)."""
    from agreements.choices import Ps27Condition

    for code in Ps27Condition.values:
        services.condition_record(
            agreement_id=agreement.pk, code=code, confirmed=True, note="uji", user=user
        )
