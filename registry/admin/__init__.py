"""The Django admin: the agency workspace.

Who may see and change what is decided in ``registry.permissions`` and asked
at every door through one mixin (``scoping.AgencyScoped``): changelist
querysets, object pages (another agency's record is a 404, also for a forged
POST), add and change permissions, the agency field (set from the user's
agency, never offered as a choice), actions and review pages.

Every write goes through ``registry.services``: a form shows the errors of the
same functions the services run (``errors.put_errors``), and ``save_model``,
the inlines and every step page call a service.

One module per area:

- ``site``: the two-factor admin site (``admin.site``) and its login;
- ``scoping``, ``errors``: the agency-scoping mixin; a service's refusal on a form;
- ``reference``: regions, industries, lists, agencies, rating schemes, staff;
- ``registration``: companies and people, with their details;
- ``registration_changes``: proposed registration changes and their review;
- ``reviewed``: the maker-checker base of the public records;
- ``records``: penalties, licences, court cases, ratings;
- ``lists``: list entries and their reviewed removal;
- ``annual_reports``: annual reports and their amendments;
- ``exports``, ``imports``: bulk export and import, and the review of imported files;
- ``redress``: objections and credit-repair applications;
- ``review_queue``: the review queue and the dashboard;
- ``filings``: spot checks, pledges, judicial assistance, mortgages, deregistration notices.
"""

from registry.admin import (  # noqa: F401 (each module registers its admins)
    annual_reports,
    filings,
    import_batches,
    lists,
    records,
    redress,
    reference,
    registration,
    registration_changes,
)
