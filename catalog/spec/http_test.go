package spec

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
)

// apiFile is a two-surface API with a rule of every kind.
const apiFile = `package: door
api: door
title: A front door
dialects:
  - {name: door-r4, title: R4, fhir: R4, id: none, lastUpdated: prohibited, display: prohibited, expression: prohibited, formats: [json], sources: [test]}
  - {name: door-stu3, title: STU3, fhir: STU3, id: none, lastUpdated: prohibited, display: optional, expression: prohibited, formats: [json, xml], sources: [test]}
entries:
  - {name: R4_DENIED, dialect: door-r4, status: 401, severity: error, issueType: login, diagnostics: "{why}", params: [{name: why, doc: Why., example: x}], description: d, hint: h, sources: [test]}
  - {name: DENIED, dialect: door-stu3, status: 401, body: none, description: d, hint: h, sources: [test]}
  - {name: R4_BAD_HEADER, dialect: door-r4, status: 400, severity: error, issueType: required, diagnostics: "bad {value}", params: [{name: value, doc: The value., example: x}], description: d, hint: h, sources: [test]}
  - {name: BAD_HEADER, dialect: door-stu3, status: 400, severity: error, issueType: required, description: d, hint: h, sources: [test]}
  - {name: APP_HEADER, dialect: door-stu3, status: 403, body: text, contentType: text/plain, description: d, hint: h, sources: [test]}
  - {name: R4_APP_HEADER, dialect: door-r4, status: 403, body: text, contentType: text/plain, description: d, hint: h, sources: [test]}
  - {name: NOT_ACCEPTABLE, dialect: door-stu3, status: 406, body: text, contentType: text/plain, description: d, hint: h, sources: [test]}
  - {name: R4_NOT_FOUND, dialect: door-r4, status: 404, severity: error, issueType: not-found, diagnostics: "no {id}", params: [{name: id, doc: Id., example: x}], description: d, hint: h, sources: [test]}
  - {name: NOT_FOUND, dialect: door-stu3, status: 404, body: none, description: d, hint: h, sources: [test]}
  - {name: UNAVAILABLE, dialect: door-stu3, status: 503, severity: error, issueType: transient, description: d, hint: h, sources: [test]}
http:
  doc: The door.
  sources: [test]
  basePaths: [/door]
  surfaces:
    - {name: r4, pathContains: /R4/, dialects: [door-r4]}
    - {name: stu3, dialects: [door-stu3]}
  negotiation:
    formats: [json]
    formatParameter: false
    unsupported: {stu3: NOT_ACCEPTABLE, r4: {entry: R4_BAD_HEADER, params: {value: "{header.Accept}"}}}
  accessModes:
    - {name: user}
    - {name: app, tokenPrefix: app-}
  rules:
    - check: authorization
      scheme: Bearer
      missing: &denied {r4: {entry: R4_DENIED, params: {why: Invalid access token}}, stu3: DENIED}
      invalid: *denied
      leniencies:
        - {name: bare-stu3, accept: bare-token, when: {surfaces: [stu3]}, doc: Seen live.}
    - check: header
      header: X-Request-ID
      is: uuid
      missing: {r4: {entry: R4_BAD_HEADER, params: {value: ""}}, stu3: BAD_HEADER}
      invalid: {r4: {entry: R4_BAD_HEADER, params: {value: "{header.X-Request-ID}"}}, stu3: BAD_HEADER}
      when: {modes: [user], exceptPaths: [/_ping]}
    - check: forbidden-headers
      headers: [X-User]
      when: {modes: [app]}
      answer: {r4: R4_APP_HEADER, stu3: APP_HEADER}
    - check: format
  headers:
    - {name: X-Correlation-ID, from: request}
    - {name: Retry-After, from: retry-after, entries: [UNAVAILABLE]}
    - {name: WWW-Authenticate, value: Bearer, entries: [R4_DENIED, DENIED]}
  notFound: {r4: {entry: R4_NOT_FOUND, params: {id: "{path.last}"}}, stu3: NOT_FOUND}
  gateway:
    entries: [DENIED]
    dialects: [door-r4]
    format: accept
`

