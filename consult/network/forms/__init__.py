"""The network's forms: ``public`` (joining, the own entry), ``manage`` (the staff's)."""
