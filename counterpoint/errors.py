"""The exception tree, rooted at CounterpointError; each carries a reason code and a hint."""


class CounterpointError(Exception):
    """Base of every error the CLI prints as one `Error: ...` line."""

    code = "error"
    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint:
            self.hint = hint


class SettingsError(CounterpointError):
    code = "bad_setting"


class InputError(CounterpointError):
    """An input that cannot become a document; `code` says why (the rejected reason code)."""

    def __init__(self, message: str, code: str = "unreadable", hint: str | None = None):
        super().__init__(message, hint)
        self.code = code


class FetchError(InputError):
    def __init__(self, message: str, code: str = "fetch_failed", hint: str | None = None):
        super().__init__(message, code, hint)


class StoreError(CounterpointError):
    code = "store"


class TaxonomyError(CounterpointError):
    code = "bad_taxonomy"


class ModelError(CounterpointError):
    code = "model_missing"
