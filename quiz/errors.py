"""The one exception family a user can cause; the CLI turns it into a one-line message."""


class QuizError(Exception):
    """Anything the user can fix: a bad bank, a broken database, an unknown id."""


class BankError(QuizError):
    """A bank file that cannot be used; the message names file:line and the question id."""


class StoreError(QuizError):
    """The database file is missing, corrupt, locked for too long or from a newer version."""


class UnknownQuestion(QuizError):
    """An id that no loaded bank (and no stored history) knows."""


class SnippetError(QuizError):
    """A snippet that cannot be run at all: missing, escaping its folder, untrusted."""


class SnippetMissing(SnippetError):
    """No file of that name in the bank's snippets folder."""


class UntrustedSnippet(SnippetError):
    """A snippet of a bank the user has not trusted (or edited since)."""
