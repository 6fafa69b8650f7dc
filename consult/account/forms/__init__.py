"""The forms of the own account: ``public`` (profile, e-mail, password, deletion, the
e-mails staff choose to get)."""
