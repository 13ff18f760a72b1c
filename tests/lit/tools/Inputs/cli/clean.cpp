// A correct program: the thread's write happens before main's read (join).
#include <cstdio>
#include <thread>

int counter;

int main() {
  std::thread t([] { counter++; });
  t.join();
  counter++;
  std::printf("DONE %d\n", counter);
  return 0;
}
