// select3 — the Go twin of bench/tasks/select3.cpp: a consumer goroutine
// selects over three producers' unbuffered channels, setting a closed channel
// to nil until all three are closed.
package main

import (
	"fmt"
	"os"
	"sync"
)

// Sizes: keep equal to the constants in select3.cpp.
const (
	producers   = 3
	perProducer = 200_000
)

func main() {
	var in [producers]chan int64
	for p := range in {
		in[p] = make(chan int64)
		go func(c chan<- int64, p int) {
			for i := 0; i < perProducer; i++ {
				c <- int64(i)*producers + int64(p)
			}
			close(c)
		}(in[p], p)
	}

	// Written by the consumer, read by main after Wait.
	var sum int64
	var count [producers]int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func(a, b, c chan int64) {
		defer wg.Done()
		take := func(p int, v int64, ok bool) bool {
			if !ok {
				return false
			}
			sum += v
			count[p]++
			return true
		}
		for open := producers; open > 0; {
			select {
			case v, ok := <-a:
				if !take(0, v, ok) {
					a, open = nil, open-1
				}
			case v, ok := <-b:
				if !take(1, v, ok) {
					b, open = nil, open-1
				}
			case v, ok := <-c:
				if !take(2, v, ok) {
					c, open = nil, open-1
				}
			}
		}
	}(in[0], in[1], in[2])
	wg.Wait()

	n := int64(producers) * perProducer
	ok := sum == n*(n-1)/2
	for _, c := range count {
		ok = ok && c == perProducer
	}
	fmt.Printf("select3: producers=%d per_producer=%d counts=%d,%d,%d sum=%d %s\n", producers,
		perProducer, count[0], count[1], count[2], sum, verdict(ok))
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
