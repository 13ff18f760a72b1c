#!/bin/sh
# Starts 20 instrumented processes at once: 8 racy, 9 clean, one with a
# second race, one that aborts after its report, one killed by SIGKILL after
# its report. Its own status is 0 when every process ended as expected.
dir=$1
pids=""
for i in 1 2 3 4 5 6 7 8; do "$dir/racy" sleep & pids="$pids $!"; done
for i in 1 2 3 4 5 6 7 8 9; do "$dir/clean" > /dev/null & pids="$pids $!"; done
"$dir/racy" second & pids="$pids $!"
"$dir/racy" crash 2> /dev/null & crash=$!
"$dir/racy" kill & killed=$!
status=0
for p in $pids; do wait "$p" || status=1; done
wait "$crash"; [ $? -eq 134 ] || status=1
wait "$killed"; [ $? -eq 137 ] || status=1
exit $status
