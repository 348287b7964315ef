package mock

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spinecat/spinecat/catalog"
)

// The requests of TestEveryMockResponsePassesCheck, made from an API's data
// alone: its request rules and their conditions, access modes, surfaces,
// formats and base path, and its scenario file. Each place a request can go
// (a scenario's route, a path a rule's condition names, an unknown route)
// gets a good request in each access mode that the front door treats
// differently there, and in each format; each fault of each rule is sent
// once per surface, where the rule applies and no earlier rule refuses.

// plainValue is the good value of a header, parameter or claim whose rules
// check only its presence.
const plainValue = "RB8"

// badValue is a value that no rule checking values accepts.
const badValue = "not/a valid value?"

// kindExamples are values of the kinds rules check, two apiece: the second
// is a value the rule accepts but an allow-list of the first does not.
var kindExamples = map[catalog.ValueKind][]string{
	"uuid":       {"5a4171ac-486e-11e8-9ffc-6c3be5a609f5", "c0a8e1d2-6f3b-4e5a-9d7c-1b2a3c4d5e6f"},
	"nhs-number": {"9434765919", "9000000009"},
	"ods-code":   {"RB8", "Y05831"},
	"asid":       {"200000000117", "918999198738"},
	"int":        {"1", "2"},
}

// jwtHeader is the header section of the test's JWTs: {"alg":"none"}.
const jwtHeader = "eyJhbGciOiJub25lIn0"

// request is one request of the test.
type request struct {
	method string
	path   string      // as sent: the base path included
	query  [][2]string // unescaped, in order
	header [][2]string // in order; a name may repeat
	// fault names the rule and fault the request carries; nil for a good
	// request.
	fault *fault
}

// target is the request target: the path and the escaped query.
func (rq request) target() string {
	if len(rq.query) == 0 {
		return rq.path
	}
	parts := make([]string, len(rq.query))
	for i, q := range rq.query {
		parts[i] = url.QueryEscape(q[0]) + "=" + url.QueryEscape(q[1])
	}
	return rq.path + "?" + strings.Join(parts, "&")
}

// key identifies what is sent, for deduplication.
func (rq request) key() string {
	var b strings.Builder
	b.WriteString(rq.method + " " + rq.target())
	for _, h := range rq.header {
		b.WriteString("\n" + h[0] + ": " + h[1])
	}
	return b.String()
}

// place is where a request goes: a method, a path and a scenario's
// conditions.
type place struct {
	method, path  string
	query, header [][2]string
	formats       bool // asked for in each format too
}

// valued is a header, query parameter or claim and the value the rules
// that read it accept.
type valued struct {
	name  string
	rules []*catalog.RequestRule
	good  string
	other string // another value they accept ("" when there is none)
}

// frontDoor makes the test's requests for one API.
type frontDoor struct {
	t      *testing.T
	api    *catalog.API
	base   string    // the base path the mock serves
	modes  []string  // the access modes; "" alone for an API without
	scheme string    // the authorization rule's scheme; "" for none
	header []*valued // read by header rules
	query  []*valued // by query rules
	claims []*valued // by claim rules
}

func newFrontDoor(t *testing.T, api *catalog.API) *frontDoor {
	t.Helper()
	fd := &frontDoor{t: t, api: api, modes: []string{""}}
	if len(api.BasePaths) > 0 {
		fd.base = api.BasePaths[0]
	}
	if len(api.AccessModes) > 0 {
		fd.modes = nil
		for _, m := range api.AccessModes {
			fd.modes = append(fd.modes, m.Name)
		}
	}
	for _, r := range api.Rules {
		switch r.Check {
		case catalog.CheckAuthorization:
			if fd.scheme == "" {
				fd.scheme = r.Scheme
			}
		case catalog.CheckHeader:
			fd.header = fd.read(fd.header, r.Header, r, strings.EqualFold)
		case catalog.CheckQuery:
			fd.query = fd.read(fd.query, r.Param, r, equal)
		case catalog.CheckClaim:
			fd.claims = fd.read(fd.claims, r.Claim, r, equal)
		}
	}
	for _, vs := range [][]*valued{fd.header, fd.query, fd.claims} {
		for _, v := range vs {
			fd.choose(v)
		}
	}
	return fd
}

// read adds rule r to what reads name; same compares names (header names
// case-insensitively).
func (fd *frontDoor) read(vs []*valued, name string, r *catalog.RequestRule, same func(a, b string) bool) []*valued {
	for _, v := range vs {
		if same(v.name, name) {
			v.rules = append(v.rules, r)
			return vs
		}
	}
	return append(vs, &valued{name: name, rules: []*catalog.RequestRule{r}})
}

