"""The base of every error an operator may see: its message says what went wrong and how to fix it."""


class OperatorError(Exception):
    """Shown to the operator as one clear message (no traceback) by the CLI."""
