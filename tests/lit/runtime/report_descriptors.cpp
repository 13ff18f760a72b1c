// Reports reach their reader, and only their reader:
//  - a program that closes every descriptor after the first report (closefrom,
//    close_range, a close loop) and then opens data files does not get
//    reports in its files, and vigil keeps its JSON file and its symbolizer;
//  - a program started with stderr closed (its first file becomes fd 2) gets
//    no text report in that file; the JSON report and the exit status remain;
//  - a forked child writes to files named with its own pid;
//  - a log_path that cannot be opened is named, with the reason.
// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: rm -rf %t.dir %t.data* %t.log* && mkdir -p %t.dir
// RUN: env VIGIL_OPTIONS=report_dir=%t.dir %expect_exit 66 1 %t close-all %t.data 2>&1 | FileCheck %s --check-prefix=CLOSE
// RUN: FileCheck %s --check-prefix=DATA --input-file=%t.data
// RUN: cat %t.dir/*.jsonl | FileCheck %s --check-prefix=JSON
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: env VIGIL_OPTIONS=report_dir=%t.dir %expect_exit 66 1 sh -c '%t stderr-closed %t.data2 2>&-'
// RUN: FileCheck %s --check-prefix=DATA --input-file=%t.data2
// RUN: cat %t.dir/*.jsonl | FileCheck %s --check-prefix=JSON1
// RUN: env VIGIL_OPTIONS=log_path=%t.log %expect_exit 66 1 %t fork %t.data3
// RUN: ls %t.log.* | wc -l | FileCheck %s --check-prefix=TWO
// RUN: cat %t.log.* | FileCheck %s --check-prefix=FORKED
// RUN: env VIGIL_OPTIONS=log_path=/nonexistent/dir/log %expect_exit 66 1 %t plain %t.data4 2>&1 | FileCheck %s --check-prefix=BADLOG
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vigil_test.h"

static int first_shared, second_shared;
static invisible_barrier order;

// Two threads: one writes *P, the other reads it after it (unordered). Each
// variable is its own pair of sites (reports are de-duplicated by sites).
template <int *P>
__attribute__((noinline)) static void *write_it(void *) {
  *P = 1;
  invisible_barrier_wait(&order);
  return nullptr;
}
template <int *P>
__attribute__((noinline)) static void race_on() {
  invisible_barrier_init(&order, 2);
  pthread_t t;
  pthread_create(&t, nullptr, write_it<P>, nullptr);
  invisible_barrier_wait(&order);
  int v = *P;
  asm volatile("" : : "r"(v));
  pthread_join(t, nullptr);
}

static void write_data(const char *path, const char *what) {
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  char line[64];
  snprintf(line, sizeof line, "fd %d: %s\n", fd, what);
  if (write(fd, line, strlen(line)) < 0) perror("write");
  close(fd);
}

int main(int argc, char **argv) {
  const char *mode = argv[1], *data = argv[2];
  if (!strcmp(mode, "close-all")) {
    race_on<&first_shared>();  // opens the JSON file and starts the symbolizer
    closefrom(3);
    close_range(3, ~0u, 0);
    for (int fd = 3; fd < 4096; fd++) close(fd);
    int keep = open(data, O_WRONLY | O_CREAT | O_TRUNC, 0644);  // the program's data
    dup2(keep, 5);
    write_data(data, "data");
    race_on<&second_shared>();
    write_data(data, "more data");
    close(keep);
  } else if (!strcmp(mode, "stderr-closed")) {
    int fd = open(data, O_WRONLY | O_CREAT | O_TRUNC, 0644);  // fd 2: stderr was closed
    if (write(fd, "data\n", 5) < 0) return 3;
    race_on<&first_shared>();
    if (write(fd, "more data\n", 10) < 0) return 3;
  } else if (!strcmp(mode, "fork")) {
    race_on<&first_shared>();
    pid_t pid = fork();
    if (pid == 0) {
      race_on<&second_shared>();
      _exit(0);
    }
    waitpid(pid, nullptr, 0);
  } else {
    race_on<&first_shared>();
  }
  return 0;
}

// CLOSE: WARNING: vigil: data race
// CLOSE: race_on{{.*}}report_descriptors.cpp
// CLOSE: WARNING: vigil: data race
// CLOSE: race_on{{.*}}report_descriptors.cpp
// CLOSE: Location is global 'second_shared'

// DATA-NOT: vigil
// DATA: data
// DATA-NEXT: more data
// DATA-NOT: vigil

// JSON: "kind":"data race"{{.*}}first_shared
// JSON-NEXT: "kind":"data race"{{.*}}second_shared

// JSON1: "kind":"data race"{{.*}}first_shared

// TWO: 2

// FORKED-DAG: Location is global 'first_shared'
// FORKED-DAG: Location is global 'second_shared'

// BADLOG: vigil: cannot open log_path '/nonexistent/dir/log.{{[0-9]+}}' (No such file or directory); reports go to stderr
// BADLOG: WARNING: vigil: data race
