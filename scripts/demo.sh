#!/usr/bin/env bash
# demo.sh — sets everything up, then runs vigil's main job on a real example:
# a racy std::thread program compiled with the plugin (its report is printed),
# then a clean one (no report). Exits 0 when the race was reported (exit 66)
# and the clean run was silent (exit 0).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
scripts/build.sh || exit 1

out=build/examples
mkdir -p "$out"
status=0

echo "== examples/race_counter.cpp: two threads bump a counter without a lock =="
build/bin/vigil-clang++ -O1 examples/race_counter.cpp -o "$out/race_counter" || exit 1
"$out/race_counter" 2>"$out/race_counter.log"
rc=$?
cat "$out/race_counter.log"
if [ $rc -ne 66 ] || ! grep -q "WARNING: vigil: data race" "$out/race_counter.log"; then
  echo "demo: FAILED: expected a data race report and exit status 66, got $rc" >&2
  status=1
else
  echo "demo: the race was reported (exit status 66, as expected)"
fi

echo
echo "== examples/clean_counter.cpp: the same counter under a std::mutex =="
build/bin/vigil-clang++ -O1 examples/clean_counter.cpp -o "$out/clean_counter" || exit 1
"$out/clean_counter" 2>"$out/clean_counter.log"
rc=$?
cat "$out/clean_counter.log"
if [ $rc -ne 0 ] || grep -q "WARNING: vigil" "$out/clean_counter.log"; then
  echo "demo: FAILED: expected a clean run (exit 0, no report), got $rc" >&2
  status=1
else
  echo "demo: no report for the correct program (exit status 0, as expected)"
fi
exit $status
