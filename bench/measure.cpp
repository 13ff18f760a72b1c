// bench/measure: run a command and report its wall time and peak RSS.
//
//   measure RESULT_FILE CMD [ARGS...]
//
// Forks, execs CMD, waits with wait4() and writes one line to RESULT_FILE:
//   "<wait status> <ru_maxrss KiB> <wall ns> <user us> <sys us>"
// Its own exit status is 0 when the result was written (CMD's status is in the
// file; a CMD that cannot be started shows as exit status 127), 1 on errors.
//
// Why not measure from the Python harness directly: a child's ru_maxrss starts
// from the RSS of the process it was forked from (Linux carries the old mm's
// high-water mark over exec), so wait4() in Python reports at least the
// interpreter's ~15 MiB. This helper is a few hundred KiB, so the number it
// reports is the workload's own peak RSS. The harness starts it in a new
// process group and kills the group on timeout.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: measure RESULT_FILE CMD [ARGS...]\n");
    return 2;
  }
  timespec t0{}, t1{};
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("measure: fork");
    return 1;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    std::fprintf(stderr, "measure: cannot run %s: %s\n", argv[2], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      std::perror("measure: wait4");
      return 1;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long long wall_ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  long long user_us = ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec;
  long long sys_us = ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec;
  FILE *f = std::fopen(argv[1], "w");
  if (!f) {
    std::perror("measure: result file");
    return 1;
  }
  std::fprintf(f, "%d %ld %lld %lld %lld\n", status, ru.ru_maxrss, wall_ns, user_us, sys_us);
  return std::fclose(f) == 0 ? 0 : 1;
}
