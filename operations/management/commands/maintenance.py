from django.core.management.base import BaseCommand

from operations.maintenance import set_maintenance
from operations.models import Maintenance


class Command(BaseCommand):
    help = "Switch maintenance mode on or off (uploads already under way go on), or show it."

    def add_arguments(self, parser):
        parser.add_argument("state", choices=["on", "off", "status"])
        parser.add_argument("--message", default="", help="a line shown on the notice (Vietnamese)")

    def handle(self, *args, **options):
        if options["state"] != "status":
            set_maintenance(active=options["state"] == "on", message=options["message"])
        row = Maintenance.objects.filter(pk=1).first()
        self.stdout.write(f"maintenance: {'on' if row and row.active else 'off'}")
