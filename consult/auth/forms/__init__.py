"""The forms of accounts: ``public`` (sign-up, sign-in, password reset; the new-password
fields the account pages reuse)."""