// choose sets the good value of v, and another, from the values its rules
// name: the first that every rule accepts is good.
func (fd *frontDoor) choose(v *valued) {
	var candidates []string
	for _, r := range v.rules {
		candidates = append(candidates, r.OneOf...)
		candidates = append(candidates, kindExamples[r.Is]...)
		if len(r.Base64JSON) > 0 {
			candidates = append(candidates, base64JSON(r.Base64JSON, nil), base64JSON(r.Base64JSON, map[string]string{"extra": "x"}))
		}
	}
	candidates = append(candidates, plainValue)
	for _, c := range candidates {
		if c == v.good || slices.ContainsFunc(v.rules, func(r *catalog.RequestRule) bool { return !r.Accepts(c) }) {
			continue
		}
		if v.good == "" {
			v.good = c
		} else if v.other == "" {
			v.other = c
		}
	}
	if v.good == "" {
		fd.t.Fatalf("no value of %s passes its rules: add an example of its kind to kindExamples", v.name)
	}
}

func equal(a, b string) bool { return a == b }

// base64JSON is the base64 of a JSON object with members, and extra ones.
func base64JSON(members, extra map[string]string) string {
	obj := map[string]string{}
	for k, v := range members {
		obj[k] = v
	}
	for k, v := range extra {
		obj[k] = v
	}
	raw, _ := json.Marshal(obj) // a map of strings always encodes
	return base64.StdEncoding.EncodeToString(raw)
}

// token is a bearer token of mode, a JWT whose claims are the good values
// with those of set (a value "" leaves the claim out).
func (fd *frontDoor) token(mode string, set map[string]string) string {
	claims := map[string]string{"iss": "x"}
	for _, c := range fd.claims {
		claims[c.name] = c.good
	}
	for k, v := range set {
		if v == "" {
			delete(claims, k)
		} else {
			claims[k] = v
		}
	}
	raw, _ := json.Marshal(claims)
	jwt := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(raw) + "."
	if m, ok := fd.api.Mode(mode); ok {
		return m.TokenPrefix + jwt
	}
	return jwt
}

// inner is the path the rules see: below the base path the mock strips.
func (fd *frontDoor) inner(path string) string {
	if fd.base != "" && (path == fd.base || strings.HasPrefix(path, fd.base+"/")) {
		return rooted(strings.TrimPrefix(path, fd.base))
	}
	return path
}

// holds reports whether rule i applies to a request at pl from a caller of
// mode: its condition holds for the mode the front door knows by then,
// the default until an authorization rule has read the token.
func (fd *frontDoor) holds(i int, pl place, mode string) bool {
	seen := fd.modes[0]
	for j, r := range fd.api.Rules[:i] {
		if r.Check == catalog.CheckAuthorization && fd.holds(j, pl, fd.modes[0]) {
			seen = mode
		}
	}
	path := fd.inner(pl.path)
	return fd.api.Rules[i].When.Holds(seen, fd.api.Surface(path), pl.method, path)
}

// refusal returns the index of the first refuse rule that answers a good
// request at pl from a caller of mode, or the number of rules when none
// does.
func (fd *frontDoor) refusal(pl place, mode string) int {
	for i, r := range fd.api.Rules {
		if r.Check == catalog.CheckRefuse && fd.holds(i, pl, mode) {
			return i
		}
	}
	return len(fd.api.Rules)
}

// reaches reports whether a good request at pl from a caller of mode
// reaches rule i and the rule applies to it.
func (fd *frontDoor) reaches(i int, pl place, mode string) bool {
	return fd.refusal(pl, mode) >= i && fd.holds(i, pl, mode)
}

// good is the request at pl from a caller of mode that every rule passes:
// a token with good claims, the good value of every header (but those a
// rule that applies forbids) and of each query parameter a rule that
// applies requires, then the scenario's conditions.
func (fd *frontDoor) good(pl place, mode string) request {
	rq := request{method: pl.method, path: pl.path, query: slices.Clone(pl.query)}
	if fd.scheme != "" {
		rq.header = append(rq.header, [2]string{"Authorization", fd.scheme + " " + fd.token(mode, nil)})
	}
	for _, v := range fd.header {
		if !fd.forbidden(v.name, pl, mode) {
			rq.header = append(rq.header, [2]string{v.name, v.good})
		}
	}
	for _, h := range fd.api.Headers {
		if h.From == catalog.HeaderEcho && !has(rq.header, h.Name) {
			rq.header = append(rq.header, [2]string{h.Name, "c0ffee-1"})
		}
	}
	for _, v := range fd.query {
		if !has(rq.query, v.name) && fd.required(v, pl, mode) {
			rq.query = append(rq.query, [2]string{v.name, v.good})
		}
	}
	for _, h := range pl.header {
		rq.header = set(rq.header, h[0], h[1])
	}
	return rq
}

