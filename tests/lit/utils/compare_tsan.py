#!/usr/bin/env python3
"""compare_tsan.py — run the detect/ corpus under vigil and under ThreadSanitizer.

    compare_tsan.py [--build DIR] [-j N] [--timeout S] [--keep DIR] [FILTER...]

For every tests/lit/detect/*.cpp (or those whose name contains one of the
FILTERs) the expected verdict is read from its `// VERDICT: race|clean` line.
The program is built twice from its RUN lines, with %vigil_cxx standing for

    vigil:  DIR/bin/vigil-clang++ -O1
    tsan:   clang++-19 -fsanitize=thread -g -O1

(every -O level in the RUN line becomes -O1; RUN lines before the one that runs
the program, such as a shared library's build, are run first), and each binary
runs once with a timeout. Verdict: `race` if it exits with 66 or prints a
`WARNING: vigil:` / `WARNING: ThreadSanitizer:` line, `clean` if it exits 0
without one; anything else is shown as `exit N`, `timeout` or `build error`
and counts as wrong. A file with a `// TSAN: n/a (reason)` line, or one that
includes a vigil-only header, is not built with TSan.

Prints a table `test | expected | vigil | tsan`, then the totals: how many
verdicts each tool got right, TSan's false positives and missed races.

Exit status: 0 iff vigil's verdict is right on every selected program, 1 if
not, 2 for usage errors (no such build, no program selected).
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LIT_DIR = os.path.dirname(HERE)
SRC_ROOT = os.path.dirname(os.path.dirname(LIT_DIR))
CORPUS = os.path.join(LIT_DIR, "detect")
INCLUDES = "-I%s -I%s" % (os.path.join(SRC_ROOT, "runtime", "include"), os.path.join(LIT_DIR, "Inputs"))
TSAN_OPTIONS = "halt_on_error=0:exitcode=66:report_signal_unsafe=0"
WARNING = re.compile(r"^WARNING: (vigil|ThreadSanitizer): ", re.M)
RUN_PROGRAM = re.compile(r"%(run_race|run_clean)\s+")


class Program:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        text = open(path, encoding="utf-8").read()
        m = re.search(r"^// VERDICT: (race|clean)\s*$", text, re.M)
        self.expected = m.group(1) if m else None
        self.run_lines = re.findall(r"^// RUN: (.*)$", text, re.M)
        m = re.search(r"^// TSAN: n/a(.*)$", text, re.M)
        self.tsan_na = m is not None or re.search(r"#include\s*<vigil/", text) is not None


def split_run_line(line):
    """Returns (build commands, program argv string) of a RUN line.

    The program is what follows %run_race/%run_clean up to the first
    redirection or pipe; without such a substitution the whole line builds.
    """
    m = RUN_PROGRAM.search(line)
    if not m:
        return line, None
    build = line[:m.start()].rstrip()
    if build.endswith("&&"):
        build = build[:-2].rstrip()
    rest = line[m.end():]
    prog = re.split(r"\s(?:\d?>|\||&&)", " " + rest, maxsplit=1)[0].strip()
    return build, prog


def substitute(cmd, cxx, src, tmp):
    cmd = re.sub(r"(?<!\S)-O[0-3sz]?(?!\S)", "-O1", cmd)
    return cmd.replace("%vigil_cxx", cxx).replace("%s", shlex.quote(src)).replace("%t", tmp)


def run_one(prog, tool, cxx, workdir, timeout):
    """Builds and runs `prog` for one tool; returns its verdict string."""
    tmp = os.path.join(workdir, "%s.%s" % (prog.name, tool))
    program = None
    for line in prog.run_lines:
        build, program = split_run_line(line)
        build = substitute(build, cxx, prog.path, tmp)
        if build:
            b = subprocess.run(build, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=timeout)
            if b.returncode != 0:
                with open(tmp + ".build.log", "wb") as f:
                    f.write(b.stdout)
                return "build error"
        if program is not None:
            break
    if program is None:
        return "no RUN"
    env = dict(os.environ)
    env.pop("VIGIL_OPTIONS", None)
    env["TSAN_OPTIONS"] = TSAN_OPTIONS
    argv = substitute(program, cxx, prog.path, tmp)
    try:
        r = subprocess.run(argv, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "timeout"
    out = r.stdout.decode("utf-8", "replace")
    with open(tmp + ".log", "w", encoding="utf-8") as f:
        f.write(out)
    if r.returncode == 66 or WARNING.search(out):
        return "race"
    if r.returncode == 0:
        return "clean"
    return "exit %d" % r.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(SRC_ROOT, "build"),
                    help="vigil build directory (default: build)")
    ap.add_argument("-j", type=int, default=2, help="programs handled at once (default 2)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per build or run (default 300)")
    ap.add_argument("--tsan-cxx", default="clang++-19", help="compiler for the TSan builds")
    ap.add_argument("--keep", metavar="DIR", help="put binaries and logs in DIR and keep them")
    ap.add_argument("filters", nargs="*", help="only programs whose name contains one of these")
    args = ap.parse_args()

    build = os.path.abspath(args.build)
    vigil_cxx = os.path.join(build, "bin", "vigil-clang++")
    if not os.access(vigil_cxx, os.X_OK):
        sys.stderr.write("compare_tsan.py: no %s (build vigil first or pass --build DIR)\n" % vigil_cxx)
        return 2
    if not shutil.which(args.tsan_cxx):
        sys.stderr.write("compare_tsan.py: %s not found\n" % args.tsan_cxx)
        return 2
    vigil_cmd = "%s %s" % (shlex.quote(vigil_cxx), INCLUDES)
    tsan_cmd = "%s -fsanitize=thread -g %s" % (shlex.quote(args.tsan_cxx), INCLUDES)

    paths = sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith((".cpp", ".c")))
    progs = [Program(p) for p in paths]
    if args.filters:
        progs = [p for p in progs if any(f in p.name for f in args.filters)]
    if not progs:
        sys.stderr.write("compare_tsan.py: no program selected\n")
        return 2
    for p in progs:
        if p.expected is None:
            sys.stderr.write("compare_tsan.py: %s has no '// VERDICT: race|clean' line\n" % p.path)
            return 2

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir = os.path.abspath(args.keep)
    else:
        workdir = tempfile.mkdtemp(prefix="compare_tsan.")

    def both(p):
        v = run_one(p, "vigil", vigil_cmd, workdir, args.timeout)
        t = "n/a" if p.tsan_na else run_one(p, "tsan", tsan_cmd, workdir, args.timeout)
        return p, v, t

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
            results = list(pool.map(both, progs))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    width = max(len("test"), max(len(p.name) for p in progs))
    print("%-*s | %-8s | %-11s | %-11s" % (width, "test", "expected", "vigil", "tsan"))
    print("%s-|-%s-|-%s-|-%s" % ("-" * width, "-" * 8, "-" * 11, "-" * 11))
    vigil_ok = tsan_ok = tsan_n = tsan_fp = tsan_fn = 0
    vigil_wrong = []
    for p, v, t in results:
        mark_v = "" if v == p.expected else " *"
        mark_t = "" if t in (p.expected, "n/a") else " *"
        print("%-*s | %-8s | %-11s | %-11s" % (width, p.name, p.expected, v + mark_v, t + mark_t))
        if v == p.expected:
            vigil_ok += 1
        else:
            vigil_wrong.append((p.name, p.expected, v))
        if t != "n/a":
            tsan_n += 1
            tsan_ok += t == p.expected
            tsan_fp += p.expected == "clean" and t == "race"
            tsan_fn += p.expected == "race" and t == "clean"
    n = len(results)
    races = sum(p.expected == "race" for p, _, _ in results)
    print()
    print("programs: %d (%d racy, %d clean); * marks a wrong verdict" % (n, races, n - races))
    print("vigil correct: %d/%d" % (vigil_ok, n))
    print("tsan correct: %d/%d (%d n/a)" % (tsan_ok, tsan_n, n - tsan_n))
    print("tsan false positives: %d" % tsan_fp)
    print("tsan missed races: %d" % tsan_fn)
    print("tsan other failures (crash, timeout, build error): %d" % (tsan_n - tsan_ok - tsan_fp - tsan_fn))
    if vigil_wrong:
        print()
        print("vigil wrong on: " + ", ".join("%s (expected %s, got %s)" % w for w in vigil_wrong))
    return 0 if not vigil_wrong else 1


if __name__ == "__main__":
    sys.exit(main())
