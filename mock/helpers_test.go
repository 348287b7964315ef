package mock

import (
	"testing"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/spec"
	"github.com/spinecat/spinecat/internal/servertest"
	"github.com/spinecat/spinecat/server"
)

// A JWT with a body of claims ({"iss":"x"}), unsigned.
const testJWT = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0."

// loadAPI loads a catalogue file at run time and returns its registry and
// the API named api.
func loadAPI(t *testing.T, path, file, api string) (*catalog.Registry, *catalog.API) {
	t.Helper()
	set, err := spec.Load(spec.Source{Path: path, Data: []byte(file)})
	if err != nil {
		t.Fatal(err)
	}
	reg := set.Registry()
	a, ok := reg.API(api)
	if !ok {
		t.Fatalf("the registry lacks the API %s: %v", api, reg.APINames())
	}
	return reg, a
}

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
