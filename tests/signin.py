"""Signing in as the real forms ask: the activation link of a new pupil, the second step of the roles that
need one. Codes come from the same TOTP algorithm an authenticator app runs."""

import re

from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


def enrol_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def activation_path(email: str) -> str:
    """The activation link of the last activation e-mail sent to this address."""
    (letter,) = [m for m in mail.outbox if m.to == [email] and "/kich-hoat/" in m.body][-1:]
    return re.search(r"https?://[^/\s]+(/kich-hoat/\S+/)", letter.body).group(1)


def browser_sign_in(page, base: str, email: str, device: TOTPDevice | None = None) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if device is not None:
        page.fill("input[name=token]", current_code(device))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()


def activation_path_for(user) -> str:
    """The activation link the e-mail carries, made the same way (for tests whose mail is not delivered)."""
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from contest.tokens import activation_tokens

    return reverse(
        "accounts:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_tokens.make_token(user),
        },
    )
