#include <thread>

int counter;

int main() {
  std::thread a([] { counter++; });
  a.join();  // orders a's increment before main's
  counter++;
  std::thread b([] { counter++; });
  counter++;  // races with b
  b.join();
}
