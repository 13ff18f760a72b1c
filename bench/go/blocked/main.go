// blocked — the Go side of `bench/run library`'s blocked_tasks workload: the
// resident memory a parked goroutine costs. Twin of bench/library/blocked_tasks.cpp.
//
//	blocked [N]   (default 100000)
//
// Starts N goroutines that each block receiving from one shared unbuffered
// channel, and reads VmRSS and VmHWM from /proc/self/status before and while
// they are blocked (runtime.ReadMemStats counts the heap, not what the process
// holds, so both sides read the kernel's numbers). Then closes the channel,
// waits for every goroutine to end and prints one line:
//
//	blocked_tasks tasks=N ... bytes_per_task=B OK
//
// bytes_per_task is (VmHWM while blocked - VmRSS before) / N: the peak growth.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// statusKiB returns the value of a "Key:   123 kB" line of /proc/self/status.
func statusKiB(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		fmt.Fprintln(os.Stderr, "blocked:", err)
		os.Exit(1)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := s.Text(); strings.HasPrefix(line, key+":") {
			rest := strings.TrimSpace(line[len(key)+1:])
			v, err := strconv.ParseInt(strings.TrimSuffix(rest, " kB"), 10, 64)
			if err == nil {
				return v
			}
		}
	}
	fmt.Fprintf(os.Stderr, "blocked: no %s in /proc/self/status\n", key)
	os.Exit(1)
	return 0
}

func main() {
	n := 100_000
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil || v < 1 {
			fmt.Fprintf(os.Stderr, "usage: blocked [N]   (N >= 1, got %q)\n", os.Args[1])
			os.Exit(2)
		}
		n = v
	}

	rssBefore := statusKiB("VmRSS")
	release := make(chan int)
	var parked, finished sync.WaitGroup
	parked.Add(n)
	finished.Add(n)
	t0 := time.Now()
	for i := 0; i < n; i++ {
		go func() {
			defer finished.Done()
			parked.Done()
			if _, ok := <-release; ok {
				panic("value on the release channel")
			}
		}()
	}
	parked.Wait()
	spawnMs := float64(time.Since(t0).Microseconds()) / 1000
	// Done comes just before the receive: give the last ones time to park.
	time.Sleep(100 * time.Millisecond)
	rssBlocked, hwmBlocked := statusKiB("VmRSS"), statusKiB("VmHWM")

	t1 := time.Now()
	close(release)
	finished.Wait()
	releaseMs := float64(time.Since(t1).Microseconds()) / 1000

	perTask := float64(hwmBlocked-rssBefore) * 1024 / float64(n)
	fmt.Printf("blocked_tasks tasks=%d rss_before_kib=%d rss_blocked_kib=%d hwm_blocked_kib=%d "+
		"rss_after_kib=%d spawn_ms=%.1f release_ms=%.1f bytes_per_task=%.0f OK\n",
		n, rssBefore, rssBlocked, hwmBlocked, statusKiB("VmRSS"), spawnMs, releaseMs, perTask)
}
