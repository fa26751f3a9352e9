"""The names of the single data stamp that came before the one cache, for code not yet moved to it.

Use `engaging.core.cache.cached` (with `request=` for what a page keeps) and
`engaging.core.versions.invalidate`; nothing new should import this module.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from engaging.core import cache

T = TypeVar("T")


class _RequestCache:
    def __init__(self, request):
        self.request = request

    def remember(self, name: str, parts: Iterable[Any], work_out: Callable[[], T]) -> T:
        return cache.cached(name, parts, work_out, request=self.request)


def keeper_for(request) -> _RequestCache:
    """`keeper_for(request).remember(...)` is `cache.cached(..., request=request)`."""
    return _RequestCache(request)


def remember(name: str, parts: Iterable[Any], work_out: Callable[[], T]) -> T:
    """`cache.cached(name, parts, work_out)`."""
    return cache.cached(name, parts, work_out)
