"""The site's roles as Django groups with Wagtail page and collection permissions.

Skribent – <kommun>      add (and so edit their own) articles under their municipality; upload
                         into its collection; submit for moderation. No publish permission.
Kontaktperson – <kommun> the same plus change: edit the municipality page and its articles;
                         the municipality's figures under Statistik.
Redaktör                 change on every municipality section; approves the workflow's first step.
Huvudredaktör            add/change/publish/delete/lock on the whole site, users, snippets,
                         taxonomy, media, settings; approves the last step (which publishes).

Everything here is idempotent: `manage.py setup_roles` and `seed_demo` call it, and creating a new
MunicipalityPage creates that municipality's groups (signal_handlers).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from home.models import HomePage

from .models import MunicipalityPage

EDITOR = "Redaktör"
CHIEF_EDITOR = "Huvudredaktör"

CONTRIBUTOR_PAGE_PERMISSIONS = ["add_page"]
CONTACT_PAGE_PERMISSIONS = ["add_page", "change_page"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
CHIEF_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]

# (app label, codename) of collection-scoped permissions for uploading and choosing files.
CONTRIBUTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailmedia", "add_media"),
]
CHIEF_COLLECTION_PERMISSIONS = CONTRIBUTOR_COLLECTION_PERMISSIONS + [
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtailmedia", "change_media"),
    ("wagtailmedia", "delete_media"),
]

ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
# Writers choose author profiles for their articles among their municipality's; each edits their
# own profile (municipalities/author_profiles.py) instead of creating new ones.
CONTRIBUTOR_MODEL_PERMISSIONS = ADMIN_ACCESS + [("blog", "view_author")]
# Given to writers before they had profiles of their own: taken back by setup_roles.
REVOKED_CONTRIBUTOR_PERMISSIONS = [("blog", "add_author")]
# The figures in Statistik (insights): editors see every municipality's, contact persons their own.
STATISTICS = [("insights", "view_statistics")]
CONTACT_MODEL_PERMISSIONS = CONTRIBUTOR_MODEL_PERMISSIONS + STATISTICS
# Editors and the chief editor also read what readers searched for (search.SearchQueryDay).
EDITOR_MODEL_PERMISSIONS = (
    ADMIN_ACCESS
    + STATISTICS
    + [
        ("blog", "view_author"),
        ("blog", "add_author"),
        ("blog", "change_author"),
        ("search", "view_searchqueryday"),
    ]
)
# Models the chief editor manages in full (add, change, delete, view).
CHIEF_MANAGED_MODELS = [
    ("blog", "author"),
    ("blog", "schoolform"),
    ("blog", "subject"),
    ("blog", "theme"),
    ("blog", "articletype"),
    ("auth", "user"),
    ("wagtailcore", "workflow"),
    ("wagtailcore", "task"),
    ("wagtailredirects", "redirect"),
    ("wagtailsearchpromotions", "query"),
    ("wagtailsearchpromotions", "searchpromotion"),
    ("wagtailcore", "site"),
]


CONTRIBUTOR_PREFIX, CONTACT_PREFIX = "Skribent – ", "Kontaktperson – "


def role_groups():
    """The site's role groups: what the chief editor may give and take (never other groups)."""
    return Group.objects.filter(
        Q(name__in=[EDITOR, CHIEF_EDITOR])
        | Q(name__startswith=CONTRIBUTOR_PREFIX)
        | Q(name__startswith=CONTACT_PREFIX)
    ).order_by("name")


def contributor_group_name(municipality_title: str) -> str:
    return f"{CONTRIBUTOR_PREFIX}{municipality_title}"


def contact_group_name(municipality_title: str) -> str:
    return f"{CONTACT_PREFIX}{municipality_title}"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_model_permissions(group: Group, pairs) -> None:
    group.permissions.add(*[_permission(app, codename) for app, codename in pairs])


def _grant_page_permissions(group: Group, page: Page, codenames) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


