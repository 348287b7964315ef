package server

import (
	"net/http"
	"testing"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/servertest"
)

// fixed is the clock of every test server.
var fixed = servertest.Fixed

// testOptions make responses deterministic.
func testOptions() []Option {
	return []Option{
		WithClock(func() time.Time { return fixed }),
		WithIDSource(servertest.ID),
		WithTransactionID(servertest.TransactionID),
	}
}

// newTestServer serves api's front door on loopback, in front of a handler
// that answers every request with the API's NotFound, as a mock without
// scenarios does.
func newTestServer(t *testing.T, api *catalog.API, opts ...Option) *servertest.Server {
	t.Helper()
	opts = append(testOptions(), opts...)
	wr := NewWriter(append(opts, WithAPI(api))...)
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { wr.WriteError(w, r, NotFound(api, r)) })
	return servertest.New(t, api.Name, Middleware(api, notFound, opts...))
}

// with returns a copy of base with keys set or, with "(delete)", removed.
var with = servertest.With

type result = servertest.Result
