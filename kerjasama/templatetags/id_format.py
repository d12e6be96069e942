"""Template filters, loaded as builtins: rupiah, terbilang, persen, angka, tanggal, has_role,
negara."""

from django import template

from kerjasama import formatting, roles

register = template.Library()

register.filter("rupiah", formatting.rupiah)
register.filter("terbilang", formatting.terbilang_rupiah)
register.filter("tanggal", formatting.tanggal)
register.filter("lower_first", formatting.lower_first)


@register.filter
def persen(value, places=0):
    return formatting.percent(value, int(places))


@register.filter
def angka(value, places=0):
    return formatting.number(value, int(places))


@register.filter
def has_role(user, role):
    if role == "staf":
        return roles.is_staf(user)
    if role == "reader":
        return roles.is_reader(user)
    if role == "dprd":
        return roles.is_dprd(user)
    return role in roles.role_names(user)


@register.filter
def negara(code):
    """ISO 3166 alpha-2 code -> the country's name in Indonesian ("DE" -> "Jerman")."""
    from django_countries import countries

    return countries.name(code) or code if code else ""
