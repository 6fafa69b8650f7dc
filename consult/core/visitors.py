"""Who is asking: the visitor as the rate limits, the sign-in throttle and the cap on seats
held by unconfirmed addresses count them.

One home or office connection gets one IPv4 address but a whole IPv6 /64 (2^64
addresses), and a script can send each request from another address of it: so an IPv6
address counts as its /64 network, an IPv4 address (also one mapped into IPv6) as itself.
The address is the one Flask sees, after ``TRUSTED_PROXIES`` (consult/__init__.py).
"""

import hashlib
import hmac
import ipaddress

from flask import current_app, request
from flask_login import current_user

IPV6_PREFIX = 64


def client_address() -> str:
    """The visitor's network address as every limit counts it (see the module's text)."""
    address = request.remote_addr or "-"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return address


def visitor_hash() -> str:
    """The visitor's address as a keyed hash: it can be compared (the same visitor again)
    and stored without storing the address, and cannot be reversed without the key."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"visitor:" + client_address().encode(), hashlib.sha256
                    ).hexdigest()[:32]


def submitted_email_key() -> str:
    """Rate-limit key: the e-mail address in the form, from one visitor. It bounds the mail
    one visitor can make the site send to one address (each sign-up or registration with an
    address already known writes to its owner); with the address alone a stranger could
    lock the owner out of signing up or registering."""
    email = (request.form.get("email") or "").strip().lower()
    return f"email:{email}|ip:{client_address()}"


def account_or_address_key() -> str:
    """Rate-limit key: the signed-in account, else the visitor's address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{client_address()}"
