"""What every service raises when a rule refuses a request (and changes nothing)."""


class Refused(ValueError):
    """A rule of law or of the department refuses the request.

    ``message`` is for people (already translated); ``field`` names the form
    field to show it next to, or None for the form as a whole.
    """

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