// forbidden reports whether a rule that applies at pl forbids header name.
func (fd *frontDoor) forbidden(name string, pl place, mode string) bool {
	for i, r := range fd.api.Rules {
		if r.Check == catalog.CheckForbiddenHeaders && fd.holds(i, pl, mode) &&
			slices.ContainsFunc(r.Headers, func(h string) bool { return strings.EqualFold(h, name) }) {
			return true
		}
	}
	return false
}

// required reports whether a rule that applies at pl answers the query
// parameter's absence.
func (fd *frontDoor) required(v *valued, pl place, mode string) bool {
	for i, r := range fd.api.Rules {
		if slices.Contains(v.rules, r) && len(r.Missing) > 0 && fd.holds(i, pl, mode) {
			return true
		}
	}
	return false
}

// has reports whether kv has the name, case-insensitively.
func has(kv [][2]string, name string) bool {
	return slices.ContainsFunc(kv, func(h [2]string) bool { return strings.EqualFold(h[0], name) })
}

// set returns kv with name set to v: the first of that name replaced,
// else appended.
func set(kv [][2]string, name, v string) [][2]string {
	out := slices.Clone(kv)
	for i := range out {
		if strings.EqualFold(out[i][0], name) {
			out[i][1] = v
			return out
		}
	}
	return append(out, [2]string{name, v})
}

// without returns kv without name.
func without(kv [][2]string, name string) [][2]string {
	return slices.DeleteFunc(slices.Clone(kv), func(h [2]string) bool { return strings.EqualFold(h[0], name) })
}

// twice returns kv with the value of name sent a second time.
func twice(kv [][2]string, name string) [][2]string {
	for _, h := range kv {
		if strings.EqualFold(h[0], name) {
			return append(slices.Clone(kv), h)
		}
	}
	return kv
}

