"""Writers and contact persons edit their own author profile instead of creating new ones: the
"add author" permission their groups were given before is taken back (roles.py does the same for
groups created from now on)."""

from django.db import migrations

GROUP_PREFIXES = ("Skribent – ", "Kontaktperson – ")


def revoke_add_author(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="blog", codename="add_author"
    ).first()
    if permission is None:  # a fresh database: permissions are created after migrating
        return
    for group in Group.objects.filter(permissions=permission):
        if group.name.startswith(GROUP_PREFIXES):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0001_initial"),
        ("blog", "0008_authors_belong_to_people_and_date_on_approval"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(revoke_add_author, migrations.RunPython.noop)]