func TestLoadHTTPSection(t *testing.T) {
	set, err := Load(Source{Path: "door/door.yaml", Data: []byte(apiFile)})
	if err != nil {
		t.Fatal(err)
	}
	a := set.Files[0].API
	if a == nil || a.Name != "door" || a.Title != "A front door" || a.Doc != "The door." {
		t.Fatalf("API = %+v", a)
	}
	reg := set.Registry()
	if got, ok := reg.API("door"); !ok || got != a {
		t.Errorf("the registry does not hold the API: %v", reg.APIs())
	}
	r := httptest.NewRequest("GET", "/door/R4/Thing/42?x=1", nil)
	r.Header.Set("X-Request-ID", "nope")
	r.Header.Set("Accept", "text/html")
	s := a.Surface(r.URL.Path)
	reply := func(ans catalog.Answer) string {
		p := ans.For(s)
		if p == nil {
			return "(none)"
		}
		return fmt.Sprintf("%s %v", p.Entry.ID(), p.Error(r, nil).Params())
	}
	got := []string{
		s.Name,
		fmt.Sprint(a.BasePaths, a.Negotiation.Formats, a.Negotiation.IgnoreFormatParameter, a.Gateway.FormatFromAccept),
		reply(a.Rules[0].Missing),
		reply(a.Rules[1].Invalid),
		reply(a.Rules[2].Answer),
		reply(a.Negotiation.Unsupported),
		reply(a.NotFound),
		reply(a.InternalError),
		fmt.Sprintln(a.ModeOf("app-7").Name, a.ModeOf("x").Name, a.Rules[1].Is, a.Rules[1].When),
		fmt.Sprint(a.BuiltByGateway(reg.Entries()[1]), a.BuiltByGateway(reg.Entries()[0]), a.BuiltByGateway(reg.Entries()[3])),
	}
	for _, h := range a.Headers {
		got = append(got, fmt.Sprintf("%s %q %q %d", h.Name, h.From, h.Value, len(h.Entries)))
	}
	if l, ok := a.Leniency("bare-stu3"); ok {
		got = append(got, fmt.Sprintln(l.Accept, l.When.Surfaces))
	}
	want := []string{
		"r4",
		"[/door] [json] true true",
		"door.R4_DENIED map[why:Invalid access token]",
		"door.R4_BAD_HEADER map[value:nope]",
		"door.R4_APP_HEADER map[]",
		"door.R4_BAD_HEADER map[value:text/html]",
		"door.R4_NOT_FOUND map[id:42]",
		"(none)",
		"app user uuid {[user] [] [] [] [] [/_ping]}\n",
		"true true false",
		`X-Correlation-ID "request" "" 0`,
		`Retry-After "retry-after" "" 1`,
		`WWW-Authenticate "" "Bearer" 2`,
		"bare-token [stu3]\n",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, e := range reg.Entries() {
		if catalog.APIOf(e) != a {
			t.Errorf("%s is not linked to its API", e.ID())
		}
	}
}

// Each mistake in an http section is reported at its position, with a
// sentence saying what to do; all of them at once when a file has several.
func TestLoadHTTPSectionProblems(t *testing.T) {
	cases := []struct {
		old, new string
		want     []string
	}{
		{"basePaths: [/door]", "basePaths: [door/]", []string{
			"21:15: http.basePaths[0]: a base path starts with '/' and does not end with one, e.g. /referrals"}},
		{"- {name: stu3, dialects: [door-stu3]}", "- {name: stu3, dialects: [door-stu3]}\n    - {name: late, pathContains: /late/, dialects: [door-r4]}", []string{
			"25:7: http.surfaces[2]: surfaces[1] takes every path, so this surface would never match; put the surface without pathContains last"}},
		{"dialects: [door-r4]\n    format", "dialects: [door-r5]\n    format", []string{
			`57:16: http.gateway.dialects[0]: unknown dialect "door-r5" (did you mean "door-r4"?)`}},
		{"unsupported: {stu3: NOT_ACCEPTABLE,", "unsupported: {stu9: NOT_ACCEPTABLE,", []string{
			"28:18: http.negotiation.unsupported: no answer for surface stu3; answer on every surface where the rule applies",
			`28:25: http.negotiation.unsupported.stu9: unknown surface "stu9" (the surfaces are r4, stu3; a single answer is an entry name or {entry, params})`}},
		{"params: {why: Invalid access token}", "params: {reason: Invalid access token}", []string{
			"35:29: http.rules[0].invalid.r4: door.R4_DENIED needs parameter(s) why: give them under params",
			"35:29: http.rules[0].missing.r4: door.R4_DENIED needs parameter(s) why: give them under params",
			`35:65: http.rules[0].invalid.r4.params.reason: door.R4_DENIED has no parameter "reason" (it takes why)`,
			`35:65: http.rules[0].missing.r4.params.reason: door.R4_DENIED has no parameter "reason" (it takes why)`}},
		{"      is: uuid\n", "      is: uuid\n      scheme: Bearer\n", []string{
			"42:7: http.rules[1]: scheme does not apply to a header rule (it takes header, missing, invalid, oneOf, is, base64JSON, notAllowed)"}},
		{"      is: uuid\n", "", []string{
			"42:16: http.rules[1].invalid: invalid answers a value that breaks oneOf, is or base64JSON; give one of them"}},
		{"when: {modes: [user], exceptPaths: [/_ping]}", "when: {modes: [usr], exceptPaths: [/_ping]}", []string{
			`44:22: http.rules[1].when.modes[0]: unknown access mode "usr" (the accessModes are user, app)`}},
		{"answer: {r4: R4_APP_HEADER, stu3: APP_HEADER}", "answer: {r4: APP_HEADER, stu3: APP_HEADR}", []string{
			"48:15: http.rules[2].answer: door.APP_HEADER answers on surface r4, but surface r4 does not serve its dialect door-stu3; answer per surface",
			"48:15: http.rules[2].answer: no answer for surface stu3; answer on every surface where the rule applies",
			`48:38: http.rules[2].answer.stu3: no entry "APP_HEADR" in this file's api "door" (did you mean "APP_HEADER"?)`}},
		{"{name: Retry-After, from: retry-after, entries: [UNAVAILABLE]}", "{name: Retry After, from: retry-after, value: x, entries: [UNAVAILABLE]}", []string{
			"52:7: http.headers[1]: give the header's value, or from: request, transaction-id or retry-after (one of them)",
			"52:14: http.headers[1].name: a header name is an HTTP token: letters, digits and -, no spaces or ':'"}},
		{`params: {id: "{path.last}"}`, `params: {id: "{id}"}`, []string{
			"54:18: http.notFound.r4: door.R4_NOT_FOUND needs parameter(s) id: give them under params",
			"54:53: http.notFound.r4.params.id: {id} is not a request value: a front-door answer has no route; use {path.last}, {query.name}, {header.Name}, {request.method}, {request.path}, {request.mode} or {authorization.scheme}"}},
		{"    - check: format\n", "    - check: format\n    - check: header\n      header: X-Other\n      oneOf: [a]\n    - check: mystery\n", []string{
			"50:7: http.rules[4]: a header rule needs an answer: missing, invalid or notAllowed",
			"50:7: http.rules[4]: oneOf, is and base64JSON need invalid: the answer to a value that breaks them",
			`53:14: http.rules[5].check: must be one of "authorization", "header", "query", "claim", "forbidden-headers", "refuse", "format"`}},
		{"  gateway:\n", "  internalError: {entry: UNAVAILABLE, extra: 1}\n  gateway:\n", []string{
			"55:18: http.internalError: door.UNAVAILABLE answers on every surface, but surface r4 does not serve its dialect door-stu3; answer per surface",
			`55:46: http.internalError.extra: unknown key "extra" in an answer (want entry, params)`}},
		{"    format: accept\n", "    format: accept\n  surfacez: []\n", []string{
			`59:3: http: unknown key "surfacez" (did you mean "surfaces"?)`}},
		{"    - check: format\n", "", []string{
			// The unsupported answer stays; without a format rule it only
			// answers what a handler writes.
		}},
		{"    - check: format\n", "    - check: format\n    - {check: authorization, scheme: Bearer}\n", []string{
			"50:7: http.rules[4]: missing required key missing, invalid"}},
		{"    - check: format\n", "    - check: format\n    - {check: refuse, answer: BAD_HEADER}\n    - {check: claim, claim: vot, invalid: BAD_HEADER}\n    - {check: query, param: x, is: uuid}\n", []string{
			"50:7: http.rules[4]: missing required key when",
			"50:31: http.rules[4].answer: door.BAD_HEADER answers on every surface, but surface r4 does not serve its dialect door-stu3; answer per surface",
			"51:7: http.rules[5]: missing required key oneOf",
			"51:43: http.rules[5].invalid: door.BAD_HEADER answers on every surface, but surface r4 does not serve its dialect door-stu3; answer per surface",
			"52:7: http.rules[6]: a query rule needs an answer: missing, invalid or notAllowed",
			"52:7: http.rules[6]: oneOf, is and base64JSON need invalid: the answer to a value that breaks them"}},
		{"    - check: format\n", "    - check: format\n    - {check: refuse, when: {surfaces: [stu3], methods: [patch]}, answer: BAD_HEADER, header: X}\n", []string{
			`50:58: http.rules[4].when.methods[0]: does not match pattern '^[A-Z]+$'`,
			"50:87: http.rules[4]: header does not apply to a refuse rule (it takes answer)"}},
	}
	all := apiFile
	var allWant []string
	for _, c := range cases {
		if !strings.Contains(apiFile, c.old) {
			t.Fatalf("the test file lacks %q", c.old)
		}
		src := strings.Replace(apiFile, c.old, c.new, 1)
		var want []string
		for _, w := range c.want {
			want = append(want, "door/door.yaml:"+w)
		}
		if diff := cmp.Diff(want, problems(t, "door/door.yaml", []byte(src))); diff != "" {
			t.Errorf("%q -> %q (-want +got):\n%s", c.old, c.new, diff)
		}
		if strings.Count(all, c.old) == 1 && len(c.want) > 0 && !strings.Contains(c.new, "check: format") {
			all = strings.Replace(all, c.old, c.new, 1)
			allWant = append(allWant, c.want...)
		}
	}
	if got := problems(t, "door/door.yaml", []byte(all)); len(got) < len(allWant)-2 {
		t.Errorf("a file with every mistake gives %d problems, want about %d:\n%s", len(got), len(allWant), strings.Join(got, "\n"))
	}
	if got := problems(t, "x/x.yaml", []byte("package: x\ntitle: X\nhttp: {doc: d}\n")); !cmp.Equal(got, []string{"x/x.yaml:3:7: http: an http section describes an API: name it with api"}) {
		t.Errorf("http without api: %q", got)
	}
	two := strings.Replace(apiFile, "package: door", "package: other", 1)
	two = strings.ReplaceAll(two, "door-", "other-")
	if _, err := Load(Source{Path: "door/door.yaml", Data: []byte(apiFile)}, Source{Path: "other/other.yaml", Data: []byte(two)}); err == nil ||
		!strings.Contains(err.Error(), `other/other.yaml:2:6: api: api "door" is already described by door/door.yaml; describe each API in one file`) {
		t.Errorf("two files for one API: %v", err)
	}
}
