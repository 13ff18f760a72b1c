// worker_pool — the Go twin of bench/tasks/worker_pool.cpp: workers read job
// indices from one channel, look up main's input table and send results on
// another; a closer goroutine closes results after the workers' WaitGroup.
package main

import (
	"fmt"
	"os"
	"sync"
)

// Sizes: keep equal to the constants in worker_pool.cpp.
const (
	workers  = 4
	jobCount = 500_000
	capacity = 128
)

func main() {
	input := make([]int64, jobCount)
	for i := range input {
		input[i] = int64(i)
	}

	jobs := make(chan int, capacity)
	results := make(chan int64, capacity)
	var wg sync.WaitGroup
	wg.Add(workers)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				results <- input[j]*2 + 1
			}
			wg.Done()
		}()
	}
	go func() {
		for j := 0; j < jobCount; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var sum, count int64
	for r := range results {
		sum += r
		count++
	}
	n := int64(jobCount)
	ok := count == n && sum == n*(n-1)+n // sum of 2i+1 for i < n
	fmt.Printf("worker_pool: workers=%d jobs=%d sum=%d %s\n", workers, jobCount, sum, verdict(ok))
	if !ok {
		os.Exit(1)
	}
}

func verdict(ok bool) string {
	if ok {
		return "OK"
	}
	return "FAIL"
}
