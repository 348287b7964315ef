package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spinecat/spinecat/server"
)

// runServe is "spinecat serve": a mock of an API's front door driven by a
// scenario file (package server holds the logic; see docs/serve.md). It runs
// until SIGINT or SIGTERM, then shuts down gracefully.
func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return server.Command(ctx, args, stdout, stderr)
}
