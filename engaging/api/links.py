"""The ids a page of records links to, for every list at once: one query for the page, whatever its size.

Prefetching each many-to-many list builds a model for every link, and a queryset for every list, when a
page written out in the API needs ids alone. Each link is kept only when the record it points to is live
(not archived), as the related managers would give it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, models


@dataclass(frozen=True)
class Link:
    """Links from one record to others, kept in `table` as (`source`, `target`) ids; `to` is the linked model.
    With `label` (a column of the linked model, such as its name), each link is read as (id, label)."""

    table: str
    source: str
    target: str
    to: type[models.Model]
    label: str | None = None

    @classmethod
    def many(cls, model: type[models.Model], name: str, label: str | None = None) -> "Link":
        """The many-to-many field `name` of `model`."""
        field = model._meta.get_field(name)
        through = field.remote_field.through
        table, to = through._meta.db_table, field.related_model
        return cls(table, field.m2m_column_name(), field.m2m_reverse_name(), to, label)

    @classmethod
    def rows(cls, model: type[models.Model], source: str, target: str) -> "Link":
        """Rows of `model` (a record of its own, such as a finding's use by an activity) as links."""
        to = model._meta.get_field(target).related_model
        return cls(model._meta.db_table, model._meta.get_field(source).column, model._meta.get_field(target).column, to)


def linked_ids(records: list, links: dict[str, Link], using: str = "default") -> dict[str, dict[int, list]]:
    """For each name in `links`, each record's linked ids in order, {name: {record id: [ids]}}; for a link with
    a label, (id, label) pairs in the order of the labels."""
    found: dict[str, dict[int, list]] = {name: {} for name in links}
    ids = [int(record.pk) for record in records]
    if not ids or not links:
        return found
    connection = connections[using]
    names = list(links)
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection, [links[name] for name in names], ids))
        for index, record_id, linked_id, label in cursor.fetchall():
            link = links[names[index]]
            found[names[index]].setdefault(record_id, []).append(
                linked_id if link.label is None else (linked_id, label)
            )
    for name, by_record in found.items():
        labelled = links[name].label is not None
        for linked in by_record.values():
            linked.sort(key=(lambda pair: (pair[1], pair[0])) if labelled else None)
    return found


def _sql(connection, links: Iterable[Link], ids: list[int]) -> str:
    quote = connection.ops.quote_name
    in_ids = ", ".join(str(pk) for pk in ids)  # integers read from the database, so safe to write in
    parts = []
    for index, link in enumerate(links):
        target = link.to._meta
        live = " AND target.archived_at IS NULL" if any(f.name == "archived_at" for f in target.fields) else ""
        label = f"target.{quote(target.get_field(link.label).column)}" if link.label else "NULL"
        source, linked = f"link.{quote(link.source)}", f"link.{quote(link.target)}"
        parts.append(
            f"SELECT {index}, {source}, {linked}, {label} FROM {quote(link.table)} link "
            f"INNER JOIN {quote(target.db_table)} target ON target.{quote(target.pk.column)} = {linked} "
            f"WHERE {source} IN ({in_ids}){live}"
        )
    return " UNION ALL ".join(parts)
