package mock

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/spec"
	"github.com/spinecat/spinecat/client"
	"github.com/spinecat/spinecat/server"
	"github.com/spinecat/spinecat/validate"
)

// loadClinic loads testdata/clinic/clinic.yaml, an API no Go is written for,
// over the shipped catalogue, as "spinecat serve --catalog" does.
func loadClinic(t *testing.T) (*catalog.Registry, *catalog.API) {
	t.Helper()
	reg, err := spec.Extend(all.Registry(), "testdata/clinic/clinic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	api, ok := reg.API("clinic")
	if !ok {
		t.Fatalf("the registry lacks the API: %v", reg.APINames())
	}
	return reg, api
}

func TestAnAPILoadedAtRunTime(t *testing.T) {
	reg, api := loadClinic(t)
	sc, err := ParseScenarios("s.yaml", []byte("api: clinic\nscenarios:\n  - route: GET /Slot/down\n    entry: GATEWAY_DOWN\n"), reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{API: api, Scenarios: sc})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	const id = "5a4171ac-486e-11e8-9ffc-6c3be5a609f5"
	cases := []struct {
		path, auth, requestID string
		want                  string // entry and params, or the error's text
	}{
		{"/clinic/Slot/12", "", id, "clinic.NO_TOKEN map[]"},
		{"/clinic/Slot/12", "Bearer tok", "", "clinic.BAD_REQUEST_ID map[value:]"},
		{"/clinic/Slot/12", "Bearer tok", "42", "clinic.BAD_REQUEST_ID map[value:42]"},
		{"/clinic/Slot/12", "Bearer tok", id, "clinic.NO_SLOT map[id:12]"},
		{"/clinic/Slot/down", "Bearer tok", id, "clinic.GATEWAY_DOWN map[]"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("GET", srv.URL+c.path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		if c.requestID != "" {
			req.Header.Set("X-Request-ID", c.requestID)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		var ce *catalog.Error
		if err := client.FromResponseWith(resp, client.Options{Registry: reg, API: api}); errors.As(err, &ce) && ce.Entry() != nil {
			got = ce.Entry().ID() + " " + fmt.Sprint(ce.Params())
		} else {
			got = "unidentified: " + errString(err)
		}
		resp.Body.Close()
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.path, diff)
		}
		if c.requestID != "" && resp.Header.Get("X-Request-ID") != c.requestID {
			t.Errorf("%s: X-Request-ID %q not echoed", c.path, resp.Header.Get("X-Request-ID"))
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

// TestAnAPILoadedAtRunTimeEndToEnd drives the YAML-only API through the
// library a real service and its clients use, with no Go written for it:
// server.Middleware applies its front door, a handler sends its errors with
// server.WriteError, validate finds every response conformant and names
// its entry, and the client reads each back without being told the API
// (the request URL is under the API's base path).
func TestAnAPILoadedAtRunTimeEndToEnd(t *testing.T) {
	reg, api := loadClinic(t)
	noSlot, _ := api.Entry("NO_SLOT")
	badSlotID, _ := api.Entry("BAD_SLOT_ID")
	h := server.Middleware(api, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if strings.Trim(id, "0123456789") != "" {
			server.WriteError(w, r, catalog.New(badSlotID, id))
			return
		}
		server.WriteError(w, r, catalog.New(noSlot, id))
	}))
	mux := http.NewServeMux()
	mux.Handle("GET /clinic/Slot/{id}", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	checker := validate.New(validate.Options{Registry: reg})
	const id = "5a4171ac-486e-11e8-9ffc-6c3be5a609f5"
	type result struct {
		Status            int
		Client            string // the entry and params the client read back
		Checked           string // the entry validate named
		API, Dialect      string
		Conformant, ByURL bool
	}
	ok := func(status int, entry, params string) result {
		return result{Status: status, Client: entry + " " + params, Checked: entry, API: "clinic", Dialect: "clinic-r4", Conformant: true, ByURL: true}
	}
	cases := []struct {
		path, auth, requestID string
		want                  result
	}{
		{"/clinic/Slot/12", "", id, ok(401, "clinic.NO_TOKEN", "map[]")},
		{"/clinic/Slot/12", "Bearer tok", "42", ok(400, "clinic.BAD_REQUEST_ID", "map[value:42]")},
		{"/clinic/Slot/12", "Bearer tok", id, ok(404, "clinic.NO_SLOT", "map[id:12]")},
		{"/clinic/Slot/twelve", "Bearer tok", id, ok(400, "clinic.BAD_SLOT_ID", "map[id:twelve]")},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("GET", srv.URL+c.path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		req.Header.Set("X-Request-ID", c.requestID)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got := result{Status: resp.StatusCode}
		var ce *catalog.Error
		if err := client.FromResponseWith(resp, client.Options{Registry: reg}); errors.As(err, &ce) && ce.Entry() != nil {
			got.Client = ce.Entry().ID() + " " + fmt.Sprint(ce.Params())
		} else {
			got.Client = "unidentified: " + errString(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		rep := checker.Check(validate.Response{Status: resp.StatusCode, Header: resp.Header, Body: body, URL: req.URL.String()})
		got.API, got.Dialect, got.Conformant = rep.API, rep.Dialect, rep.Conformant
		got.ByURL = strings.Contains(rep.Reason, "is under /clinic, the clinic API's base path")
		if len(rep.Issues) > 0 {
			got.Checked = rep.Issues[0].Entry
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s\n%s", c.path, c.auth, diff, body)
		}
	}
}
