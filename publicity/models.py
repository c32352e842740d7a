"""The public site's own table: the rate limits' buckets (``publicity.ratelimit``),
kept in the database unless the default cache is Redis."""

from django.db import models


class RateLimitBucket(models.Model):
    """One client's bucket for one limit: the instant it is full again.

    Written only by ``publicity.ratelimit.buckets`` in one atomic statement
    (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``); never through the ORM.
    No timestamps and no index on ``full_at``: each request rewrites the row, and
    an unindexed column keeps that rewrite cheap on PostgreSQL (a HOT update)."""

    key = models.CharField(
        max_length=200,
        primary_key=True,
        help_text="The limit, its rate and the client's address, e.g. search:60/60:203.0.113.7.",
    )
    full_at = models.BigIntegerField(
        help_text=(
            "Milliseconds since 1970-01-01 UTC at which the client's bucket is full again; "
            "each accepted request moves it one interval later."
        ),
    )

    class Meta:
        # Never shown to anyone: no admin, no translation.
        verbose_name = "rate-limit bucket"

    def __str__(self):
        return self.key
