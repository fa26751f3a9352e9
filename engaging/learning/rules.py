"""Who may do what with training, sessions and bookings. Pages and the API ask these.

- Anyone, without an account, sees public sessions and books a place on one; they act on their own
  booking only through the signed link sent to them.
- Coordinators run the training calendar: courses, sessions, bookings, the register and reminders.
- Everyone with a role in the partnership (officers, board members) reads the training report;
  only coordinators see who booked, since bookings hold people's names and emails.
"""

import rules

from engaging.accounts.rules import is_coordinator, is_internal

rules.add_perm("learning.manage_training", is_coordinator)
rules.add_perm("learning.view_bookings", is_coordinator)
rules.add_perm("learning.view_report", is_internal)
