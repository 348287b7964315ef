package catalog

import (
	"encoding/base64"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// twoSurfaces is an API answering R4 bodies on /FHIR/R4/ paths and STU3
// bodies elsewhere, each with an empty 403 and the R4 side with an
// OperationOutcome 404 as well.
func twoSurfaces() (*API, map[string]*Entry) {
	r4 := &Dialect{Name: "t-r4"}
	stu3 := &Dialect{Name: "t-stu3"}
	es := map[string]*Entry{
		"R4_EMPTY_403": {API: "t", Name: "R4_EMPTY_403", Dialect: r4, Status: 403, Body: BodyText, ContentType: "text/plain"},
		"EMPTY_403":    {API: "t", Name: "EMPTY_403", Dialect: stu3, Status: 403, Body: BodyText, ContentType: "text/plain"},
		"R4_NOT_FOUND": {API: "t", Name: "R4_NOT_FOUND", Dialect: r4, Status: 404, Body: BodyOperationOutcome, Code: "NF"},
		"NOT_FOUND":    {API: "t", Name: "NOT_FOUND", Dialect: stu3, Status: 404, Body: BodyNone},
		"HTML_500":     {API: "t", Name: "HTML_500", Dialect: stu3, Status: 500, Body: BodyHTML, ContentType: "text/html", BodyText: "<html>oops</html>"},
		"TEXT_500":     {API: "t", Name: "TEXT_500", Dialect: stu3, Status: 500, Body: BodyText, ContentType: "text/plain", BodyText: "oops"},
		"TEXT_500_B":   {API: "t", Name: "TEXT_500_B", Dialect: stu3, Status: 500, Body: BodyText, ContentType: "text/plain", BodyText: "down"},
	}
	order := []string{"R4_EMPTY_403", "EMPTY_403", "R4_NOT_FOUND", "NOT_FOUND", "HTML_500", "TEXT_500", "TEXT_500_B"}
	var entries []*Entry
	for _, n := range order {
		entries = append(entries, es[n])
	}
	a := NewAPI(&API{
		Name: "t",
		Surfaces: []*Surface{
			{Name: "r4", PathContains: "/FHIR/R4/", Dialects: []*Dialect{r4}},
			{Name: "stu3", Dialects: []*Dialect{stu3}},
		},
	}, entries)
	return a, es
}

func TestAPISurfaceAndLinks(t *testing.T) {
	a, es := twoSurfaces()
	for path, want := range map[string]string{
		"/FHIR/R4/Binary/1":                       "r4",
		"/referrals/FHIR/R4/Binary/1?x=/FHIR/R4/": "r4",
		"https://h/referrals/FHIR/R4/Binary/1":    "r4",
		"/FHIR/STU3/Slot":                         "stu3",
		"/x?next=/FHIR/R4/":                       "stu3",
		"":                                        "stu3",
	} {
		if got := a.Surface(path).Name; got != want {
			t.Errorf("Surface(%q) = %s, want %s", path, got, want)
		}
	}
	if APIOf(es["NOT_FOUND"]) != a || APIOf(nil) != nil || APIOf(&Entry{}) != nil {
		t.Error("APIOf does not give the entry's API")
	}
	if e, ok := a.Entry("t.EMPTY_403"); !ok || e != es["EMPTY_403"] {
		t.Errorf("Entry(t.EMPTY_403) = %v, %v", e, ok)
	}
	reg := NewRegistry(nil, a.Entries())
	if got, ok := reg.API("t"); !ok || got != a || len(reg.APIs()) != 1 {
		t.Errorf("Registry.API = %v, %v; APIs %v", got, ok, reg.APIs())
	}
	// An API without surfaces gets one serving all of its dialects.
	d := &Dialect{Name: "only"}
	b := NewAPI(&API{Name: "b"}, []*Entry{{API: "b", Name: "X", Dialect: d}})
	if s := b.Surface("/anything"); s == nil || !s.Serves(d) {
		t.Errorf("default surface = %+v", s)
	}
}

func TestAnswerForAndConditions(t *testing.T) {
	a, es := twoSurfaces()
	ans := Answer{{Surface: "r4", Entry: es["R4_EMPTY_403"]}, {Entry: es["EMPTY_403"]}}
	if got := ans.For(a.Surface("/FHIR/R4/x")).Entry.Name; got != "R4_EMPTY_403" {
		t.Errorf("r4: %s", got)
	}
	if got := ans.For(a.Surface("/FHIR/STU3/x")).Entry.Name; got != "EMPTY_403" {
		t.Errorf("stu3: %s", got)
	}
	if (Answer{{Surface: "r4", Entry: es["R4_EMPTY_403"]}}).For(a.Surface("/x")) != nil || Answer(nil).For(nil) != nil {
		t.Error("an answer without a reply for the surface gave one")
	}
	c := Condition{Modes: []string{"user"}, Surfaces: []string{"r4"}, ExceptPaths: []string{"/FHIR/R4/PractitionerRole"}}
	methods := Condition{Methods: []string{"GET"}, PathEnds: []string{"/Patient"}}
	r4 := a.Surface("/FHIR/R4/x")
	for _, tc := range []struct {
		c                  Condition
		mode, method, path string
		want               bool
	}{
		{c, "user", "GET", "/FHIR/R4/Binary", true},
		{c, "app", "GET", "/FHIR/R4/Binary", false},
		{c, "user", "GET", "/FHIR/R4/PractitionerRole?x=1", false},
		{methods, "user", "GET", "/FHIR/R4/Patient", true},
		{methods, "user", "POST", "/FHIR/R4/Patient", false},
		{methods, "user", "GET", "/FHIR/R4/Patient/9000000009", false},
	} {
		if got := tc.c.Holds(tc.mode, r4, tc.method, tc.path); got != tc.want {
			t.Errorf("%+v.Holds(%s, %s %s) = %v", tc.c, tc.mode, tc.method, tc.path, got)
		}
	}
	if c.Holds("user", nil, "GET", "/x") {
		t.Error("a surface condition held for an unknown surface")
	}
	if !(&Condition{}).Holds("", nil, "", "") {
		t.Error("the empty condition does not hold")
	}
}

func TestValue(t *testing.T) {
	r := httptest.NewRequest("GET", "/FHIR/R4/Binary/abc%2Fd/?status=x&n=1", nil)
	r.Header.Set("X-Note", "hi\n")
	r.Header.Set("Authorization", "Basic dXNlcjpwYXNz")
	r.SetPathValue("id", "abc")
	cases := []struct {
		src       string
		wildcards []string
		want      string
		err       string
	}{
		{"plain {{braces}}", nil, "plain {braces}", ""},
		{"{path.last}", nil, "d", ""}, // the decoded path, as Go serves it
		{"[{query.status}|{header.X-Note}]", nil, "[x|HI\n]", ""},
		{"{id}", []string{"id"}, "ABC", ""},
		{"{id}", nil, "", "{id} is not a request value: a front-door answer has no route"},
		{"{ubrn}", []string{"id", "type"}, "", "the route has {id}, {type}"},
		{"{ubrn}", []string{}, "", "the route has no wildcards"},
		{"{header.authorization}", nil, "", "credentials are never echoed"},
		{"{", nil, "", "unclosed"},
		{"}", nil, "", "unmatched"},
		{"{}", nil, "", "empty {}"},
		{"{query.}", nil, "", "needs a parameter name"},
		{"{request.method} {request.path}", nil, "GET /FHIR/R4/Binary/abc/d/", ""},
		{"'{authorization.scheme}'", nil, "'Basic'", ""},
	}
	for _, c := range cases {
		v, err := ParseValue(c.src, c.wildcards)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseValue(%q) error %v, want %q", c.src, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseValue(%q): %v", c.src, err)
			continue
		}
		if got := v.Expand(r, strings.ToUpper); got != strings.ToUpper(c.want) && got != c.want {
			t.Errorf("Expand(%q) = %q, want %q", c.src, got, c.want)
		}
		if v.String() != c.src {
			t.Errorf("String() = %q", v.String())
		}
	}
	// A single word may be a bare token: it is never echoed as a scheme.
	bare := httptest.NewRequest("GET", "/x", nil)
	bare.Header.Set("Authorization", "eyJhbGciOiJub25lIn0.e30.")
	if got := MustParseValue("{authorization.scheme}").Expand(bare, nil); got != "" {
		t.Errorf("the scheme of a single word: %q", got)
	}
	if got := MustParseValue("a {query.x}").Expand(nil, nil); got != "a " {
		t.Errorf("nil request: %q", got)
	}
	if !MustParseValue("fixed").Literal() || MustParseValue("{path.last}").Literal() {
		t.Error("Literal")
	}
}

