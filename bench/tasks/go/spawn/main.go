// spawn — the Go twin of bench/tasks/spawn.cpp: many short goroutines,
// started in batches and joined by a sync.WaitGroup. Each writes its own slot
// of a slice that main sums after Wait.
package main

import (
	"fmt"
	"os"
	"sync"
)

// Sizes: keep equal to the constants in spawn.cpp.
const (
	batches       = 300
	tasksPerBatch = 1_000
)

func main() {
	slot := make([]int64, tasksPerBatch)
	var sum int64
	for b := 0; b < batches; b++ {
		var wg sync.WaitGroup
		wg.Add(tasksPerBatch)
		for i := 0; i < tasksPerBatch; i++ {
			go func(b, i int) {
				slot[i] = int64(b)*tasksPerBatch + int64(i)
				wg.Done()
			}(b, i)
		}
		wg.Wait()
		for _, v := range slot {
			sum += v
		}
	}
	n := int64(batches) * tasksPerBatch
	ok := sum == n*(n-1)/2
	fmt.Printf("spawn: tasks=%d sum=%d %s\n", n, sum, verdict(ok))
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