def _grant_collection_permissions(group: Group, collection: Collection, pairs) -> None:
    for app, codename in pairs:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app, codename)
        )


def municipality_collection(municipality_title: str) -> Collection:
    """The collection holding a municipality's images, documents, audio and video."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=municipality_title).first()
    return existing or root.add_child(name=municipality_title)


# Groups a fresh Wagtail database creates, with page permissions on the whole tree (Moderators
# may even publish). They bypass the roles above, so they go while nobody belongs to them.
WAGTAIL_DEFAULT_GROUPS = ["Moderators", "Editors"]


@transaction.atomic
def ensure_site_roles() -> None:
    """Redaktör and Huvudredaktör, with permissions on the whole site."""
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    _grant_model_permissions(editor, EDITOR_MODEL_PERMISSIONS)

    chief, _ = Group.objects.get_or_create(name=CHIEF_EDITOR)
    _grant_model_permissions(
        chief,
        ADMIN_ACCESS
        + STATISTICS
        + [("search", "view_searchqueryday")]
        # Readers' answers: redact or delete a comment, never add one.
        + [("insights", f"{action}_articlefeedback") for action in ("view", "change", "delete")]
        # Locked-out sign-ins (django-axes): see them and lift a lockout by deleting it.
        + [("axes", "view_accessattempt"), ("axes", "delete_accessattempt")],
    )
    for app, model in CHIEF_MANAGED_MODELS:
        _grant_model_permissions(
            chief, [(app, f"{action}_{model}") for action in ("add", "change", "delete", "view")]
        )
    for home in HomePage.objects.all():
        _grant_page_permissions(chief, home, CHIEF_PAGE_PERMISSIONS)
    _grant_collection_permissions(
        chief, Collection.get_first_root_node(), CHIEF_COLLECTION_PERMISSIONS
    )


@transaction.atomic
def ensure_municipality_roles(municipality) -> tuple[Group, Group]:
    """The municipality's Skribent and Kontaktperson groups, and the editors' access to its section."""
    collection = municipality_collection(municipality.title)

    contributors, _ = Group.objects.get_or_create(name=contributor_group_name(municipality.title))
    _grant_model_permissions(contributors, CONTRIBUTOR_MODEL_PERMISSIONS)
    contributors.permissions.remove(
        *[_permission(app, codename) for app, codename in REVOKED_CONTRIBUTOR_PERMISSIONS]
    )
    _grant_page_permissions(contributors, municipality, CONTRIBUTOR_PAGE_PERMISSIONS)
    _grant_collection_permissions(contributors, collection, CONTRIBUTOR_COLLECTION_PERMISSIONS)

    contacts, _ = Group.objects.get_or_create(name=contact_group_name(municipality.title))
    _grant_model_permissions(contacts, CONTACT_MODEL_PERMISSIONS)
    contacts.permissions.remove(
        *[_permission(app, codename) for app, codename in REVOKED_CONTRIBUTOR_PERMISSIONS]
    )
    _grant_page_permissions(contacts, municipality, CONTACT_PAGE_PERMISSIONS)
    _grant_collection_permissions(contacts, collection, CONTRIBUTOR_COLLECTION_PERMISSIONS)

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    _grant_page_permissions(editor, municipality, EDITOR_PAGE_PERMISSIONS)
    _grant_collection_permissions(editor, collection, CONTRIBUTOR_COLLECTION_PERMISSIONS)
    return contributors, contacts


def ensure_all_roles() -> None:
    ensure_site_roles()
    for municipality in MunicipalityPage.objects.all():
        ensure_municipality_roles(municipality)


def writing_municipalities(user) -> list[MunicipalityPage]:
    """The sections a writer or contact person writes for (through their groups), by name."""
    groups = set(user.groups.values_list("name", flat=True))
    return [
        municipality
        for municipality in MunicipalityPage.objects.order_by("title")
        if contributor_group_name(municipality.title) in groups
        or contact_group_name(municipality.title) in groups
    ]
