"""Coordinators add people, give them a role and switch accounts off."""

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction

from engaging.accounts.models import Membership, User
from engaging.core.addresses import site_root


@transaction.atomic
def add_person(*, username: str, first_name: str, last_name: str, email: str, organisation, role: str, request) -> User:
    """Create an account with no password and email the person a link to choose one."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    invite = PasswordResetForm({"email": email})
    if invite.is_valid():
        # An unusable password is skipped by the reset form, so send to this user directly.
        invite.get_users = lambda _email: [user]
        transaction.on_commit(
            lambda: invite.save(
                request=request,
                subject_template_name="accounts/invite_subject.txt",
                email_template_name="accounts/invite_email.txt",
                # Sent once the person is saved, after this request: the link names the address it came to.
                extra_email_context={"site_root": site_root(request)},
            )
        )
    return user
