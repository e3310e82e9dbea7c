"""The campaign's five commitments, so the wall works from the first start; organisers reword or reorder
them in the admin ("Cam kết An toàn số")."""

from django.db import migrations

from pledges.defaults import ensure_default_commitments


def seed(apps, schema_editor):
    ensure_default_commitments(apps.get_model("pledges", "Commitment"))


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
