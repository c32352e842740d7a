"""Demo data for the register: a deterministic generator of plausible companies,
people and public records, used by ``manage.py seed_demo``.

The package is split by topic:

- ``draws``: weighted picks, dates and counts on an explicit ``random.Random``;
- ``vocabulary`` and ``industries``: the curated words names are composed from;
- ``geography``: regions, their short names, abbreviations and courts;
- ``codes``: organisation codes, credit codes and masked ID numbers;
- ``names``: unique company names with their pinyin, and English names;
- ``agencies``: the agencies records point at, created when first needed;
- ``people``, ``companies``, ``ownership``, ``penalties``, ``licences``, ``courts``,
  ``lists``, ``ratings`` (with ``documents`` for their numbers): the rows;
- ``tables``, ``writer``: row batches and how they reach the database;
- ``seeder``: the whole generator, one batch of companies at a time.

Determinism: every value comes from one ``random.Random(seed)`` (plus a Faker
instance seeded with the same seed), drawn in a fixed order; nothing depends on
the global ``random``, on set or dict iteration order, on the clock, or on ids
the database assigns. The same seed and number of companies give the same
register, whatever the batch size.
"""
