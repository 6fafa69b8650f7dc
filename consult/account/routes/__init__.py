"""The views of the signed-in user's own account: ``profile`` (name, language, e-mail,
password, sign-ins elsewhere), ``activity`` (registrations, comments, follows, the network
entry), ``data`` (the own-data download and page, deleting the account) and
``notifications`` (the e-mails staff and institution managers choose to get)."""

from consult.account.routes import activity, data, notifications, profile  # noqa: F401
