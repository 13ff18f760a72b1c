// mutex_counter — the Go twin of bench/tasks/mutex_counter.cpp: many
// goroutines increment two counters under one sync.Mutex.
package main

import (
	"fmt"
	"os"
	"sync"
)

// Sizes: keep equal to the constants in mutex_counter.cpp.
const (
	tasks      = 16
	increments = 800_000 // per goroutine
)

func main() {
	var mu sync.Mutex
	var counter, weighted int64 // guarded by mu
	var wg sync.WaitGroup
	wg.Add(tasks)
	for t := 0; t < tasks; t++ {
		go func(t int64) {
			for i := 0; i < increments; i++ {
				mu.Lock()
				counter++
				weighted += t + 1
				mu.Unlock()
			}
			wg.Done()
		}(int64(t))
	}
	wg.Wait()
	want := int64(tasks) * increments
	wantWeighted := int64(increments) * tasks * (tasks + 1) / 2
	ok := counter == want && weighted == wantWeighted
	fmt.Printf("mutex_counter: tasks=%d counter=%d weighted=%d %s\n", tasks, counter, weighted, verdict(ok))
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
