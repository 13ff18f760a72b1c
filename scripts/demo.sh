#!/usr/bin/env bash
# demo.sh — sets everything up, then runs vigil's main job on a real example:
# a racy std::thread program compiled with the plugin (its report is printed),
# then a clean one (no report); then the suite-level view: every program in
# examples/ run under `vigil run`, whose summary table lists each finding
# once. Exits 0 when the race was reported (exit 66), the clean run was
# silent (exit 0), and `vigil run` found exactly the examples' two races.
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

echo
echo "== every example under vigil run: one summary, each finding once =="
for src in examples/*.cpp; do
  name=$(basename "$src" .cpp)
  build/bin/vigil-clang++ -O1 "$src" -o "$out/$name" || exit 1
done
cat > "$out/run_examples.sh" <<'EOF2'
#!/bin/sh
# Runs every example; their own output is left out, vigil collects the reports.
for p in "$(dirname "$0")"/race_counter "$(dirname "$0")"/clean_counter "$(dirname "$0")"/go_*; do
  case "$p" in *.log|*.sh|*.json) continue ;; esac
  "$p" > /dev/null 2>&1 || echo "example $(basename "$p") exited with status $?"
done
EOF2
chmod +x "$out/run_examples.sh"
build/bin/vigil run --format json -o "$out/findings.json" -- "$out/run_examples.sh"
rc=$?
findings=$(python3 -c "import json; print(len(json.load(open('$out/findings.json'))['findings']))" 2>/dev/null)
if [ $rc -ne 66 ] || [ "$findings" != 2 ]; then
  echo "demo: FAILED: expected vigil run to find the examples' 2 races (exit 66), got $rc with ${findings:-?} findings" >&2
  status=1
else
  echo "demo: vigil run found the 2 racy examples among $(ls examples/*.cpp | wc -l) programs (exit status 66, as expected)"
fi
exit $status
