"""One exception family; every error carries a hint for the person who hits it."""


class RdfexportError(Exception):
    """Base class. ``hint`` says what to do about it."""

    hint = ""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} (hint: {self.hint})" if self.hint else text


class InputError(RdfexportError):
    """An input path cannot be read or is not a PFOCR record."""

    hint = "give a figure .md file, a folder, a PFOCR site checkout or '-' for stdin"


class RecordError(RdfexportError):
    """A record is refused: names the file and the field at fault."""

    def __init__(self, path: str, field: str, reason: str, hint: str | None = None):
        self.path, self.field, self.reason = path, field, reason
        super().__init__(f"{path}: {field}: {reason}", hint)


class UsageError(RdfexportError):
    """The command line asks for something that cannot be done."""


class EndpointError(RdfexportError):
    """A SPARQL endpoint refused, failed, or lost data."""

    hint = "check the endpoint URL, credentials and server log"
