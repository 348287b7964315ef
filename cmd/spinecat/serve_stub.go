package main

import (
	"fmt"
	"io"
)

// runServe stands in for the serve command until serve.go lands.
func runServe(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "serve: not built yet")
	return 2
}
