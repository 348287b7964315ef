package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/spinecat/spinecat/bench"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate"
	"github.com/spinecat/spinecat/validate/fhirschema"
)

type result struct {
	FirstCheckNS int64  `json:"first_check_ns"` // since SPINECAT_T0; 0 without it
	InMainNS     int64  `json:"in_main_ns"`     // from main to the end of the first check
	Conformant   bool   `json:"conformant"`
	Entries      int    `json:"entries"`
	HeapAlloc    uint64 `json:"heap_alloc"`  // after loading everything and a GC
	HeapInUse    uint64 `json:"heap_in_use"` // likewise
	Sys          uint64 `json:"sys"`
}

func main() {
	start := time.Now()
	f := bench.Primary()
	rep := validate.Check(validate.Response{Status: f.Status, Header: f.Header, Body: f.Body})
	done := time.Now()
	r := result{InMainNS: done.Sub(start).Nanoseconds(), Conformant: rep.Conformant}
	if t0, err := strconv.ParseInt(os.Getenv("SPINECAT_T0"), 10, 64); err == nil {
		r.FirstCheckNS = done.UnixNano() - t0
	}
	// Load everything else: every entry, and both versions' schemas
	// compiled for the walk (the first check compiles only its own).
	r.Entries = len(all.Registry().Entries())
	for _, v := range []operationoutcome.Version{operationoutcome.STU3, operationoutcome.R4} {
		if err := fhirschema.Compile(v); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.HeapAlloc, r.HeapInUse, r.Sys = ms.HeapAlloc, ms.HeapInuse, ms.Sys
	runtime.KeepAlive(rep)
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		os.Exit(1)
	}
}
