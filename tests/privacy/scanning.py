"""Search every table of the database, whatever made it, for given words: the check that erasing left no copy.

Tables are found by introspection, not from the models, so the cache's table, full-text indexes and any table a
library keeps are searched too. A value is searched as it is stored and as it reads once unpacked: HTML-escaped
pages, base64 (the database cache), pickles, JSON, ZIP files (Word documents) and zlib streams.
"""

import base64
import binascii
import html
import io
import json
import zipfile
import zlib

from django.db import connection, transaction


def _variants(needle: str) -> list[bytes]:
    texts = {needle, html.escape(needle), html.escape(needle, quote=False), needle.replace("'", "&#39;")}
    return [text.encode() for text in texts] + [json.dumps(needle)[1:-1].encode()]


def _unpacked(data: bytes, depth: int = 0):
    yield data
    if depth > 2:
        return
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    yield from _unpacked(archive.read(name), depth + 1)
        except (zipfile.BadZipFile, ValueError):
            pass
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS, zlib.MAX_WBITS | 16):
        try:
            yield from _unpacked(zlib.decompress(data, wbits), depth + 1)
        except zlib.error:
            pass
    if len(data) >= 16 and data[:1].isalnum():
        try:
            decoded = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            decoded = None
        if decoded:
            yield from _unpacked(decoded, depth + 1)


def _as_bytes(value) -> bytes | None:
    if value is None or isinstance(value, int | float | bool):
        return None
    if isinstance(value, memoryview):
        return value.tobytes()
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str).encode()
    return str(value).encode()


def places_holding(*needles: str) -> dict[str, set[str]]:
    """{needle: {"table.column", ...}} for each needle found anywhere in the database."""
    wanted = {needle: _variants(needle) for needle in needles}
    found: dict[str, set[str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            try:
                with transaction.atomic():
                    columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
                    cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608  (names from the database itself)
                    rows = cursor.fetchall()
            except Exception:  # noqa: BLE001  (an FTS5 shadow table may not be readable as a table)
                continue
            for row in rows:
                for column, value in zip(columns, row, strict=False):
                    data = _as_bytes(value)
                    if not data:
                        continue
                    for piece in _unpacked(data):
                        for needle, variants in wanted.items():
                            if any(variant in piece for variant in variants):
                                found.setdefault(needle, set()).add(f"{table}.{column}")
    return found
