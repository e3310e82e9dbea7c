from django.core.management.base import BaseCommand

from cms.demo import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Loads the demo campaign (contests, divisions, schools, tips, one account per role). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        campaign = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo campaign ready: {campaign.name}"))
        if not options["quiet_logins"]:
            self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
            for label, email in demo_logins():
                self.stdout.write(f"  {label:<32} {email}")
