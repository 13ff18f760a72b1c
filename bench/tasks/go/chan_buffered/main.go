// chan_buffered — the Go twin of bench/tasks/chan_buffered.cpp: one producer
// and one consumer goroutine over a buffered channel.
package main

import (
	"fmt"
	"os"
	"sync"
)

// Sizes: keep equal to the constants in chan_buffered.cpp.
const (
	items    = 8_000_000
	capacity = 128
)

func main() {
	c := make(chan int64, capacity)
	var sum int64 // written by the consumer, read by main after Wait
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		for i := 0; i < items; i++ {
			c <- int64(i)
		}
		close(c)
		wg.Done()
	}()
	go func() {
		for v := range c {
			sum += v
		}
		wg.Done()
	}()
	wg.Wait()
	ok := sum == int64(items)*(items-1)/2
	fmt.Printf("chan_buffered: items=%d cap=%d sum=%d %s\n", items, capacity, sum, verdict(ok))
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
