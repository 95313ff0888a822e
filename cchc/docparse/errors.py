"""Errors a caller can show to a user as they are (Vietnamese messages)."""


class UnreadableDocument(Exception):
    """The input cannot be read as a document.

    `message` is one Vietnamese sentence saying what is wrong and what to do; the CLI
    prints it on stderr and exits 2, the web import shows it on the upload form.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
