// pipeline — the Go twin of bench/tasks/pipeline.cpp: generate -> square ->
// sum over unbuffered channels, each item a heap object written by one stage
// and read by the next (the garbage collector frees them).
package main

import (
	"fmt"
	"os"
)

// Sizes: keep equal to the constants in pipeline.cpp.
const items = 1_500_000

type item struct {
	value, square int64
}

func generate(n int) <-chan *item {
	out := make(chan *item)
	go func() {
		for i := 0; i < n; i++ {
			out <- &item{value: int64(i)}
		}
		close(out)
	}()
	return out
}

func square(in <-chan *item) <-chan *item {
	out := make(chan *item)
	go func() {
		for it := range in {
			it.square = it.value * it.value
			out <- it
		}
		close(out)
	}()
	return out
}

func sum(in <-chan *item) <-chan int64 {
	out := make(chan int64)
	go func() {
		var total int64
		for it := range in {
			total += it.square
		}
		out <- total
	}()
	return out
}

func main() {
	total := <-sum(square(generate(items)))
	n := int64(items)
	// The sum of i*i for i < n, halved first so that it cannot overflow.
	ok := total == (n-1)*n/2*(2*n-1)/3
	fmt.Printf("pipeline: items=%d sum_of_squares=%d %s\n", items, total, verdict(ok))
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
