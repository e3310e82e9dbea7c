from django.core.management.base import BaseCommand

from cms.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Prints the site's URL and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        port = options["port"]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Không một mình is running at http://localhost:{port}/"))
        self.stdout.write(f"  CMS admin (organisers): http://localhost:{port}/admin/")
        self.stdout.write(f"  Demo logins, all with the password {DEMO_PASSWORD}:")
        for label, email in demo_logins():
            self.stdout.write(f"    {label:<32} {email}")
        self.stdout.write(
            "  The organiser and the head judge sign in in two steps: on their first sign-in, scan the QR code"
        )
        self.stdout.write("  with an authenticator app and keep the recovery codes (see README, Signing in).")
        self.stdout.write("  New pupils activate their account from the e-mail printed on this console.")
        self.stdout.write("")
