"""How an LLM call fails: worth retrying later, or not."""


class TransientLLMError(Exception):
    """The LLM failed in a way that may pass (timeout, refused, 5xx, busy): retry later."""


class LLMTimeout(TransientLLMError):
    """No (complete) answer within the time allowed: the server is slow, stuck or hanging."""


class LLMUnreachable(TransientLLMError):
    """No connection, or it broke before an answer: the server is down or restarting."""


class PermanentLLMError(Exception):
    """The LLM cannot do this (model not found, bad request): retrying will not help."""


class LLMConfigError(PermanentLLMError):
    """The server refuses how we ask (e.g. the response format): a setting must change.

    Not the job's fault: every job would fail the same way until an operator acts, so it is
    reported once (log, metric, queue page) and jobs fall back without calling the LLM.
    """


class InvalidAnswer(TransientLLMError):
    """The LLM answered, but unusably; `reason` is a short code safe to log and to show.

    Transient: a model samples again differently, so the pipeline may retry it.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
