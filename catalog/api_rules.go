package catalog

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// RuleCheck is what a request rule checks.
type RuleCheck string

// The request checks a front door can apply.
const (
	// CheckAuthorization: the Authorization header carries credentials of
	// the API's scheme (and, with a JWT check, a JWT of claims).
	CheckAuthorization RuleCheck = "authorization"
	// CheckHeader: a request header is present, and its value is allowed.
	CheckHeader RuleCheck = "header"
	// CheckForbiddenHeaders: none of some headers is sent.
	CheckForbiddenHeaders RuleCheck = "forbidden-headers"
	// CheckFormat: the format asked for (_format, Accept) is one the API
	// produces; the answer is the API's Negotiation.Unsupported.
	CheckFormat RuleCheck = "format"
	// CheckQuery: a query parameter is present, and its value allowed.
	CheckQuery RuleCheck = "query"
	// CheckClaim: a claim of the bearer token, when it is a JWT, has an
	// allowed value (an NHS login vector of trust).
	CheckClaim RuleCheck = "claim"
	// CheckRefuse: every request the rule's condition holds for is
	// answered (a method an access mode may not use, a path the proxy
	// does not route).
	CheckRefuse RuleCheck = "refuse"
)

// ValueKind is a form a header value must have: the name of one of the
// ParamTypes ("uuid", "nhs-number", "ods-code", ...), so that a header and a
// diagnostics parameter of one type follow one rule.
type ValueKind string

// ValueUUID is the form of a request id header.
const ValueUUID ValueKind = "uuid"

// Valid reports whether v has the form k. A kind that names no parameter
// type accepts any value (the loader reports it).
func (k ValueKind) Valid(v string) bool {
	t, ok := LookupParamType(string(k))
	return !ok || t.Validate(v) == nil
}

// ChecksValue reports whether the rule checks the value it reads, not only
// its presence.
func (r *RequestRule) ChecksValue() bool {
	return len(r.OneOf) > 0 || r.Is != "" || len(r.Base64JSON) > 0
}

// Accepts reports whether v is a value the rule allows: one of OneOf, of
// the form Is, base64 of a JSON object with the members Base64JSON gives.
func (r *RequestRule) Accepts(v string) bool {
	if len(r.OneOf) > 0 && !slices.Contains(r.OneOf, v) || !r.Is.Valid(v) {
		return false
	}
	if len(r.Base64JSON) == 0 {
		return true
	}
	raw, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(v); err != nil {
			return false
		}
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) != nil {
		return false
	}
	for k, want := range r.Base64JSON {
		if got, ok := obj[k].(string); !ok || got != want {
			return false
		}
	}
	return true
}

// RequestRule is one request rule of a front door. Which fields apply
// depends on Check; each answer is chosen per surface (Answer.For).
type RequestRule struct {
	Check   RuleCheck
	Doc     string
	Sources []string
	When    Condition // where the rule applies; the zero value: everywhere

	// Header is the header a CheckHeader rule reads, Param the query
	// parameter a CheckQuery rule reads, Claim the claim of the bearer
	// JWT a CheckClaim rule reads.
	Header string
	Param  string
	Claim  string
	// Missing answers an absent value: header, parameter or claim (for
	// CheckAuthorization, also a blank header; for CheckHeader and
	// CheckQuery a blank value too unless the value is checked). Empty:
	// the value is optional.
	Missing Answer
	// Invalid answers a value that breaks OneOf, Is or Base64JSON, or a
	// header or parameter sent twice; for CheckAuthorization credentials
	// that are not of the scheme, not a token68, or not in the token table.
	Invalid Answer
	OneOf   []string  // the values allowed, when the API documents an enumeration
	Is      ValueKind // the form the value must have
	// Base64JSON, when set, says the value is base64 of a JSON object
	// with these members, each a string of that value (others may follow).
	Base64JSON map[string]string
	// NotAllowed answers a value outside the allow-list a deployment gives
	// for the header (server.WithAllowList); without one every value passes.
	NotAllowed Answer

	// Scheme is the authorization scheme ("Bearer"), matched
	// case-insensitively as RFC 9110 §11.1 says (exactly with
	// ExactScheme, as the PDS proxy compares it); the credentials must be
	// a token68 (RFC 6750 §2.1).
	Scheme      string
	ExactScheme bool
	// Blank answers an Authorization header that is present but blank;
	// NoCredentials one of a single word (the scheme alone); WrongScheme
	// credentials of another scheme. Each, when empty, is as Missing,
	// Invalid and Invalid are.
	Blank         Answer
	NoCredentials Answer
	WrongScheme   Answer
	// JWT, when set, requires the credentials to be a JWT.
	JWT *JWTCheck
	// Leniencies are what real deployments were seen to accept beyond
	// the rule; a mock applies one only when asked to by name.
	Leniencies []*Leniency

	// Headers are the headers a CheckForbiddenHeaders rule refuses, with
	// Answer.
	Headers []string
	Answer  Answer
}

