"""Loads GB/T 2260 regions, GB/T 4754-2017 industries and the seeded credit
lists from the files in registry/data/ (sources in registry/data/SOURCES.md)."""

from django.db import migrations

from registry import reference_data


def load(apps, schema_editor):
    reference_data.load_regions(apps.get_model("registry", "Region"))
    reference_data.load_industries(apps.get_model("registry", "Industry"))
    reference_data.load_credit_lists(apps.get_model("registry", "CreditList"))


def unload(apps, schema_editor):
    codes = [row["code"] for row in reference_data.read_rows("credit_lists.csv")]
    apps.get_model("registry", "CreditList").objects.filter(code__in=codes).delete()
    Industry = apps.get_model("registry", "Industry")
    Industry.objects.filter(level="division").delete()
    Industry.objects.all().delete()
    Region = apps.get_model("registry", "Region")
    for level in ("county", "prefecture", "province"):
        Region.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
