// The source of the reports in ../../reports (vigil report's golden tests).
#include <mutex>
#include <thread>

int hits;
std::mutex a, b;

void bump() {
  hits++;
}

void lock_ab() {
  std::lock_guard<std::mutex> la(a);
  std::lock_guard<std::mutex> lb(b);
}

void lock_ba() {
  std::lock_guard<std::mutex> lb(b);
  std::lock_guard<std::mutex> la(a);
}