// JWTCheck is the structure check of a JWT bearer token, and the answer to
// each fault.
type JWTCheck struct {
	Sections Answer // not three dot-separated sections
	Invalid  Answer // the body is not base64url JSON
	NoClaims Answer // the body is an empty object
}

// Allowance is what a leniency lets through.
type Allowance string

// The allowances a leniency can make.
const (
	// AcceptBareToken: a token68 without the scheme.
	AcceptBareToken Allowance = "bare-token"
	// AcceptAnyValue: any non-blank Authorization value; nothing past its
	// presence is checked.
	AcceptAnyValue Allowance = "any-value"
)

// Leniency is a named relaxation of an authorization rule that a real
// deployment was seen to allow. Mocks refuse by default what the
// specification refuses, so that a client cannot ship a bug the live
// service catches; a leniency is applied only when asked for by name.
type Leniency struct {
	Name    string
	Doc     string
	Sources []string
	Accept  Allowance
	When    Condition
}

// Condition limits where a rule or leniency applies. Every non-empty field
// must hold.
type Condition struct {
	Modes       []string // the caller's access mode is one of these
	Surfaces    []string // the request is on one of these surfaces
	Methods     []string // the request method is one of these
	Paths       []string // the request path contains one of these
	PathEnds    []string // the request path ends with one of these
	ExceptPaths []string // the request path contains none of these
}

// Holds reports whether the condition holds for a request with that method
// and path on surface (nil: unknown), from a caller of access mode mode (""
// for the default).
func (c *Condition) Holds(mode string, surface *Surface, method, path string) bool {
	if len(c.Modes) > 0 && !slices.Contains(c.Modes, mode) {
		return false
	}
	if len(c.Surfaces) > 0 && (surface == nil || !slices.Contains(c.Surfaces, surface.Name)) {
		return false
	}
	if len(c.Methods) > 0 && !slices.Contains(c.Methods, method) {
		return false
	}
	if len(c.Paths) > 0 && !slices.ContainsFunc(c.Paths, func(p string) bool { return strings.Contains(path, p) }) {
		return false
	}
	if len(c.PathEnds) > 0 && !slices.ContainsFunc(c.PathEnds, func(p string) bool { return strings.HasSuffix(path, p) }) {
		return false
	}
	return !slices.ContainsFunc(c.ExceptPaths, func(p string) bool { return strings.Contains(path, p) })
}

// Reply is one error a front door answers with: an entry and the values of
// its parameters.
type Reply struct {
	Surface string // the surface it answers on; "" for every surface
	Entry   *Entry
	Params  []Value // aligned with Entry.Params
}

// Error builds the reply's error for request r; values taken from the
// request pass through clean (nil: as they are).
func (p *Reply) Error(r *http.Request, clean func(string) string) *Error {
	vals := make([]string, len(p.Entry.Params))
	for i := range vals {
		if i < len(p.Params) {
			vals[i] = p.Params[i].Expand(r, clean)
		}
	}
	return New(p.Entry, vals...)
}

// Answer is what a front door answers with, per surface.
type Answer []*Reply

// For returns the reply for a request on surface s: the one for s, else the
// one for every surface; nil when the answer is empty or has none for s.
func (a Answer) For(s *Surface) *Reply {
	var everywhere *Reply
	for _, p := range a {
		if p.Surface == "" {
			if everywhere == nil {
				everywhere = p
			}
			continue
		}
		if s != nil && p.Surface == s.Name {
			return p
		}
	}
	return everywhere
}

// Entries returns the entries of the answer's replies.
func (a Answer) Entries() []*Entry {
	out := make([]*Entry, len(a))
	for i, p := range a {
		out[i] = p.Entry
	}
	return out
}

// HeaderSource is where a response header's value comes from.
type HeaderSource string

// The sources of a response header's value.
const (
	HeaderFixed         HeaderSource = ""               // Value, as written
	HeaderEcho          HeaderSource = "request"        // the request's header of that name
	HeaderTransactionID HeaderSource = "transaction-id" // a new id per response
	HeaderRetryAfter    HeaderSource = "retry-after"    // the server's Retry-After seconds
)

// ResponseHeader is a header an API sends, written in exactly the spelling
// Name has (X-Request-ID, not Go's X-Request-Id).
type ResponseHeader struct {
	Name    string
	From    HeaderSource
	Value   string   // for HeaderFixed
	Entries []*Entry // only with these entries; nil: with every response
	Doc     string
}
