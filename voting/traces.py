"""What a vote keeps of where it came from, without keeping the address: keyed hashes (HMAC with the
site's secret) of the network address — of its /64 for IPv6, which one home or phone usually holds whole —
and of the random id in the device cookie, and the browser's family name."""

import ipaddress
import re

from django.utils.crypto import salted_hmac

DEVICE_COOKIE = "kmm_thiet_bi"
DEVICE_SALT = "voting.device"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600


def ip_hash(address: str) -> str:
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return salted_hmac("voting.ip", "unknown", algorithm="sha256").hexdigest()
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        value = str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    else:
        value = str(ip)
    return salted_hmac("voting.ip", value, algorithm="sha256").hexdigest()


def device_hash(device_id: str) -> str:
    return salted_hmac(DEVICE_SALT, device_id or "none", algorithm="sha256").hexdigest()


_FAMILIES = (
    ("bot", re.compile(r"bot|crawl|spider|headless|python|curl|wget", re.I)),
    ("Zalo", re.compile(r"Zalo", re.I)),
    ("Facebook", re.compile(r"FBAN|FBAV|FB_IAB", re.I)),
    ("Cốc Cốc", re.compile(r"coc_coc|CocCoc", re.I)),
    ("Samsung", re.compile(r"SamsungBrowser", re.I)),
    ("Edge", re.compile(r"Edg/|Edge/", re.I)),
    ("Opera", re.compile(r"OPR/|Opera", re.I)),
    ("Firefox", re.compile(r"Firefox/", re.I)),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/", re.I)),
    ("Safari", re.compile(r"Safari/", re.I)),
)


def ua_family(user_agent: str) -> str:
    """A coarse family only (never the full string, which helps fingerprint a person)."""
    if not user_agent:
        return ""
    for name, pattern in _FAMILIES:
        if pattern.search(user_agent):
            return name
    return "other"
