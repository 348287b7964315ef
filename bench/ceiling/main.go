package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// spin is register-only work the compiler cannot drop.
func spin() int {
	x := 0
	for i := range 400_000_000 {
		x += i ^ (x >> 3)
	}
	return x
}

var sink int

func main() {
	procs := runtime.NumCPU()
	var single, multi time.Duration
	for _, n := range []int{1, procs} {
		runtime.GOMAXPROCS(n)
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := spin()
				mu.Lock()
				sink += x
				mu.Unlock()
			}()
		}
		wg.Wait()
		d := time.Since(start)
		if n == 1 {
			single = d
		} else {
			multi = d
		}
		fmt.Printf("%d core(s): %d units of work in %v (checksum %d)\n", n, n, d, sink%10)
	}
	if procs > 1 {
		fmt.Printf("throughput on %d cores: %.2f× one core\n", procs, float64(procs)*float64(single)/float64(multi))
	}
}
