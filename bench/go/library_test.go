// library_test.go — the Go side of `bench/run library`: each benchmark is the
// twin of one in bench/library/library.cpp, with the same workload, sizes and unit.
//
// An iteration runs one whole workload (a fixed number of operations) in a
// fresh goroutine while the benchmark goroutine waits, exactly as the C++
// side runs it in a task while main waits. Every benchmark reports "ns/item",
// nanoseconds per operation of its workload (a task, a round trip, an item, a
// select, a job, an increment); the built-in ns/op is per whole workload.
// Each workload checks its result and fails the benchmark when it is wrong.
//
//	go test -run '^$' -bench 'Library/pipeline$' -benchtime 0.2s
package vigilbench

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Sizes: keep equal to the k* constants in bench/library/library.cpp.
const (
	spawnTasks       = 10_000
	pingPongRounds   = 20_000
	bufferedItems    = 200_000
	bufferedCap      = 128
	selects          = 200_000
	poolWorkers      = 4
	poolJobs         = 1_000_000
	poolCap          = 128
	pipelineItems    = 1_000_000
	counterTasks     = 4
	mutexIncrements  = 250_000   // per task
	atomicIncrements = 1_000_000 // per task
)

// runInGoroutine runs f in a new goroutine and waits for it.
func runInGoroutine(f func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
	wg.Wait()
}

// spawn starts n goroutines that each only call Done, and waits for them.
func spawn(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() { wg.Done() }()
	}
	wg.Wait()
}

// pingPong bounces rounds values off an echo goroutine over unbuffered
// channels; it returns the sum of the values that came back.
func pingPong(rounds int) int64 {
	ping, pong := make(chan int), make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for v := range ping {
			pong <- v
		}
	}()
	var sum int64
	for i := 0; i < rounds; i++ {
		ping <- i
		sum += int64(<-pong)
	}
	close(ping)
	wg.Wait()
	return sum
}

// buffered streams items values from a producer goroutine through a buffered
// channel; it returns their sum.
func buffered(items int) int64 {
	c := make(chan int, bufferedCap)
	go func() {
		for i := 0; i < items; i++ {
			c <- i
		}
		close(c)
	}()
	var sum int64
	for v := range c {
		sum += int64(v)
	}
	return sum
}

// select2 selects n times over two channels that always hold a value: the
// chosen case puts its value back. It returns how often the first case won.
func select2(n int) int {
	a, b := make(chan int, 1), make(chan int, 1)
	a <- 0
	b <- 1
	first := 0
	for i := 0; i < n; i++ {
		select {
		case v := <-a:
			a <- v
			first++
		case v := <-b:
			b <- v
		}
	}
	return first
}

// workerPool is the classic pool: a producer feeds jobs to poolWorkers
// workers that send job*2 to results; it returns the sum of the results.
func workerPool(n int) int64 {
	jobs := make(chan int, poolCap)
	results := make(chan int64, poolCap)
	var workers sync.WaitGroup
	workers.Add(poolWorkers)
	for w := 0; w < poolWorkers; w++ {
		go func() {
			defer workers.Done()
			for j := range jobs {
				results <- int64(j) * 2
			}
		}()
	}
	go func() {
		for i := 0; i < n; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() {
		workers.Wait()
		close(results)
	}()
	var sum int64
	for r := range results {
		sum += r
	}
	return sum
}

func generate(n int) <-chan int64 {
	out := make(chan int64)
	go func() {
		for i := 0; i < n; i++ {
			out <- int64(i)
		}
		close(out)
	}()
	return out
}

func square(in <-chan int64) <-chan int64 {
	out := make(chan int64)
	go func() {
		for v := range in {
			out <- v * v
		}
		close(out)
	}()
	return out
}

// pipeline is generate -> square -> sink over unbuffered channels (the Go
// blog's pipeline); it returns the sum of the squares.
func pipeline(n int) int64 {
	var sum int64
	for v := range square(generate(n)) {
		sum += v
	}
	return sum
}

// mutexCounter has tasks goroutines increment one counter under a sync.Mutex.
func mutexCounter(tasks, perTask int) int64 {
	var mu sync.Mutex
	var counter int64
	var wg sync.WaitGroup
	wg.Add(tasks)
	for t := 0; t < tasks; t++ {
		go func() {
			defer wg.Done()
			for i := 0; i < perTask; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return counter
}

// atomicCounter has tasks goroutines increment one atomic counter.
func atomicCounter(tasks, perTask int) int64 {
	var counter atomic.Int64
	var wg sync.WaitGroup
	wg.Add(tasks)
	for t := 0; t < tasks; t++ {
		go func() {
			defer wg.Done()
			for i := 0; i < perTask; i++ {
				counter.Add(1)
			}
		}()
	}
	wg.Wait()
	return counter.Load()
}

// measure runs workload b.N times, each in a fresh goroutine, and reports
// ns/item for ops operations per run. check validates each run's result.
func measure(b *testing.B, ops int, workload func() int64, check func(int64) bool) {
	var bad int64
	failed := false
	start := time.Now()
	for i := 0; i < b.N; i++ {
		runInGoroutine(func() {
			if r := workload(); !check(r) {
				bad, failed = r, true
			}
		})
	}
	elapsed := time.Since(start)
	if failed {
		b.Fatalf("wrong result %d", bad)
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/float64(ops), "ns/item")
}

func sumBelow(n int64) int64        { return n * (n - 1) / 2 }
func sumSquaresBelow(n int64) int64 { return (n - 1) * n * (2*n - 1) / 6 }

func equals(want int64) func(int64) bool { return func(got int64) bool { return got == want } }

func BenchmarkLibrary(b *testing.B) {
	b.Run("spawn", func(b *testing.B) {
		measure(b, spawnTasks, func() int64 { spawn(spawnTasks); return 0 }, equals(0))
	})
	pingPongAt := func(procs int) func(b *testing.B) {
		return func(b *testing.B) {
			if procs > 0 {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			}
			measure(b, pingPongRounds, func() int64 { return pingPong(pingPongRounds) },
				equals(sumBelow(pingPongRounds)))
		}
	}
	b.Run("pingpong_procs1", pingPongAt(1))
	b.Run("pingpong", pingPongAt(0))
	b.Run("chan_buffered", func(b *testing.B) {
		measure(b, bufferedItems, func() int64 { return buffered(bufferedItems) },
			equals(sumBelow(bufferedItems)))
	})
	b.Run("select2", func(b *testing.B) {
		// The case is chosen uniformly at random: 200k draws stay within 45-55%.
		measure(b, selects, func() int64 { return int64(select2(selects)) },
			func(first int64) bool { return first > selects*45/100 && first < selects*55/100 })
	})
	b.Run("worker_pool", func(b *testing.B) {
		measure(b, poolJobs, func() int64 { return workerPool(poolJobs) }, equals(2*sumBelow(poolJobs)))
	})
	b.Run("pipeline", func(b *testing.B) {
		measure(b, pipelineItems, func() int64 { return pipeline(pipelineItems) },
			equals(sumSquaresBelow(pipelineItems)))
	})
	b.Run("mutex_counter", func(b *testing.B) {
		measure(b, counterTasks*mutexIncrements, func() int64 { return mutexCounter(counterTasks, mutexIncrements) },
			equals(counterTasks*mutexIncrements))
	})
	b.Run("atomic_counter", func(b *testing.B) {
		measure(b, counterTasks*atomicIncrements, func() int64 { return atomicCounter(counterTasks, atomicIncrements) },
			equals(counterTasks*atomicIncrements))
	})
}
