"""The consent, guardian-link and safeguarding tables now belong to the privacy app (which took them over
in privacy.0001); here submissions only forgets them. No table or row changes."""

from django.db import migrations


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
    ]
