from django.conf import settings

from . import roles as role_rules


def roles(request):
    user = request.user
    return {
        "role": role_rules.primary_role(user),
        "is_staf": role_rules.is_staf(user),
        "is_reader": role_rules.is_reader(user),
        "is_dprd": role_rules.is_dprd(user),
        "PEMDA_NAME": settings.KERJASAMA_PEMDA_NAME,
        "UNIT_NAME": settings.KERJASAMA_UNIT_NAME,
    }