func TestIdentifyBody(t *testing.T) {
	a, _ := twoSurfaces()
	reg := NewRegistry(nil, a.Entries())
	cases := []struct {
		name string
		b    BodyResponse
		docs []string // DocumentedBodies
		id   string   // IdentifyBody; "" for none
	}{
		{"empty 403 on an R4 path", BodyResponse{Status: 403, URL: "/FHIR/R4/Binary/1", ContentType: "text/plain"}, []string{"R4_EMPTY_403"}, "R4_EMPTY_403"},
		{"empty 403 on a STU3 path", BodyResponse{Status: 403, URL: "/referrals/FHIR/STU3/Slot", ContentType: "text/plain"}, []string{"EMPTY_403"}, "EMPTY_403"},
		{"empty 403, path unknown: a guess", BodyResponse{Status: 403}, []string{"R4_EMPTY_403", "EMPTY_403"}, ""},
		{"empty 404 on STU3", BodyResponse{Status: 404, URL: "/x"}, []string{"NOT_FOUND"}, "NOT_FOUND"},
		{"empty 404 on R4: only an OperationOutcome is documented", BodyResponse{Status: 404, URL: "/FHIR/R4/x"}, nil, ""},
		{"HTML 500", BodyResponse{Status: 500, ContentType: "text/html", Body: []byte("<p>x</p>")}, []string{"HTML_500"}, "HTML_500"},
		{"text 500, documented text", BodyResponse{Status: 500, Body: []byte(" down\n")}, []string{"TEXT_500_B", "TEXT_500"}, "TEXT_500_B"},
		{"text 500, other text", BodyResponse{Status: 500, Body: []byte("?")}, []string{"TEXT_500", "TEXT_500_B"}, ""},
		{"another API", BodyResponse{Status: 404, API: "u"}, nil, ""},
		{"status unknown", BodyResponse{}, nil, ""},
		{"HEAD 404 on R4", BodyResponse{Status: 404, API: "t", Method: "HEAD", URL: "/FHIR/R4/x"}, []string{"R4_NOT_FOUND"}, "R4_NOT_FOUND"},
		{"HEAD 404, API unknown", BodyResponse{Status: 404, Method: "HEAD", URL: "/FHIR/R4/x"}, []string{"R4_NOT_FOUND"}, ""},
		{"HEAD 500 on STU3: three", BodyResponse{Status: 500, API: "t", Method: "HEAD", URL: "/x"}, []string{"HTML_500", "TEXT_500", "TEXT_500_B"}, ""},
	}
	names := func(es []*Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return out
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.docs, names(reg.DocumentedBodies(c.b))); diff != "" {
				t.Errorf("DocumentedBodies (-want +got):\n%s", diff)
			}
			e, ok := reg.IdentifyBody(c.b)
			got := ""
			if ok {
				got = e.Name
			}
			if got != c.id {
				t.Errorf("IdentifyBody = %q, want %q", got, c.id)
			}
		})
	}
}

