"""How an LLM call fails: worth retrying later, or not."""


class TransientLLMError(Exception):
    """The LLM failed in a way that may pass (timeout, refused, 5xx, busy): retry later."""


class PermanentLLMError(Exception):
    """The LLM cannot do this (model not found, bad request): retrying will not help."""


class InvalidAnswer(TransientLLMError):
    """The LLM answered, but unusably; `reason` is a short code safe to log and to show.

    Transient: a model samples again differently, so the pipeline may retry it.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
