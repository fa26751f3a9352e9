"""Who may do what with plain language: coordinators keep the glossary and review public texts; anyone with a
role uses the checker."""

import rules

from engaging.accounts.rules import is_coordinator, is_internal

rules.add_perm("plain.manage_glossary", is_coordinator)
rules.add_perm("plain.check_text", is_internal)
rules.add_perm("plain.review_public_texts", is_coordinator)
rules.add_perm("plain.manage_pictures", is_coordinator)
