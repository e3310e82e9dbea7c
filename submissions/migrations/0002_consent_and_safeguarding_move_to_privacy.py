"""The consent, guardian-link and safeguarding tables now belong to the privacy app (which took them over
in privacy.0001); here submissions only forgets them, no table changes. Withdrawn entries stop counting as
consented, as the services now keep them."""

from django.db import migrations


def withdrawn_entries_not_consented(apps, schema_editor):
    apps.get_model("submissions", "Entry").objects.filter(state="withdrawn").update(consent_complete=False)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0001_initial"),
        ("privacy", "0001_take_over_consent_tables"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="SafeguardingNote"),
                migrations.DeleteModel(name="SafeguardingFlag"),
                migrations.DeleteModel(name="Consent"),
                migrations.DeleteModel(name="GuardianConsentRequest"),
            ],
        ),
        migrations.RunPython(withdrawn_entries_not_consented, migrations.RunPython.noop),
    ]
