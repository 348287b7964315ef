package server

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/spec"
	"github.com/spinecat/spinecat/operationoutcome"
)

// checksAPI has a rule of each kind that reads more than a header's
// presence: the authorization faults one by one, a query parameter, a
// claim of the bearer JWT, a base64 JSON header, and refusals by access
// mode, method and path.
const checksAPI = `package: door
api: door
title: Door
dialects:
  - {name: d, title: D, fhir: R4, id: none, lastUpdated: prohibited, display: prohibited, expression: prohibited, formats: [json], sources: [t]}
entries:
  - {name: AUTH, dialect: d, status: 401, severity: error, issueType: forbidden, diagnostics: "{why}", params: [{name: why, doc: Why., example: x}], description: d, hint: h, sources: [t]}
  - {name: BAD, dialect: d, status: 400, severity: error, issueType: value, diagnostics: "{what}", params: [{name: what, doc: What., example: x}], description: d, hint: h, sources: [t]}
  - {name: NO, dialect: d, status: 403, severity: error, issueType: forbidden, diagnostics: "{what}", params: [{name: what, doc: What., example: x}], description: d, hint: h, sources: [t]}
http:
  accessModes:
    - {name: user}
    - {name: app, tokenPrefix: app-}
  rules:
    - check: authorization
      scheme: Bearer
      exactScheme: true
      missing: {entry: AUTH, params: {why: Missing Authorization header}}
      blank: {entry: AUTH, params: {why: Empty Authorization header}}
      noCredentials: {entry: AUTH, params: {why: Missing access token}}
      wrongScheme: {entry: AUTH, params: {why: "Invalid token type '{authorization.scheme}', must be 'Bearer'"}}
      invalid: {entry: AUTH, params: {why: Invalid Access Token}}
    - check: refuse
      when: {exceptPaths: [/Patient, /_ping]}
      answer: {entry: BAD, params: {what: "Unsupported path - '{request.path}'"}}
    - check: refuse
      when: {modes: [app], methods: [PATCH, POST]}
      answer: {entry: NO, params: {what: "Cannot {request.method} with an {request.mode} token"}}
    - check: query
      param: _max-results
      oneOf: ["1"]
      invalid: {entry: NO, params: {what: "one result only, not {query._max-results}"}}
      when: {modes: [app], methods: [GET], pathEnds: [/Patient]}
    - check: claim
      claim: vot
      oneOf: [P9.Cp.Cd, P9.Cm]
      invalid: {entry: NO, params: {what: Unsupported Vector of Trust}}
    - check: header
      header: Target
      base64JSON: {system: "urn:ietf:rfc:3986", value: "abc"}
      missing: {entry: BAD, params: {what: no target}}
      invalid: {entry: BAD, params: {what: unknown target}}
`

func TestRuleChecks(t *testing.T) {
	set, err := spec.Load(spec.Source{Path: "door/door.yaml", Data: []byte(checksAPI)})
	if err != nil {
		t.Fatal(err)
	}
	api := set.Files[0].API
	h := Middleware(api, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	b64 := base64.StdEncoding.EncodeToString
	target := b64([]byte(`{"system":"urn:ietf:rfc:3986","value":"abc"}`))
	jwt := func(claims string) string {
		return "Bearer e30." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".c2ln"
	}
	tests := []struct {
		name, method, target string
		header               map[string]string
		want                 string // status and diagnostics
	}{
		{"no Authorization", "GET", "/Patient", nil, "401 Missing Authorization header"},
		{"blank Authorization", "GET", "/Patient", map[string]string{"Authorization": " "}, "401 Empty Authorization header"},
		{"the scheme alone", "GET", "/Patient", map[string]string{"Authorization": "Bearer"}, "401 Missing access token"},
		{"another scheme", "GET", "/Patient", map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}, "401 Invalid token type 'Basic', must be 'Bearer'"},
		{"the scheme in lower case", "GET", "/Patient", map[string]string{"Authorization": "bearer tok"}, "401 Invalid token type 'bearer', must be 'Bearer'"},
		{"not a token68", "GET", "/Patient", map[string]string{"Authorization": "Bearer a b"}, "401 Invalid Access Token"},
		{"an unsupported path", "GET", "/HelloWorld", map[string]string{"Authorization": "Bearer tok", "Target": target}, "400 Unsupported path - '/HelloWorld'"},
		{"PATCH with an app token", "PATCH", "/Patient/1", map[string]string{"Authorization": "Bearer app-1", "Target": target}, "403 Cannot PATCH with an app token"},
		{"PATCH with a user token", "PATCH", "/Patient/1", map[string]string{"Authorization": "Bearer tok", "Target": target}, "204 "},
		{"two results for an app", "GET", "/Patient?_max-results=2", map[string]string{"Authorization": "Bearer app-1", "Target": target}, "403 one result only, not 2"},
		{"one result for an app", "GET", "/Patient?_max-results=1", map[string]string{"Authorization": "Bearer app-1", "Target": target}, "204 "},
		{"no limit for an app", "GET", "/Patient", map[string]string{"Authorization": "Bearer app-1", "Target": target}, "204 "},
		{"a read is no search", "GET", "/Patient/1?_max-results=2", map[string]string{"Authorization": "Bearer app-1", "Target": target}, "204 "},
		{"two results for a user", "GET", "/Patient?_max-results=2", map[string]string{"Authorization": "Bearer tok", "Target": target}, "204 "},
		{"an unsupported vector of trust", "GET", "/Patient", map[string]string{"Authorization": jwt(`{"vot":"P9.Cp"}`), "Target": target}, "403 Unsupported Vector of Trust"},
		{"a supported vector of trust", "GET", "/Patient", map[string]string{"Authorization": jwt(`{"vot":"P9.Cm"}`), "Target": target}, "204 "},
		{"a JWT without the claim", "GET", "/Patient", map[string]string{"Authorization": jwt(`{"sub":"x"}`), "Target": target}, "204 "},
		{"no target", "GET", "/Patient", map[string]string{"Authorization": "Bearer tok"}, "400 no target"},
		{"another target", "GET", "/Patient", map[string]string{"Authorization": "Bearer tok", "Target": b64([]byte(`{"system":"urn:ietf:rfc:3986","value":"xyz"}`))}, "400 unknown target"},
		{"a target that is not base64", "GET", "/Patient", map[string]string{"Authorization": "Bearer tok", "Target": "AA"}, "400 unknown target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, nil)
			for k, v := range tt.header {
				r.Header[k] = []string{v}
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			got := strconv.Itoa(w.Code) + " "
			if w.Code != http.StatusNoContent {
				oo, err := operationoutcome.Decode(w.Body.Bytes(), operationoutcome.DecodeOptions{})
				if err != nil {
					t.Fatalf("%v\n%s", err, w.Body)
				}
				got += oo.Issue[0].Diagnostics
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// The scheme word of a single-word header is never echoed: it may be
	// the token.
	if got := catalog.MustParseValue("{authorization.scheme}").Expand(httptest.NewRequest("GET", "/", nil), nil); got != "" {
		t.Errorf("no Authorization: %q", got)
	}
}
