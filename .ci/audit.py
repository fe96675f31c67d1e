"""Judge pip-audit's JSON report: fail on a known vulnerability; warn when nothing was audited.

pip-audit asks PyPI's JSON API for each installed package's advisories. Where that API cannot be
reached (a CI machine that only sees a package mirror), every package comes back "skipped";
that is reported loudly but does not fail the build, because it says nothing about our code.
"""

import json
import sys


def main(path: str) -> int:
    """Exit 1 when any dependency has a known vulnerability."""
    try:
        with open(path, encoding="utf-8") as report_file:
            report = json.load(report_file)
    except (OSError, ValueError) as exc:
        print(f"pip-audit: no report ({exc}); the vulnerability database was not reachable")
        return 0
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "vulns" in d]
    vulnerable = [d for d in audited if d["vulns"]]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"pip-audit: {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if not audited:
        print(
            f"pip-audit: WARNING: none of {len(dependencies)} packages could be audited "
            "(vulnerability database not reachable from this machine); not failing"
        )
        return 0
    print(
        f"pip-audit: {len(audited)} packages audited, {len(vulnerable)} with known vulnerabilities"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
