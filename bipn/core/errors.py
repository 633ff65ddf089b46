"""The one exception the clinical package raises for bad input."""


class InputError(ValueError):
    """An input is missing, out of range, of the wrong type or contradicts another input.

    The message names the field, the value received and what is allowed, so a page can
    show it beside the field it belongs to. ``field`` holds the field name.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
