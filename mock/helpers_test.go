package mock

import (
	"testing"
	"time"

	"github.com/spinecat/spinecat/internal/servertest"
	"github.com/spinecat/spinecat/server"
)

// A JWT with a body of claims ({"iss":"x"}), unsigned.
const testJWT = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0."

// newTestServer serves a mock on loopback with deterministic responses.
func newTestServer(t *testing.T, cfg Config) *servertest.Server {
	t.Helper()
	cfg.Options = append([]server.Option{
		server.WithClock(func() time.Time { return servertest.Fixed }),
		server.WithIDSource(servertest.ID),
		server.WithTransactionID(servertest.TransactionID),
	}, cfg.Options...)
	h, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return servertest.New(t, cfg.API.Name, h)
}
