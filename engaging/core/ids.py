"""Ids that no row can have: outside the range of the column's integer type.

A browser, a query string or an API client can send any number. Django already answers a plain `pk=<huge>`
with "no such row", but a list of ids (`pk__in=[...]`, as every multiple-choice field and filter uses) is
handed to the database driver as it is, and SQLite's driver raises OverflowError for anything beyond 64 bits:
a server error instead of "choose from the list". `IntegerIn` closes that gap for every query in the hub;
the form fields in engaging/core/forms.py use `out_of_range` to refuse such ids before any query is made.
"""

from django.db import connections, models
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


def integer_range(field: models.Field, connection) -> tuple[int | None, int | None]:
    """The smallest and largest values the column of `field` can hold; (None, None) when it is not an integer.

    A foreign key holds its target's values.
    """
    while isinstance(field, models.ForeignKey):
        field = field.target_field
    if not isinstance(field, models.IntegerField):
        return None, None
    return connection.ops.integer_field_range(field.get_internal_type())


def out_of_range(value, field: models.Field, using: str = "default") -> bool:
    """Whether `value` reads as a whole number that the column of `field` cannot hold."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False  # not a number at all: the field's own check says so
    low, high = integer_range(field, connections[using])
    return (low is not None and number < low) or (high is not None and number > high)


class LeavesOutImpossibleIds:
    """For `__in`: leave out the values no row can hold, as Django's `exact` on an integer column already does."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = integer_range(self.lhs.output_field, connection)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


class IntegerIn(LeavesOutImpossibleIds, In):
    pass


class RelatedIntegerIn(LeavesOutImpossibleIds, RelatedIn):
    pass


def install() -> None:
    """Use these `in` lookups for every integer column, ids and foreign keys included."""
    models.IntegerField.register_lookup(IntegerIn)
    models.ForeignObject.register_lookup(RelatedIntegerIn)
