// yield_switch — the Go twin of bench/tasks/yield_switch.cpp: with
// GOMAXPROCS(1), two goroutines call runtime.Gosched in a loop, so each call
// hands the only P to the other one. Prints ns_per_switch = elapsed / yields.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Sizes: keep equal to the constants in yield_switch.cpp.
const yields = 2_000_000 // per goroutine

func main() {
	runtime.GOMAXPROCS(1)
	var lastRunner atomic.Int32
	lastRunner.Store(-1)
	var handoffs [2]int64 // each slot written by its goroutine, read by main after Wait
	var wg sync.WaitGroup
	wg.Add(2)
	t0 := time.Now()
	for id := int32(0); id < 2; id++ {
		go func(id int32) {
			for i := 0; i < yields; i++ {
				runtime.Gosched()
				if lastRunner.Swap(id) != id {
					handoffs[id]++
				}
			}
			wg.Done()
		}(id)
	}
	wg.Wait()
	ns := float64(time.Since(t0).Nanoseconds())
	total := int64(2 * yields)
	switched := handoffs[0] + handoffs[1]
	ok := switched >= total/2
	fmt.Printf("yield_switch: yields=%d handoffs=%d ns_per_switch=%.1f %s\n", total, switched,
		ns/float64(total), verdict(ok))
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
