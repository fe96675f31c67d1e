"""Check a model with the golden set: every case through the configured provider and the real
validation, as the pipeline asks (one stricter retry), without the fallback.

`TEAMEVAL_LLM_PROVIDER=ollama TEAMEVAL_OLLAMA_MODEL=qwen2.5:7b-instruct python -m bench.check_model`
(`--limit N` for the first N cases, `--json` for the raw results). The settings come from the
environment as for a worker (provider, URL, model, response format, timeouts).
"""

import argparse
import json
import sys
import time
from collections import Counter
from typing import Any

from tests.llm.test_extractive import CASES, request_of

from teameval.config import get_settings
from teameval.llm.errors import InvalidAnswer, PermanentLLMError, TransientLLMError
from teameval.llm.factory import get_summarizer
from teameval.llm.validation import validate_answer
from teameval.privacy.anonymise import Anonymiser


def check_case(case: dict[str, Any]) -> dict[str, Any]:
    """One case: `ok` (first answer), `ok_after_retry`, `refused` (reasons) or `error`."""
    summarizer = get_summarizer(get_settings())
    request = request_of(case)
    names_in = Anonymiser(case["roster"], case["language"]).names_in
    reasons: list[str] = []
    started = time.monotonic()
    for attempt in range(2):
        try:
            completion = summarizer.complete(request, retry_reason=reasons[-1] if reasons else None)
            validate_answer(completion.content, request, names_in=names_in)
        except InvalidAnswer as exc:
            reasons.append(exc.reason)
            continue
        except (TransientLLMError, PermanentLLMError) as exc:
            return {"id": case["id"], "outcome": "error", "error": str(exc)[:200]}
        outcome = "ok" if attempt == 0 else "ok_after_retry"
        seconds = round(time.monotonic() - started, 1)
        return {"id": case["id"], "outcome": outcome, "reasons": reasons, "seconds": seconds}
    return {"id": case["id"], "outcome": "refused", "reasons": reasons}


def main(argv: list[str] | None = None) -> int:
    """Run the cases and print a line each, then the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args(argv)
    settings = get_settings()
    summarizer = get_summarizer(settings)
    print(f"{summarizer.provider} {summarizer.model} ({settings.response_format})", flush=True)
    results = []
    for case in CASES[: ns.limit]:
        result = check_case(case)
        results.append(result)
        if not ns.json:
            detail = ", ".join(result.get("reasons", [])) or result.get("error", "")
            print(f"{result['id']:<40} {result['outcome']:<15} {detail}", flush=True)
    totals = Counter(r["outcome"] for r in results)
    refused = Counter(reason for r in results for reason in r.get("reasons", []))
    passed = totals["ok"] + totals["ok_after_retry"]
    summary = {
        "cases": len(results),
        "passed": passed,
        "pass_rate": round(passed / max(1, len(results)), 3),
        "outcomes": dict(totals),
        "refusal_reasons": dict(refused),
    }
    print(json.dumps({"results": results, **summary} if ns.json else summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