func TestClassifyBody(t *testing.T) {
	for _, c := range []struct {
		ct, body string
		want     BodyKind
	}{
		{"", "", BodyNone},
		{"text/plain", " \n", BodyNone},
		{"text/html; charset=utf-8", "Bad gateway", BodyHTML},
		{"", "  <!DOCTYPE html><html>", BodyHTML},
		{"application/json", "<HTML><body>", BodyHTML},
		{"application/json", "Service unavailable", BodyText},
	} {
		if got := ClassifyBody(c.ct, []byte(c.body)); got != c.want {
			t.Errorf("ClassifyBody(%q, %q) = %s, want %s", c.ct, c.body, got, c.want)
		}
	}
}

func TestModes(t *testing.T) {
	a := NewAPI(&API{Name: "m", AccessModes: []*AccessMode{{Name: "user"}, {Name: "app", TokenPrefix: "app-"}}}, nil)
	if a.ModeOf("app-1").Name != "app" || a.ModeOf("tok").Name != "user" {
		t.Error("ModeOf")
	}
	if m, ok := a.Mode("app"); !ok || m.TokenPrefix != "app-" {
		t.Error("Mode")
	}
	if NewAPI(&API{}, nil).ModeOf("x") != nil {
		t.Error("an API without modes gave one")
	}
	if !ValueUUID.Valid("5A4171AC-486e-11e8-9ffc-6c3be5a609f5") || ValueUUID.Valid("5a4171ac486e11e89ffc6c3be5a609f5") || ValueUUID.Valid("5a4171ac-486e-11e8-9ffc-6c3be5a609fz") {
		t.Error("ValueUUID")
	}
}

func TestRuleAccepts(t *testing.T) {
	target := &RequestRule{Base64JSON: map[string]string{"system": "urn:ietf:rfc:3986", "value": "2b3b21fd-fe9f-403c-9682-10b8d8a4eaf3"}}
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	valid := `{"system": "urn:ietf:rfc:3986", "value": "2b3b21fd-fe9f-403c-9682-10b8d8a4eaf3", "extra": 1}`
	for _, tc := range []struct {
		rule *RequestRule
		v    string
		want bool
	}{
		{target, enc(valid), true},
		{target, strings.TrimRight(enc(valid), "="), true},
		{target, enc(`{"value": "2b3b21fd-fe9f-403c-9682-10b8d8a4eaf3"}`), false},
		{target, enc(`{"system": "urn:ietf:rfc:3986", "value": 7}`), false},
		{target, enc(`["urn:ietf:rfc:3986"]`), false},
		{target, "AA", false},
		{target, "", false},
		{&RequestRule{OneOf: []string{"1"}}, "1", true},
		{&RequestRule{OneOf: []string{"1"}}, "2", false},
		{&RequestRule{Is: ValueUUID}, "1234", false},
		{&RequestRule{}, "anything", true},
	} {
		if got := tc.rule.Accepts(tc.v); got != tc.want {
			t.Errorf("%+v.Accepts(%q) = %v", tc.rule, tc.v, got)
		}
	}
}
