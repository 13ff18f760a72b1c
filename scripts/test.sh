#!/usr/bin/env bash
# test.sh — sets everything up, builds, and runs every test: GoogleTest units
# and the lit end-to-end suites (every detector, runtime, library and task
# program run 20 times; the leak and GoogleTest programs 5 times), then
# prints the side-by-side verdicts of vigil and ThreadSanitizer on the
# detector corpus (vigil must be right on every program).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
scripts/build.sh || exit 1
scripts/install-sarif-validator.sh build || echo "vigil: WARNING: the SARIF validator could not be installed: the SARIF validation tests will be skipped" >&2
jobs=$(nproc 2>/dev/null || echo 2)
status=0
ctest --test-dir build --output-on-failure -j "$jobs" --timeout 1500 -E '^compare-tsan$' || status=1
echo
echo "== vigil and ThreadSanitizer on the detector corpus (tests/lit/detect) =="
python3 tests/lit/utils/compare_tsan.py --build build -j "$jobs" || status=1
exit $status
