// call_recursion: function-call dominated work in every thread.
//
// Each thread computes fib(n) by naive recursion (noinline, so every call is a
// real call), plus a recursive walk of a small per-thread binary tree. Almost no
// memory is touched: the cost is function entry/exit instrumentation (shadow
// call stack maintenance for report stacks).
//
// usage: call_recursion [threads=4]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

static constexpr unsigned kFibN = 37;
static constexpr unsigned kTreeDepth = 12;   // 8191 nodes per thread
static constexpr unsigned kTreeWalks = 300;

__attribute__((noinline)) static std::uint64_t fib(unsigned n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

struct Node {
  std::unique_ptr<Node> left, right;
  std::uint32_t value;
};

__attribute__((noinline)) static std::unique_ptr<Node> build(unsigned depth, std::uint32_t &next) {
  auto n = std::make_unique<Node>();
  n->value = next++;
  if (depth > 1) {
    n->left = build(depth - 1, next);
    n->right = build(depth - 1, next);
  }
  return n;
}

__attribute__((noinline)) static std::uint64_t walk(const Node *n) {
  if (!n) return 0;
  return n->value + walk(n->left.get()) + walk(n->right.get());
}

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;

  std::vector<std::uint64_t> fibs(threads), walks(threads);
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; ++t) {
    ts.emplace_back([&fibs, &walks, t] {
      fibs[t] = fib(kFibN);
      std::uint32_t next = 0;
      auto root = build(kTreeDepth, next);
      std::uint64_t w = 0;
      for (unsigned i = 0; i < kTreeWalks; ++i) w += walk(root.get());
      walks[t] = w;
    });
  }
  for (auto &t : ts) t.join();

  // fib(37) = 24157817; tree node values are 0..nodes-1.
  std::uint64_t nodes = (1u << kTreeDepth) - 1;
  std::uint64_t expect_walk = kTreeWalks * (nodes * (nodes - 1) / 2);
  bool ok = true;
  for (unsigned t = 0; t < threads; ++t) ok = ok && fibs[t] == 24157817 && walks[t] == expect_walk;
  std::printf("call_recursion: threads=%u fib(%u)=%llu walk=%llu %s\n", threads, kFibN,
              static_cast<unsigned long long>(fibs[0]), static_cast<unsigned long long>(walks[0]),
              ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
