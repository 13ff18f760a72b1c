// go_worker_pool.cpp — three workers share ten jobs; results are collected
// until the results channel is closed.
// Mirrors the Go article's "Worker Pool" program (numWorkers = 3,
// numJobs = 10, 100 ms per job, result = job * 2). Which worker takes which
// job, and the order of the lines, vary from run to run.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

void worker(int id, vigil::recv_chan<int> jobs, vigil::send_chan<int> results,
            vigil::wait_group* wg) {
  for (int job : jobs) {
    std::printf("Worker %d processing job %d\n", id, job);
    vigil::sleep_for(100ms);  // simulate work
    results.send(job * 2);
  }
  wg->done();  // Go defers this
}

int main() {
  const int num_workers = 3;
  const int num_jobs = 10;

  vigil::chan<int> jobs = vigil::make_chan<int>(num_jobs);
  vigil::chan<int> results = vigil::make_chan<int>(num_jobs);

  // Start the workers.
  vigil::wait_group wg;
  for (int w = 1; w <= num_workers; w++) {
    wg.add(1);
    vigil::go(worker, w, jobs, results, &wg);
  }

  // Send the jobs.
  for (int j = 1; j <= num_jobs; j++) jobs.send(j);
  jobs.close();  // signal: no more jobs

  // Wait for the workers, then close results.
  vigil::go([&wg, results] {
    wg.wait();
    results.close();
  });

  // Collect the results.
  for (int result : results) std::printf("Result: %d\n", result);
}
