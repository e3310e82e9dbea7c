"""How sign-in guessing is paced.

The policy, in the order it is checked for each attempt (the password is not even looked at while a wait
is due, so a paused attempt tells nothing):

1. **Trusted browser.** A browser that has signed in to an account before carries a signed cookie naming it
   (`DEVICE_COOKIE`). For that account it is exempt from the two shared limits below, so neither a guesser
   elsewhere nor a classmate on the school's shared address can lock the owner out; its own wrong
   passwords are paced like an account's (rule 2, counted per account and browser).
2. **Per account, growing delays.** Wrong passwords for one e-mail are counted over every address for a day.
   The first `FREE_FAILURES` (5) cost nothing, so a pupil whose classmates typed five wrong guesses from the
   school's shared address still gets in with the right password. After that each attempt must wait
   30 s, 1, 2, 4, 8 then 15 minutes after the last failure: guessing one account from many addresses is
   capped at about a hundred tries a day. A success clears the count.
3. **Per address.** At most `ADDRESS_FAILURES` (30) wrong passwords from one address per
   `ADDRESS_WINDOW` (15 minutes), whatever the accounts: trying many accounts from one address is capped,
   while a whole class mistyping now and then stays far below it.

E-mails that have no account are counted exactly like real ones, so the pacing reveals nothing either.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.crypto import get_random_string

from contest.models import SignInFailure

FREE_FAILURES = 5
FIRST_DELAY = timedelta(seconds=30)
LONGEST_DELAY = timedelta(minutes=15)
ACCOUNT_WINDOW = timedelta(hours=24)
ADDRESS_FAILURES = 30
ADDRESS_WINDOW = timedelta(minutes=15)
DEVICE_COOKIE = "kmm_device"
DEVICE_COOKIE_DAYS = 180
_DEVICE_SALT = "contest.throttling.device"
_REMEMBERED_ACCOUNTS = 5


def _digest(kind: str, value: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:64]


def account_digest(email: str) -> str:
    return _digest("account", (email or "").strip().lower())


def client_address(request) -> str:
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _device_payload(request) -> dict:
    try:
        payload = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""),
            salt=_DEVICE_SALT,
            max_age=timedelta(days=DEVICE_COOKIE_DAYS),
        )
    except signing.BadSignature:
        return {}
    return payload if isinstance(payload, dict) else {}


def trusted_device(request, email: str) -> str:
    """The browser's id if it has signed in to this account before, else ''."""
    payload = _device_payload(request)
    if account_digest(email) in payload.get("accounts", []):
        return payload.get("id", "")
    return ""


def remember_device(request, response, email: str) -> None:
    """After a full sign-in: mark this browser as trusted for the account (a few accounts at most, for a
    family or a classroom computer)."""
    payload = _device_payload(request)
    accounts = [a for a in payload.get("accounts", []) if a != account_digest(email)]
    accounts = [account_digest(email), *accounts][:_REMEMBERED_ACCOUNTS]
    value = signing.dumps(
        {"id": payload.get("id") or get_random_string(24), "accounts": accounts}, salt=_DEVICE_SALT
    )
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_COOKIE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _growing_delay(failures: int) -> timedelta:
    if failures <= FREE_FAILURES:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES - 1), LONGEST_DELAY)


def sign_in_wait(*, email: str, address: str, device: str) -> timedelta:
    """How long this attempt must wait before its password is checked; zero when it may go ahead."""
    now = timezone.now()
    account = account_digest(email)
    if device:
        failures = SignInFailure.objects.filter(
            account=account, device=_digest("device", device), at__gte=now - ACCOUNT_WINDOW
        )
    else:
        failures = SignInFailure.objects.filter(account=account, at__gte=now - ACCOUNT_WINDOW)
    wait = timedelta(0)
    tally = failures.aggregate(count=Count("id"), last=Max("at"))
    if tally["count"]:
        wait = max(wait, tally["last"] + _growing_delay(tally["count"]) - now)
    if not device:
        recent = SignInFailure.objects.filter(
            address=_digest("address", address), at__gte=now - ADDRESS_WINDOW
        ).order_by("at")
        if recent.count() >= ADDRESS_FAILURES:
            oldest = recent.values_list("at", flat=True)[recent.count() - ADDRESS_FAILURES]
            wait = max(wait, oldest + ADDRESS_WINDOW - now)
    return max(wait, timedelta(0))


@transaction.atomic
def record_sign_in_failure(*, email: str, address: str, device: str) -> None:
    """Counts one wrong password and forgets failures older than a day."""
    now = timezone.now()
    SignInFailure.objects.filter(at__lt=now - ACCOUNT_WINDOW).delete()
    SignInFailure.objects.create(
        account=account_digest(email),
        address=_digest("address", address),
        device=_digest("device", device) if device else "",
        at=now,
    )


@transaction.atomic
def clear_sign_in_failures(*, email: str) -> None:
    """A right password ends the account's count; the address's count stays."""
    SignInFailure.objects.filter(account=account_digest(email)).update(account="", device="")
