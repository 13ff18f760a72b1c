// A program with a data race on `counter` (and, given "second", another one
// on `other`); "crash" aborts and "kill" SIGKILLs itself after the reports
// are made, "sleep" waits a while first, "fork" races in a forked child
// only.
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

int counter;
int other;

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "sleep")) usleep(200000);
  if (!strcmp(mode, "fork")) {
    pid_t child = fork();
    if (child != 0) {
      int status = 0;
      waitpid(child, &status, 0);
      return WEXITSTATUS(status);
    }
  }
  std::thread t([] { counter++; });
  counter++;
  t.join();
  if (!strcmp(mode, "second")) {
    std::thread u([] { other = 1; });
    other = 2;
    u.join();
  }
  if (!strcmp(mode, "crash")) abort();
  if (!strcmp(mode, "kill")) raise(SIGKILL);
  return 0;
}
