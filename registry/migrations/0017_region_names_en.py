"""Regions' English names (Hanyu Pinyin, generic part translated) from
registry/data/regions.csv's name_en column (see SOURCES.md there)."""

from django.db import migrations


def fill(apps, schema_editor):
    from registry.reference_data import fill_region_names_en

    fill_region_names_en(apps.get_model("registry", "Region"))


def empty(apps, schema_editor):
    apps.get_model("registry", "Region").objects.update(name_en="")


class Migration(migrations.Migration):
    dependencies = [("registry", "0016_decision_number_prefix_indexes")]

    operations = [migrations.RunPython(fill, empty)]
