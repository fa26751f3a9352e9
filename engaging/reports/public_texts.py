"""Reports' public text: the words of a Local Account, checked once it is published."""

from django.urls import reverse

from engaging.plain.public_texts import TextField, register_public_text
from engaging.reports.models import LocalAccount


def register() -> None:
    register_public_text(
        LocalAccount,
        fields=(
            TextField("local_account_introduction", "introduction", "Local Account: introduction"),
            TextField("local_account_what_we_learned", "what_we_learned", "Local Account: what we learned"),
            TextField("local_account_what_comes_next", "what_comes_next", "Local Account: what comes next"),
        ),
        public=lambda: LocalAccount.objects.filter(is_published=True).select_related("board"),
        title=lambda account: account.title,
        edit_url=lambda pk: reverse("reports:manage_edit", args=[pk]),
    )
