"""Country names in Indonesian for django-countries, from pycountry's ISO 3166 translations.

django-countries ships no Indonesian catalogue; pycountry carries the iso-codes project's
translations. The short common name is preferred where ISO has one ("Taiwan", "Iran").
"""

from __future__ import annotations

import gettext

#: Where the ISO name reads as a description rather than the usual Indonesian name.
EXCEPTIONS = {"CN": "Tiongkok"}


def indonesian_country_names() -> dict[str, str]:
    import pycountry

    catalogue = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["id"], fallback=True
    )
    names = {}
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        names[country.alpha_2] = catalogue.gettext(english)
    names.update(EXCEPTIONS)
    return names
