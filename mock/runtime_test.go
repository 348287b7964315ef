package mock

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/client"
)

// clinicFile is an API no Go is written for: a catalogue file loaded at run
// time, whose front door the mock serves and whose errors the client reads
// back.
const clinicFile = `package: clinic
api: clinic
title: A clinic's appointment API
codeSystems:
  - name: clinic-codes
    url: https://example.org/CodeSystem/clinic
    kind: CodeSystem
    title: Clinic codes
    sources: [test]
    concepts:
      - {code: NO_TOKEN, display: No token}
      - {code: BAD_REQUEST_ID, display: Bad request id}
      - {code: NO_SLOT, display: No slot}
dialects:
  - name: clinic-r4
    title: Clinic R4
    fhir: R4
    id: none
    lastUpdated: prohibited
    display: required
    expression: prohibited
    systems: [clinic-codes]
    formats: [json]
    sources: [test]
entries:
  - {name: NO_TOKEN, dialect: clinic-r4, status: 401, severity: error, issueType: login, system: clinic-codes, code: NO_TOKEN, display: No token, description: d, hint: h, sources: [test]}
  - {name: BAD_REQUEST_ID, dialect: clinic-r4, status: 400, severity: error, issueType: value, system: clinic-codes, code: BAD_REQUEST_ID, display: Bad request id,
     diagnostics: "Invalid X-Request-ID '{value}'", params: [{name: value, doc: The value sent., example: x}], description: d, hint: h, sources: [test]}
  - {name: NO_SLOT, dialect: clinic-r4, status: 404, severity: error, issueType: not-found, system: clinic-codes, code: NO_SLOT, display: No slot,
     diagnostics: "No slot {id}", params: [{name: id, doc: The slot., example: "7"}], description: d, hint: h, sources: [test]}
  - {name: GATEWAY_DOWN, dialect: clinic-r4, status: 502, body: html, contentType: text/html, bodyText: "<html>down</html>", description: d, hint: h, sources: [test]}
http:
  basePaths: [/clinic]
  rules:
    - check: authorization
      scheme: Bearer
      missing: NO_TOKEN
      invalid: NO_TOKEN
    - check: header
      header: X-Request-ID
      missing: {entry: BAD_REQUEST_ID, params: {value: ""}}
      is: uuid
      invalid: {entry: BAD_REQUEST_ID, params: {value: "{header.X-Request-ID}"}}
  headers:
    - {name: X-Request-ID, from: request}
  notFound: {entry: NO_SLOT, params: {id: "{path.last}"}}
`

func TestAnAPILoadedAtRunTime(t *testing.T) {
	reg, api := loadAPI(t, "clinic/clinic.yaml", clinicFile, "clinic")
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
