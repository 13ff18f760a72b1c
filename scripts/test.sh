#!/usr/bin/env bash
# test.sh — sets everything up, builds, and runs every test: GoogleTest units
# and the lit end-to-end suites (racy programs run 20 times each), then prints
# the side-by-side verdicts of vigil and ThreadSanitizer on the detector corpus.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
scripts/build.sh || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j "$jobs" --timeout 1500
