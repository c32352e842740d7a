"""The admin's lists, refusing what their parameters cannot mean.

Django's change list turns a date drill-down parameter into a date and
catches a ``ValueError``, but a year past what Python's dates hold
(``?listed_on__year=99999999999``) raises ``OverflowError``: a 500. Here
that is one more incorrect parameter, which the admin answers as it answers
any (the list, with ``?e=1`` and its notice).

A ModelAdmin with a ``prepare_page(request, rows)`` method gets the rows of
each page to fill in what its columns show, in a few queries for the page
(``registry.admin.desk``).
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class CheckedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        super().get_results(request)
        prepare = getattr(self.model_admin, "prepare_page", None)
        if prepare is not None:
            self.result_list = list(self.result_list)
            prepare(request, self.result_list)


class CheckedLists:
    """A ModelAdmin mixin: its list is a ``CheckedChangeList``."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList
