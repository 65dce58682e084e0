"""Package list with the `site/` folder mapped to the import name `pedagogsajten`.

Metadata and dependencies live in pyproject.toml; only the mapping needs code, because
setuptools cannot rename a folder found by `packages.find` in pyproject.toml alone.
"""

from setuptools import find_packages, setup

APPS = [
    "core",
    "home",
    "blog",
    "calendar_events",
    "municipalities",
    "search",
    "media_library",
    "insights",
    "accounts",
    "demo",
    "backups",
    "wordpress_import",
    "subscriptions",
]
PROJECT_FOLDER, PROJECT_PACKAGE = "site", "pedagogsajten"

project_packages = [
    PROJECT_PACKAGE + name[len(PROJECT_FOLDER) :]
    for name in find_packages(include=[PROJECT_FOLDER, f"{PROJECT_FOLDER}.*"])
]
app_packages = find_packages(include=[pattern for app in APPS for pattern in (app, f"{app}.*")])

setup(
    packages=project_packages + app_packages,
    package_dir={PROJECT_PACKAGE: PROJECT_FOLDER},
    # The site structure and the demo content are data files read at run time.
    package_data={"municipalities": ["*.toml"], "demo": ["data/*.toml"]},
)
