"""Bounding a URL-encoded body before it is parsed, on every route.

Werkzeug reads a URL-encoded body whole and splits it into fields with only
MAX_CONTENT_LENGTH as a bound, and that must allow five 10 MB attachments: a
50 MB ``a&a&…`` body cost seconds of CPU before CSRF (the first to read the
form) could refuse it. Here such a body is held to MAX_FORM_MEMORY_SIZE bytes
and MAX_FORM_PARTS fields, whoever reads ``request.form`` first; multipart
uploads keep Werkzeug's own streaming limits.

A refusal by the rate limits (429) says when to try again in Retry-After. The limiter's own
X-RateLimit-* headers are off: they cost one more Redis round trip on every limited request
(issue 15), and browsers, the only clients of the limited routes besides partners, read none of them.
"""
import io
import time

from flask import Request, Response
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from .extensions import limiter


class BoundedFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        limit = self.max_form_memory_size
        if limit is not None and content_length is not None and content_length > limit:
            raise RequestEntityTooLarge()
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:  # sent in chunks, without a Content-Length
            raise RequestEntityTooLarge()
        if self.max_form_parts is not None and body.count(b"&") >= self.max_form_parts:
            raise RequestEntityTooLarge()
        return super()._parse_urlencoded(io.BytesIO(body), mimetype, content_length, options)


class BoundedRequest(Request):
    form_data_parser_class = BoundedFormDataParser


def seconds_to_wait() -> int:
    """Until the breached window ends (at least one second)."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))  # reset_at is rounded up to a whole second already


def retry_after(response: Response) -> Response:
    """Every 429 says when to try again (after_request)."""
    if response.status_code == 429 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(seconds_to_wait())
    return response
