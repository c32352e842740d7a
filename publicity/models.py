"""The public site's own tables: the rate limits' buckets (``publicity.ratelimit``),
kept in the database unless the default cache is Redis, and the credit reports
issued (``publicity.reports``)."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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


class IssuedReport(models.Model):
    """A credit report (信用报告) as issued: its number, the company, and the
    exact canonical content whose SHA-256 the paper prints
    (``registry.selectors.report``). The PDF itself is not kept: the content
    is what it showed.

    Written only by ``publicity.reports.issuing.report_issue``, once; never
    changed afterwards (so no ``updated_at``). ``content`` is text, not JSON:
    the bytes hashed are kept exactly (a JSON column would reorder keys and
    respace them)."""

    class Language(models.TextChoices):
        CHINESE = "zh-hans", _("Chinese")
        ENGLISH = "en", _("English")

    number = models.CharField(
        _("report number"),
        max_length=32,
        unique=True,
        help_text=_(
            "Printed on the report, e.g. CR20261203-K7QF3-MWD9X: the day of issue and "
            "10 random characters, not a sequence."
        ),
    )
    company = models.ForeignKey(
        "registry.Company",
        on_delete=models.PROTECT,
        related_name="issued_reports",
        verbose_name=_("company"),
        help_text=_("The company the report is about."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        help_text=_("The language the report was issued in."),
    )
    issued_at = models.DateTimeField(_("issued at"), help_text=_("When the report was made."))
    content = models.TextField(
        _("canonical content"),
        help_text=_("What the report showed, as the canonical JSON that was hashed (UTF-8)."),
    )
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        help_text=_("The SHA-256 of the content when issued, as printed on the report."),
    )

    class Meta:
        verbose_name = _("issued credit report")
        verbose_name_plural = _("issued credit reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=["zh-hans", "en"]),
                name="publicity_issuedreport_language_valid",
            ),
            models.CheckConstraint(
                condition=Exact(Length("sha256"), 64),
                name="publicity_issuedreport_sha256_length",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("publicity:report-detail", args=[self.number])
