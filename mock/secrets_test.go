package mock

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/server"
)

// vaultFile is an API whose answers echo request values in every way a
// catalogue and a scenario file can: {header.X}, {query.x}, {path.last},
// route wildcards, two headers joined, and response headers echoed.
const vaultFile = `package: vault
api: vault
title: An API that echoes what it is sent
codeSystems:
  - name: vault-codes
    url: https://example.org/CodeSystem/vault
    kind: CodeSystem
    title: Vault codes
    sources: [test]
    concepts:
      - {code: NO_TOKEN, display: No token}
      - {code: BAD_ID, display: Bad id}
      - {code: ECHO, display: Echo}
      - {code: NO_ITEM, display: No item}
dialects:
  - name: vault-r4
    title: Vault R4
    fhir: R4
    id: none
    lastUpdated: prohibited
    display: required
    expression: prohibited
    systems: [vault-codes]
    formats: [json]
    sources: [test]
entries:
  - {name: NO_TOKEN, dialect: vault-r4, status: 401, severity: error, issueType: login, system: vault-codes, code: NO_TOKEN, display: No token, description: d, hint: h, sources: [test]}
  - {name: BAD_ID, dialect: vault-r4, status: 400, severity: error, issueType: value, system: vault-codes, code: BAD_ID, display: Bad id,
     diagnostics: "Invalid X-Request-ID {value}", params: [{name: value, doc: The value sent., example: x}], description: d, hint: h, sources: [test]}
  - {name: ECHO, dialect: vault-r4, status: 400, severity: error, issueType: value, system: vault-codes, code: ECHO, display: Echo,
     diagnostics: "q={q} h={h} id={id} last={last} joined={joined}",
     params: [{name: q, doc: d, example: x}, {name: h, doc: d, example: x}, {name: id, doc: d, example: x}, {name: last, doc: d, example: x}, {name: joined, doc: d, example: x}],
     description: d, hint: h, sources: [test]}
  - {name: NO_ITEM, dialect: vault-r4, status: 404, severity: error, issueType: not-found, system: vault-codes, code: NO_ITEM, display: No item,
     diagnostics: "No item {id}", params: [{name: id, doc: The item., example: "7"}], description: d, hint: h, sources: [test]}
http:
  rules:
    - check: header
      header: X-Request-ID
      missing: {entry: BAD_ID, params: {value: ""}}
      is: uuid
      invalid: {entry: BAD_ID, params: {value: "{header.X-Request-ID}"}}
    - check: authorization
      scheme: Bearer
      missing: NO_TOKEN
      invalid: NO_TOKEN
      leniencies:
        - {name: any-token, accept: any-value, doc: Any Authorization value.}
  headers:
    - {name: X-Request-ID, from: request}
    - {name: X-Note, from: request}
  notFound: {entry: NO_ITEM, params: {id: "{path.last}"}}
`

const vaultScenarios = `api: vault
scenarios:
  - route: GET /Echo/{id}
    entry: ECHO
    params: {q: "{query.q}", h: "{header.X-Note}", id: "{id}", last: "{path.last}", joined: "{header.X-A}{header.X-B}"}
`

// Nothing from the Authorization header, however short, schemed or bare,
// reaches a response: not in a diagnostics parameter taken from a header, a
// query parameter, the path or a route wildcard, not where two values join
// into it, not in a header echoed back.
func TestCredentialsNeverEchoed(t *testing.T) {
	reg, api := loadAPI(t, "vault/vault.yaml", vaultFile, "vault")
	sc, err := ParseScenarios("s.yaml", []byte(vaultScenarios), reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{API: api, Scenarios: sc, Options: []server.Option{server.WithLeniency("any-token")}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	jwt := "eyJhbGciOiJub25lIn0." + strings.Repeat("eyJzdWIiOiJzZWNyZXQifQ", 15) + "." // longer than a parameter may be
	const uuid = "5a4171ac-486e-11e8-9ffc-6c3be5a609f5"
	for _, c := range []struct {
		name, auth, secret string
	}{
		{"one letter, schemed", "Bearer k", "k"},
		{"two letters, schemed", "Bearer x7", "x7"},
		{"scheme in other case, spaces", "bEaReR   m2  ", "m2"},
		{"long, schemed", "Bearer " + jwt, jwt},
		{"one letter, bare", "k", "k"},
		{"three letters, bare", "Zq8", "Zq8"},
		{"long, bare", jwt, jwt},
		{"another scheme", "Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wrapped := "<" + c.secret + ">"
			half := len(c.secret) / 2
			type got struct {
				Status      int
				Diagnostics string
				Headers     map[string]string
			}
			for _, r := range []struct {
				target string
				header map[string]string
				want   got
			}{
				{"/Echo/" + c.secret + "?q=" + url.QueryEscape(wrapped),
					map[string]string{"X-Request-ID": uuid, "X-Note": wrapped, "X-A": c.secret[:half], "X-B": c.secret[half:]},
					got{400, "q=<[redacted]> h=<[redacted]> id=[redacted] last=[redacted] joined=[redacted]",
						map[string]string{"X-Request-ID": uuid, "X-Note": "<[redacted]>"}}},
				{"/Echo/x?q=" + url.QueryEscape(strings.TrimSpace(c.auth)),
					map[string]string{"X-Request-ID": uuid, "X-Note": c.auth},
					got{400, "q=[redacted] h=[redacted] id=x last=x joined=", map[string]string{"X-Request-ID": uuid, "X-Note": "[redacted]"}}},
				{"/Item/" + c.secret,
					map[string]string{"X-Request-ID": uuid},
					got{404, "No item [redacted]", map[string]string{"X-Request-ID": uuid, "X-Note": ""}}},
				{"/Item/1",
					map[string]string{"X-Request-ID": wrapped},
					got{400, "Invalid X-Request-ID <[redacted]>", map[string]string{"X-Request-ID": "<[redacted]>", "X-Note": ""}}},
			} {
				req, err := http.NewRequest("GET", srv.URL+r.target, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Header["Authorization"] = []string{c.auth}
				for k, v := range r.header {
					req.Header.Set(k, v)
				}
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				rr, err := operationoutcome.Read(resp, operationoutcome.ReadOptions{})
				resp.Body.Close()
				if err != nil || rr.Outcome == nil || len(rr.Outcome.Issue) == 0 {
					t.Fatalf("%s: no OperationOutcome (%v, %v)", r.target, err, rr.DecodeErr)
				}
				res := got{Status: resp.StatusCode, Diagnostics: rr.Outcome.Issue[0].Diagnostics, Headers: map[string]string{}}
				for _, name := range []string{"X-Request-ID", "X-Note"} {
					res.Headers[name] = resp.Header.Get(name)
				}
				if diff := cmp.Diff(r.want, res); diff != "" {
					t.Errorf("%s (-want +got):\n%s", r.target, diff)
				}
			}
		})
	}
}
