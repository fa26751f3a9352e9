"""The last few values one process kept or fetched, by key: the layer of the one cache (cache.py) that each process
keeps for itself, so that asking again skips the shared cache."""

import pickle
import threading
from collections import OrderedDict
from typing import Any


def _unchangeable(value: Any) -> bool:
    """Whether nothing can change `value` in place: text, bytes, numbers, or tuples of them."""
    if value is None or isinstance(value, str | bytes | int | float):
        return True
    return isinstance(value, tuple) and all(_unchangeable(item) for item in value)


class Recent:
    """The last few values this process kept or fetched, with their tables' versions, so that asking again
    skips the shared cache.

    Pickled, unless nothing can change them in place (a rendered page, say), so that each request gets
    its own copy to use as it likes.
    """

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, tuple[bool, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, cache_key: str) -> Any:
        with self.lock:
            item = self.items.get(cache_key)
            if item is None:
                return None
            self.items.move_to_end(cache_key)
        pickled, data = item
        return pickle.loads(data) if pickled else data  # noqa: S301  (written by this process, below)

    def put(self, cache_key: str, value: Any) -> None:
        item = (False, value) if _unchangeable(value) else (True, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        with self.lock:
            self.items[cache_key] = item
            self.items.move_to_end(cache_key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
