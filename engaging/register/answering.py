"""Who answers a join-up proposal, said before it is sent and used to send it, so the two always agree."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from engaging.accounts.models import Membership


@dataclass(frozen=True)
class Answerers:
    """The people a proposal to an organisation goes to.

    `officers` are the organisation's active officers, who answer it. With none, `coordinators` (the
    partnership's) answer for the organisation instead. `contact_email` is the activity's contact,
    told by email whether or not they use the hub.
    """

    organisation: str
    officers: tuple[str, ...]
    coordinators: tuple[str, ...]
    emails: tuple[str, ...]
    contact_email: str = ""
    contact_answers: bool = False  # the contact is one of the people who answer
    answering_emails: tuple[str, ...] = ()  # the addresses of those who answer, without the contact's

    @property
    def contact_told_apart(self) -> bool:
        """The contact gets an email of their own: the coordinators answer for their organisation, so the
        coordinators' email (and its link to answer in the hub) is not for them."""
        return self.by_coordinators and bool(self.contact_email) and not self.contact_answers

    @property
    def by_coordinators(self) -> bool:
        return not self.officers

    def sentence(self) -> str:
        """Who will answer, in a sentence for the person proposing."""
        if self.officers:
            said = f"This will go to {and_list(self.officers)} at {self.organisation}, who can agree or decline."
        elif self.coordinators:
            said = (
                f"Nobody at {self.organisation} uses the hub yet, so the board's coordinators will answer for "
                f"them: {and_list(self.coordinators)}."
            )
        else:
            said = f"Nobody at {self.organisation} uses the hub yet, and the partnership has no coordinator to answer."
        if self.contact_email and not self.contact_answers:
            said += f" The activity's contact, {self.contact_email}, will be emailed too."
        return said


def and_list(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _people(role: str, organisation_id: int | None = None) -> list[tuple[str, str]]:
    """(name, email) of active people with a role, in one query; at one organisation if given."""
    users = get_user_model().objects.filter(is_active=True, memberships__role=role)
    if organisation_id is not None:
        users = users.filter(memberships__organisation_id=organisation_id)
    else:
        users = users.filter(memberships__organisation__archived_at__isnull=True)
    rows = users.distinct().order_by("first_name", "last_name", "username")
    return [
        (f"{first} {last}".strip() or username, email)
        for first, last, username, email in rows.values_list("first_name", "last_name", "username", "email")
    ]


def who_answers(activity) -> Answerers:
    """Who answers a proposal to join up with `activity`: its lead organisation's officers, or, when it has
    none, the partnership's coordinators (who may answer for any organisation). Each of them is emailed
    if they have an address, and so is the activity's contact."""
    officers = _people(Membership.Role.OFFICER, activity.lead_organisation_id)
    coordinators = [] if officers else _people(Membership.Role.COORDINATOR)
    answering = officers or coordinators
    emails = {email for _, email in answering if email}
    answering_emails = tuple(sorted(emails))
    contact_answers = activity.contact_email in emails
    if activity.contact_email:
        emails.add(activity.contact_email)
    return Answerers(
        organisation=str(activity.lead_organisation),
        officers=tuple(name for name, _ in officers),
        coordinators=tuple(name for name, _ in coordinators),
        emails=tuple(sorted(emails)),
        contact_email=activity.contact_email,
        contact_answers=contact_answers,
        answering_emails=answering_emails,
    )
