"""Record ids that come from outside: a URL, a form field, a queue cursor.

Primary keys are PostgreSQL ``integer`` columns. A larger number reached the
database and failed there ("integer out of range"; SQLite: "Python int too
large to convert") — a 500 where "no such record" (404) or "bad request"
(400) belongs. Such numbers are turned away here, before any query.
"""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def is_record_id(value: object) -> bool:
    """Whether ``value`` is an int a record's id can be (not a bool, a float or out of range)."""
    return type(value) is int and 0 < value <= MAX_ID


def parse_id(text: str | None) -> int | None:
    """The id written in ``text`` (a form field), or None if no record can have it."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if is_record_id(value) else None


class IdConverter(IntegerConverter):
    """``<id:case_id>`` in a route: a number no record can have does not match (404)."""

    def __init__(self, map):
        super().__init__(map, min=1, max=MAX_ID)
