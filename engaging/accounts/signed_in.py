"""The three reads every signed-in request makes: its session, its user and (in roles.py) their roles.

Each is one small query by primary key. Built through the ORM they cost more in Python than in the
database, and a page pays for them before doing any work of its own, so they are written here as
plain SQL on the same tables, with the same meaning as Django's own:

- a session is found only while it has not expired;
- a user is found whatever their state, and `user_can_authenticate` then refuses inactive people,
  as Django's ModelBackend does.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db as db_sessions
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone


@cache
def _by_pk(model, using: str) -> tuple[list[str], str, list]:
    """The model's concrete field names, a SELECT of their columns by primary key, and the converters
    that turn what the database gives back into Python values (SQLite returns dates as text)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = %s"
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if found:
            converters.append((index, column, found))
    return [f.attname for f in fields], sql, converters


class SessionStore(db_sessions.SessionStore):
    def _get_session_from_db(self):
        using = router.db_for_read(Session)
        quote = connections[using].ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(Session._meta.db_table)} "
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return Session(session_key=self.session_key, session_data=row[0])


class Backend(ModelBackend):
    """Django's ModelBackend, reading the signed-in user with one plain query.

    It grants no permissions of its own: what a person may do in the hub follows from their
    memberships, through each app's rules.py. Permissions given to one person or a group in Django's
    admin would let them past those rules, and pages kept for everyone with the same roles
    (engaging/core/kept.py) would show what one person's grant allowed. Superusers may do anything.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # a session from elsewhere holding something that is not an id
            return None
        using = router.db_for_read(model)
        names, sql, converters = _by_pk(model, using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, column, found in converters:
            for convert in found:
                values[index] = convert(values[index], column, connection)
        user = model.from_db(using, names, values)
        return user if self.user_can_authenticate(user) else None
