"""Validates a SARIF file with Sarif.Multitool and prints the counts of its
errors and warnings; the tool-home-page warning (SARIF2005 about
informationUri) is not counted: vigil has no public home page yet."""
import json
import subprocess
import sys
import tempfile

tool, sarif = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as d:
    out = d + "/validation.sarif"
    p = subprocess.run([tool, "validate", sarif, "-o", out], capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stdout, p.stderr)
        sys.exit(1)
    log = json.load(open(out))
errors = warnings = 0
for run in log["runs"]:
    for r in run.get("results", []):
        args = r.get("message", {}).get("arguments", [])
        text = json.dumps(r)
        if r.get("ruleId") == "SARIF2005" and "informationUri" in text + " ".join(args) or \
           r.get("message", {}).get("id") == "Warning_ProvideToolnformationUri":
            continue
        print(r.get("ruleId"), json.dumps(r.get("message")), file=sys.stderr)
        if r.get("level", "warning") == "error":
            errors += 1
        else:
            warnings += 1
print("errors:", errors)
print("warnings:", warnings)
