from django.db import migrations


def create_default_taxonomy(apps, schema_editor):
    # create_defaults only adds missing terms, so later edits to the lists stay harmless here.
    from blog.taxonomy_defaults import create_defaults

    create_defaults(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_initial")]

    operations = [migrations.RunPython(create_default_taxonomy, migrations.RunPython.noop)]
