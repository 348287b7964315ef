package client_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/client"
	"github.com/spinecat/spinecat/server"
)

// A mock NRL answers a read of an unknown DocumentReference with the
// documented 404; the client turns the response back into the typed error
// and reads the id out of the diagnostics.
func ExampleFromResponse() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/DocumentReference/")
		server.WriteError(w, r, nrl.NoRecordFoundDocumentReference(id)) // XML, NRL's default
	}))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/DocumentReference/abc")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()

	err = client.FromResponse(resp)
	if errors.Is(err, nrl.ErrNoRecordFoundDocumentReference) {
		p, _ := nrl.NoRecordFoundDocumentReferenceParamsOf(err)
		fmt.Println("no such pointer:", p.ID)
	}
	// Output:
	// no such pointer: abc
}
