"""Takes account, group and permission management away from the organisers' group (superusers only)."""

from django.db import migrations
from django.db.models import Q

ORGANISER_GROUP = "Ban tổ chức"


def strip_account_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    forbidden = Permission.objects.filter(
        Q(content_type__app_label="auth")
        | Q(content_type__app_label="contest", content_type__model="user")
        | Q(content_type__app_label="wagtailcore", content_type__model__startswith="group")
    )
    for group in Group.objects.filter(name=ORGANISER_GROUP):
        group.permissions.remove(*forbidden)


class Migration(migrations.Migration):
    dependencies = [
        ("contest", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(strip_account_permissions, migrations.RunPython.noop)]
