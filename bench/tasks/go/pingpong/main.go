// pingpong — the Go twin of bench/tasks/pingpong.cpp: two goroutines bounce
// a value over two unbuffered channels.
package main

import (
	"fmt"
	"os"
	"sync"
)

// Sizes: keep equal to the constants in pingpong.cpp.
const rounds = 1_500_000

func main() {
	ping, pong := make(chan int), make(chan int)
	var sum int64 // written by the pinger, read by main after Wait
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		for v := range ping {
			pong <- v
		}
		wg.Done()
	}()
	go func() {
		for i := 0; i < rounds; i++ {
			ping <- i
			sum += int64(<-pong)
		}
		close(ping)
		wg.Done()
	}()
	wg.Wait()
	ok := sum == int64(rounds)*(rounds-1)/2
	fmt.Printf("pingpong: rounds=%d sum=%d %s\n", rounds, sum, verdict(ok))
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
