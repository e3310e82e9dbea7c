"""What results tells the apps above it (certificates): a contest's results became public."""

from django.dispatch import Signal

# Sent inside the publishing transaction with `result` and `actor`; receivers defer their work to commit.
result_published = Signal()
