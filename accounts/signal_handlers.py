from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from wagtail.log_actions import log

ROLES_CHANGED = "pedagogsajten.roles_changed"
User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through)
def log_role_changes(sender, instance, action, reverse, pk_set, **kwargs):
    """Every change of a person's groups, whatever made it (the user form, a group's page, single
    sign-on), goes to Wagtail's audit log with who did it (the admin's log context; none for
    single sign-on) and what changed. Changes made from the group side are logged per person."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    if reverse:  # group.user_set.add(…): the instance is the group, pk_set the people
        people = User.objects.filter(pk__in=pk_set)
        names = [instance.name]
    else:
        people = [instance]
        names = sorted(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    change = "added" if action == "post_add" else "removed"
    for person in people:
        log(instance=person, action=ROLES_CHANGED, data={change: names})
