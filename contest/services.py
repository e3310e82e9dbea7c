"""Writes of the contest domain: accounts and registration."""

from datetime import date

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from contest.enums import Role
from contest.models import School, User

ORGANISER_GROUP = "Ban tổ chức"
ORGANISER_APPS = ["contest", "submissions", "judging", "cms", "wagtailimages", "wagtaildocs", "wagtailcore"]


@transaction.atomic
def register_entrant(
    *,
    email: str,
    password: str,
    full_name: str,
    date_of_birth: date,
    school: School | None,
    school_other: str = "",
    class_name: str = "",
) -> User:
    """Creates an entrant account. Nothing is sent: the entrant signs in straight away."""
    user = User(
        email=email.strip().lower(),
        full_name=full_name.strip(),
        role=Role.ENTRANT,
        date_of_birth=date_of_birth,
        school=school,
        school_other="" if school else school_other.strip(),
        class_name=class_name.strip(),
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def create_staff_user(
    *, email: str, password: str, full_name: str, role: str, school: School | None = None, **extra
) -> User:
    """Creates a judge, head judge, coordinator or organiser. Organisers may enter the CMS admin."""
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        role=role,
        school=school,
        is_staff=role == Role.ORGANISER,
        **extra,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    if role == Role.ORGANISER:
        user.groups.add(ensure_organiser_group())
    return user


@transaction.atomic
def ensure_organiser_group() -> Group:
    """The organisers' group: the Wagtail admin, every model of ours, images, documents and all pages."""
    from wagtail.models import GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name=ORGANISER_GROUP)
    permissions = Permission.objects.filter(
        Q(content_type__app_label__in=ORGANISER_APPS)
        | Q(codename="access_admin")
        # Of the help channel organisers edit only the guidance; its reports are for designated officers.
        | Q(content_type__app_label="helpline", content_type__model="helpguidance")
    )
    group.permissions.set(permissions)
    root = Page.get_first_root_node()
    if root is not None:
        for codename in [
            "add_page",
            "change_page",
            "publish_page",
            "delete_page",
            "lock_page",
            "unlock_page",
        ]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=Permission.objects.get(codename=codename)
            )
    return group