// places are where the test sends requests: each scenario's route with its
// conditions and, for each of their paths, a method no scenario has; an
// unknown route on each surface; a path outside the base path; and the
// methods and paths the rules' conditions name, so that each rule applies
// to some requests and not to others.
func (fd *frontDoor) places(sc *Scenarios) []place {
	var out []place
	var routed []string // the paths of the routes and the unknown routes
	if sc != nil {
		methods := map[string][]string{} // a path's methods
		var paths []string
		for _, ru := range sc.rules {
			method, p, _ := strings.Cut(ru.route, " ")
			p = fd.base + fillWildcards(strings.TrimSpace(p))
			out = append(out, place{method: method, path: p, query: ru.query, header: ru.header, formats: true})
			if _, ok := methods[p]; !ok {
				paths = append(paths, p)
			}
			methods[p] = append(methods[p], method)
		}
		for _, p := range paths {
			other := "DELETE"
			for _, m := range []string{"DELETE", "PUT", "OPTIONS"} {
				if !slices.Contains(methods[p], m) {
					other = m
					break
				}
			}
			out = append(out, place{method: other, path: p})
			routed = append(routed, p)
		}
	}
	for _, s := range fd.api.Surfaces {
		p := "/NoSuchThing/1"
		if s.PathContains != "" {
			p = "/" + strings.Trim(s.PathContains, "/") + p
		}
		out = append(out, place{method: "GET", path: fd.base + p, formats: true})
		routed = append(routed, fd.base+p)
	}
	out = append(out, place{method: "GET", path: "/outside/the/base/path", formats: true})
	for _, r := range fd.api.Rules {
		out = append(out, fd.conditionPlaces(r.When, routed)...)
		for _, l := range r.Leniencies {
			out = append(out, fd.conditionPlaces(l.When, routed)...)
		}
	}
	seen := map[string]bool{}
	return slices.DeleteFunc(out, func(pl place) bool {
		k := request{method: pl.method, path: pl.path, query: pl.query, header: pl.header}.key()
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}

// conditionPlaces are the places a condition names: each of its methods
// on each path it names (contains, ends with or excepts), or on each routed
// path when it names none.
func (fd *frontDoor) conditionPlaces(c catalog.Condition, routed []string) []place {
	frags := slices.Concat(c.Paths, c.PathEnds, c.ExceptPaths)
	if len(frags) == 0 && len(c.Methods) == 0 {
		return nil // the routed places serve
	}
	methods := c.Methods
	if len(methods) == 0 {
		methods = []string{"GET"}
	}
	var paths []string
	for _, f := range frags {
		if !strings.HasPrefix(f, "/") {
			f = "/" + f
		}
		prefixes := []string{""}
		for _, name := range c.Surfaces {
			for _, s := range fd.api.Surfaces {
				if s.Name == name && s.PathContains != "" && !strings.Contains(f, s.PathContains) {
					prefixes = append(prefixes, "/"+strings.Trim(s.PathContains, "/"))
				}
			}
		}
		for _, pre := range prefixes {
			paths = append(paths, fd.base+pre+f)
		}
	}
	if len(frags) == 0 {
		paths = routed
	}
	var out []place
	for _, m := range methods {
		for _, p := range paths {
			out = append(out, place{method: m, path: p})
		}
	}
	return out
}

var wildcardRE = regexp.MustCompile(`\{([^}]*)\}`)

// fillWildcards puts a value in each wildcard of a ServeMux pattern.
func fillWildcards(p string) string {
	p = strings.TrimSuffix(p, "{$}")
	return wildcardRE.ReplaceAllStringFunc(p, func(w string) string {
		if strings.HasSuffix(w, "...}") {
			return "w1/w2"
		}
		return "w1"
	})
}

// formatVariant asks for a format one way.
type formatVariant struct {
	query  [][2]string
	header [][2]string
}

// formatVariants ask for each format the API produces, and one it does
// not, by _format (name and media type) and by Accept.
func formatVariants(api *catalog.API) []formatVariant {
	var out []formatVariant
	names := []string{"html"}
	for _, f := range api.Negotiation.Formats {
		names = append(names, string(f))
	}
	for _, n := range names {
		mime := "application/fhir+" + n
		if n == "html" {
			mime = "text/html"
		}
		out = append(out,
			formatVariant{query: [][2]string{{"_format", n}}},
			formatVariant{query: [][2]string{{"_format", mime}}},
			formatVariant{header: [][2]string{{"Accept", mime}}},
		)
	}
	return out
}

// requests lists the requests of the test: at each place, a good request
// in each access mode the front door treats differently there, and in the
// default mode in each format; then each fault of each rule, once per
// surface, at the first place where the rule applies and no earlier rule
// refuses. Each GET is sent as HEAD too. It fails the test for a rule that
// no request reaches.
func (fd *frontDoor) requests(sc *Scenarios) []request {
	fd.t.Helper()
	places := fd.places(sc)
	var out []request
	seen := map[string]bool{}
	add := func(rq request) {
		for _, m := range []string{rq.method, "HEAD"} {
			if m == "HEAD" && rq.method != "GET" {
				continue // HEAD asks for what GET would answer
			}
			rq.method = m
			if k := rq.key(); !seen[k] {
				seen[k] = true
				out = append(out, rq)
			}
		}
	}
	reached := map[int]bool{}
	for _, pl := range places {
		outcomes := map[int]bool{}
		for _, m := range fd.modes {
			o := fd.refusal(pl, m)
			reached[o] = true
			if !outcomes[o] {
				outcomes[o] = true
				add(fd.good(pl, m))
			}
		}
		if !pl.formats {
			continue
		}
		for _, f := range formatVariants(fd.api) {
			rq := fd.good(pl, fd.modes[0])
			rq.query = append(rq.query, f.query...)
			rq.header = append(rq.header, f.header...)
			add(rq)
		}
	}
	for i, r := range fd.api.Rules {
		faults := fd.faults(r)
		surfaces := map[*catalog.Surface]bool{}
		for _, pl := range places {
			for _, m := range fd.modes {
				s := fd.api.Surface(fd.inner(pl.path))
				if surfaces[s] || !fd.reaches(i, pl, m) {
					continue
				}
				surfaces[s] = true
				reached[i] = true
				for _, f := range faults {
					rq := f.build(fd.good(pl, m), m)
					rq.fault = f
					add(rq)
				}
			}
		}
		if r.Check == catalog.CheckFormat {
			reached[i] = true // the format variants break it
		}
		if !reached[i] {
			fd.t.Errorf("rule %d (%s) applies to no request the test makes: add a place to conditionPlaces", i+1, r.Check)
		}
	}
	return out
}

// fault is one way a request breaks a rule.
type fault struct {
	rule *catalog.RequestRule
	name string
	// build turns the good request of a caller of mode into the fault.
	build func(good request, mode string) request
}

// String names the fault for a test's message; "" for none.
func (f *fault) String() string {
	if f == nil {
		return ""
	}
	return fmt.Sprintf(" (%s rule: %s)", f.rule.Check, f.name)
}

// faults are the ways a request can break rule r.
func (fd *frontDoor) faults(r *catalog.RequestRule) []*fault {
	var out []*fault
	add := func(name string, build func(request, string) request) {
		out = append(out, &fault{rule: r, name: name, build: build})
	}
	setAuth := func(name, v string) {
		add(name, func(rq request, _ string) request { rq.header = set(rq.header, "Authorization", v); return rq })
	}
	switch r.Check {
	case catalog.CheckAuthorization:
		add("missing", func(rq request, _ string) request { rq.header = without(rq.header, "Authorization"); return rq })
		add("sent twice", func(rq request, _ string) request { rq.header = twice(rq.header, "Authorization"); return rq })
		setAuth("blank", " ")
		setAuth("the scheme alone", r.Scheme)
		setAuth("another scheme", "Basic dXNlcjpwYXNz")
		setAuth("not a token68", r.Scheme+" "+badValue)
		add("no scheme", func(rq request, mode string) request {
			rq.header = set(rq.header, "Authorization", fd.token(mode, nil))
			return rq
		})
		if r.ExactScheme {
			add("the scheme in lower case", func(rq request, mode string) request {
				rq.header = set(rq.header, "Authorization", strings.ToLower(r.Scheme)+" "+fd.token(mode, nil))
				return rq
			})
		}
		if r.JWT != nil {
			setAuth("not a JWT", r.Scheme+" opaque-token")
			setAuth("a JWT whose body is not JSON", r.Scheme+" a.b.c")
			setAuth("a JWT without claims", r.Scheme+" "+jwtHeader+".e30.")
		}
	case catalog.CheckHeader, catalog.CheckQuery:
		v := fd.readBy(r)
		kv := func(rq *request) *[][2]string {
			if r.Check == catalog.CheckQuery {
				return &rq.query
			}
			return &rq.header
		}
		setTo := func(name, value string) {
			add(name, func(rq request, _ string) request { p := kv(&rq); *p = set(*p, v.name, value); return rq })
		}
		add("missing", func(rq request, _ string) request { p := kv(&rq); *p = without(*p, v.name); return rq })
		add("sent twice", func(rq request, _ string) request {
			p := kv(&rq)
			*p = twice(set(*p, v.name, v.good), v.name)
			return rq
		})
		setTo("blank", " ")
		setTo("malformed", badValue)
		if len(r.Base64JSON) > 0 {
			setTo("base64 of what is not JSON", base64.StdEncoding.EncodeToString([]byte(badValue)))
			other := map[string]string{}
			for k := range r.Base64JSON {
				other[k] = "x"
			}
			setTo("base64 of JSON with other values", base64JSON(other, nil))
		}
		if len(r.NotAllowed) > 0 && v.other != "" {
			setTo("a value outside the allow-list", v.other)
		}
	case catalog.CheckClaim:
		add("the claim missing", func(rq request, mode string) request {
			rq.header = set(rq.header, "Authorization", fd.scheme+" "+fd.token(mode, map[string]string{r.Claim: ""}))
			return rq
		})
		add("the claim another value", func(rq request, mode string) request {
			rq.header = set(rq.header, "Authorization", fd.scheme+" "+fd.token(mode, map[string]string{r.Claim: badValue}))
			return rq
		})
	case catalog.CheckForbiddenHeaders:
		for _, h := range r.Headers {
			add("sends "+h, func(rq request, _ string) request {
				value := plainValue
				for _, v := range fd.header {
					if strings.EqualFold(v.name, h) {
						value = v.good
					}
				}
				rq.header = append(rq.header, [2]string{h, value})
				return rq
			})
		}
	}
	return out
}

// readBy returns what header or query rule r reads.
func (fd *frontDoor) readBy(r *catalog.RequestRule) *valued {
	for _, v := range slices.Concat(fd.header, fd.query) {
		if slices.Contains(v.rules, r) {
			return v
		}
	}
	fd.t.Fatalf("rule for %s%s reads nothing", r.Header, r.Param)
	return nil
}

// Every kind of value a rule can check has two examples of that kind, so
// that a rule of any kind has a good value and another.
func TestKindExamplesFollowTheirKinds(t *testing.T) {
	for _, pt := range catalog.ParamTypes {
		k := catalog.ValueKind(pt.Name)
		if k.Valid(badValue) {
			continue // any value will do
		}
		ex := kindExamples[k]
		if len(ex) != 2 || ex[0] == ex[1] {
			t.Errorf("kindExamples[%q] = %q, want two values", k, ex)
		}
		for _, v := range ex {
			if !k.Valid(v) {
				t.Errorf("kindExamples[%q]: %q is not of that kind", k, v)
			}
		}
	}
}
