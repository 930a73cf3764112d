"""The exceptions of the isms package, one class per kind of failure.

Every error the C++ library reports arrives as an absl::Status; its code picks
the class here and its message (which names the file and the place of the
fault where the library knows it) becomes the exception's message.
"""

__all__ = [
    "Error",
    "ValidationError",
    "InvalidArgumentError",
    "NotFoundError",
    "AlreadyExistsError",
    "PermissionDeniedError",
    "ResourceExhaustedError",
    "FailedPreconditionError",
    "OutOfRangeError",
    "UnavailableError",
    "InternalError",
    "StaleResultError",
]


class Error(Exception):
    """Base class of every error raised by isms.

    Attributes:
      code: the library's status code name, e.g. "INVALID_ARGUMENT".
      message: the library's message.
    """

    code = "UNKNOWN"

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ValidationError(Error, ValueError):
    """Bad input: a file that does not parse, a dangling reference in a
    register, a level id not on its scale, a value out of range."""

    code = "INVALID_ARGUMENT"


# The status code's own name, for code that maps codes one to one.
InvalidArgumentError = ValidationError


class NotFoundError(Error, LookupError):
    """A file, catalog, control, asset or risk that does not exist."""

    code = "NOT_FOUND"


class AlreadyExistsError(Error):
    code = "ALREADY_EXISTS"


class PermissionDeniedError(Error):
    """The operating system refused access to a file."""

    code = "PERMISSION_DENIED"


class ResourceExhaustedError(Error):
    """Input beyond a limit (bytes, nesting depth, counts); the message names
    the limit and its value."""

    code = "RESOURCE_EXHAUSTED"


class FailedPreconditionError(Error):
    """The call needs a state the object is not in."""

    code = "FAILED_PRECONDITION"


class OutOfRangeError(Error, ValueError):
    code = "OUT_OF_RANGE"


class UnavailableError(Error):
    """An I/O failure that may pass (disk full, interrupted write)."""

    code = "UNAVAILABLE"


class InternalError(Error):
    code = "INTERNAL"


class StaleResultError(FailedPreconditionError):
    """A Result was asked for something computed from its engine after the
    engine changed. Its numpy arrays stay valid (they are a snapshot); call
    Engine.recalculate() for a new Result."""


# absl::StatusCode values (absl/status/status.h).
_BY_CODE = {
    3: ValidationError,
    5: NotFoundError,
    6: AlreadyExistsError,
    7: PermissionDeniedError,
    8: ResourceExhaustedError,
    9: FailedPreconditionError,
    11: OutOfRangeError,
    13: InternalError,
    14: UnavailableError,
}


def error_for_status(code, message):
    """The exception for an absl::Status (called by the C++ extension)."""
    return _BY_CODE.get(code, Error)(message)
