"""`make bench`: the platform under load, served by gunicorn as in production.

See docs/performance.md for what it measures and the figures of the last recorded run.
"""
