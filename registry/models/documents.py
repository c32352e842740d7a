"""Companies' read models: what a company page is built from, kept in one row
per company so that the page reads it in one indexed query.

A row holds the company as ``registry.selectors.company_graph.load`` reads
it (the company, its registration facts and every record of it the public
sees on some day or saw once, whatever the day), pickled and compressed, and
what tells whether it is still current: the company's version when it was
built (``registry.selectors.company_version``), the layout of its content and
the time it was built. The day's publication rules are applied when it is
read (``registry.public_on``), so a row stays right from one day to the next.
Written only by ``registry.services.company_documents``; read only by
``registry.selectors.company_documents``. Derived data: deleting every row
loses nothing (pages read the tables until they are built again).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.company import Company


class CompanyDocument(models.Model):
    company = models.OneToOneField(
        Company,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("company"),
    )
    # The company's code when built: the page finds the row by it.
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    version = models.TextField(_("company version when built"))
    layout = models.CharField(_("layout of the content"), max_length=100)
    built_at = models.DateTimeField(_("built at"))
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("company read model")
        verbose_name_plural = _("company read models")
        indexes = [models.Index(fields=["built_at"], name="companydocument_built_at")]

    def __str__(self):
        return self.uscc
