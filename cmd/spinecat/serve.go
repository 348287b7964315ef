package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/mock"
)

// runServe is "spinecat serve": a mock of an API driven by a scenario file
// (package mock holds the logic; see docs/serve.md). It runs until SIGINT or
// SIGTERM, then shuts down gracefully.
func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return mock.Command(ctx, all.Registry(), args, stdout, stderr)
}
