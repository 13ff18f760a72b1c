#!/usr/bin/env python3
"""expect_exit.py STATUS REPEAT CMD... — run CMD REPEAT times.

Every run must exit with STATUS and print the same report headlines
(`WARNING: vigil: ...` and `SUMMARY: vigil: ...` lines) as the first run, so a
test that passes shows a deterministic verdict. The first run's stdout+stderr
is printed for FileCheck. Exit 0 on success, 1 with a message otherwise.
"""
import re
import subprocess
import sys

HEADLINE = re.compile(r"^(WARNING|SUMMARY): (vigil|ThreadSanitizer): .*$", re.M)


def headlines(text):
    # Addresses and pids differ between runs; the kinds and sites must not.
    return sorted(re.sub(r"\(pid=\d+\)|0x[0-9a-f]+", "", m.group(0)) for m in HEADLINE.finditer(text))


def main():
    if len(sys.argv) < 4:
        sys.stderr.write("usage: expect_exit.py STATUS REPEAT CMD...\n")
        return 2
    want = int(sys.argv[1])
    repeat = int(sys.argv[2])
    cmd = sys.argv[3:]
    first = None
    for i in range(repeat):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
        out = p.stdout.decode("utf-8", "replace")
        rc = p.returncode if p.returncode >= 0 else 128 - p.returncode  # killed by a signal: as the shell says
        if rc != want:
            sys.stdout.write(out)
            sys.stdout.write("expect_exit: run %d of %d exited with %d, expected %d\n" %
                             (i + 1, repeat, rc, want))
            return 1
        if first is None:
            first = out
        elif headlines(out) != headlines(first):
            sys.stdout.write(first)
            sys.stdout.write("---- run %d ----\n%s" % (i + 1, out))
            sys.stdout.write("expect_exit: run %d of %d reported differently from run 1\n" % (i + 1, repeat))
            return 1
    sys.stdout.write(first)
    return 0


if __name__ == "__main__":
    sys.exit(main())
