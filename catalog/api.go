package catalog

import (
	"net/url"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/operationoutcome"
)

// API is one API as its catalogue describes it: its entries and dialects,
// and its front door and HTTP behaviour (the http section of its catalogue
// file): the request surfaces it answers on, the request rules in order,
// content negotiation, the answers to an unknown route, a wrong method and
// an internal error, the response headers it sends, and the bodies its
// gateway builds. Build one with NewAPI; generated catalogue packages export
// theirs as API, and catalog/spec builds one for each file it loads.
//
// An API is data: package server applies it (Middleware, WriteError), the
// mock serves it, validate and client use its surfaces to identify
// responses. Nothing about a particular API is written in Go.
type API struct {
	Name    string // "nrl", as entry ids are qualified
	Title   string
	Doc     string   // the http section's description
	Sources []string // where the front door's behaviour is documented

	// BasePaths are the paths the API is published under ("/referrals"),
	// the first being the one a mock serves by default. Empty when the
	// base URL is deployment-specific.
	BasePaths []string

	// Surfaces are the request surfaces the API answers on, in match
	// order (see Surface). NewAPI adds one surface serving every dialect
	// when there is none.
	Surfaces []*Surface

	Negotiation Negotiation

	// AccessModes are the ways a caller can be authorised (e-RS
	// user-restricted and application-restricted); the first is the
	// default. Empty when the API has one.
	AccessModes []*AccessMode

	// Rules are the front door's request rules, applied in order.
	Rules []*RequestRule

	// Headers are the response headers the API sends: on every response,
	// or with some entries only.
	Headers []*ResponseHeader

	// NotFound answers a request for a route the service does not have;
	// MethodNotAllowed one for a known path with another method (NotFound
	// when empty); InternalError an error that is not a catalogue error.
	NotFound         Answer
	MethodNotAllowed Answer
	InternalError    Answer

	// Gateway says which bodies the gateway in front of the service builds
	// rather than the service.
	Gateway Gateway

	entries  []*Entry
	dialects []*Dialect
}

// Surface is one family of request paths that an API answers in its own
// dialects, such as e-RS's /FHIR/R4/ paths (R4 bodies) beside every other
// path (STU3 bodies).
type Surface struct {
	Name string
	// PathContains selects the surface: a request path containing it is
	// on this surface. Empty matches every path; the last surface usually
	// has none.
	PathContains string
	Dialects     []*Dialect // the dialects that answer on this surface
}

// Serves reports whether entries of dialect d answer on the surface.
func (s *Surface) Serves(d *Dialect) bool { return slices.Contains(s.Dialects, d) }

// Negotiation is an API's content negotiation.
type Negotiation struct {
	// Formats are the formats the format check accepts, the default first.
	Formats []operationoutcome.Format
	// IgnoreFormatParameter says the API reads Accept only; otherwise
	// _format wins over Accept.
	IgnoreFormatParameter bool
	// Unsupported answers a request for a format the API does not
	// produce. When empty the API answers in its default format whatever
	// was asked.
	Unsupported Answer
}

// AccessMode is one way a caller is authorised; a front door can apply
// different rules to each.
type AccessMode struct {
	Name string
	Doc  string
	// TokenPrefix marks the bearer tokens of this mode when the mock has no
	// token table: a mock cannot introspect a token.
	TokenPrefix string
}

// Gateway describes the bodies built in front of the service. A gateway
// does not negotiate: its bodies never answer an unsupported format with
// the API's Unsupported answer.
type Gateway struct {
	Dialects []*Dialect // every entry of these dialects
	Entries  []*Entry   // and these entries of other dialects
	// FormatFromAccept: the gateway writes in the format a supported
	// Accept names, ignoring _format, else in the default (the Spine core
	// in front of NRL). Otherwise it writes in its dialect's format.
	FormatFromAccept bool
}

// NewAPI completes a: it links every entry to a (see APIOf), records the
// entries' dialects, and gives an API without surfaces one that serves all
// of them. Generated packages and catalog/spec call it once per API.
func NewAPI(a *API, entries []*Entry) *API {
	a.entries = slices.Clone(entries)
	for _, e := range a.entries {
		e.api = a
		if e.Dialect != nil && !slices.Contains(a.dialects, e.Dialect) {
			a.dialects = append(a.dialects, e.Dialect)
		}
	}
	if len(a.Surfaces) == 0 {
		a.Surfaces = []*Surface{{Dialects: slices.Clone(a.dialects)}}
	}
	return a
}

// APIOf returns the API an entry belongs to, or nil for an entry built
// outside a catalogue.
func APIOf(e *Entry) *API {
	if e == nil {
		return nil
	}
	return e.api
}

// String returns the API's name.
func (a *API) String() string { return a.Name }

// Entries returns the API's entries in catalogue order.
func (a *API) Entries() []*Entry { return slices.Clone(a.entries) }

// Dialects returns the dialects the API's entries use.
func (a *API) Dialects() []*Dialect { return slices.Clone(a.dialects) }

// Entry finds an entry of the API by id ("ers.R4_REC_NOT_FOUND"), name
// ("R4_REC_NOT_FOUND") or Go name ("R4RecNotFound").
func (a *API) Entry(name string) (*Entry, bool) {
	name = strings.TrimPrefix(name, a.Name+".")
	for _, e := range a.entries {
		if e.Name == name || e.GoName == name {
			return e, true
		}
	}
	return nil, false
}

// Surface returns the surface a request path is on: the first whose
// PathContains it contains, else the first without one, else the last.
// A full URL is reduced to its path first.
func (a *API) Surface(path string) *Surface {
	path = urlPath(path)
	var fallback *Surface
	for _, s := range a.Surfaces {
		if s.PathContains == "" {
			if fallback == nil {
				fallback = s
			}
			continue
		}
		if strings.Contains(path, s.PathContains) {
			return s
		}
	}
	if fallback == nil && len(a.Surfaces) > 0 {
		fallback = a.Surfaces[len(a.Surfaces)-1]
	}
	return fallback
}

// urlPath returns the path of a URL, or s itself when it is a path.
func urlPath(s string) string {
	if strings.HasPrefix(s, "/") {
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			return s[:i]
		}
		return s
	}
	if u, err := url.Parse(s); err == nil && u.Path != "" {
		return u.Path
	}
	return s
}

// BuiltByGateway reports whether the gateway in front of the service builds
// e's body.
func (a *API) BuiltByGateway(e *Entry) bool {
	return e != nil && (slices.Contains(a.Gateway.Dialects, e.Dialect) || slices.Contains(a.Gateway.Entries, e))
}

// Mode returns the access mode with that name.
func (a *API) Mode(name string) (*AccessMode, bool) {
	for _, m := range a.AccessModes {
		if m.Name == name {
			return m, true
		}
	}
	return nil, false
}

// ModeOf returns the access mode of a bearer token when the mock has no
// token table: the first mode whose TokenPrefix starts the token, else the
// default (the first mode). It is nil for an API without access modes.
func (a *API) ModeOf(token string) *AccessMode {
	for _, m := range a.AccessModes {
		if m.TokenPrefix != "" && strings.HasPrefix(token, m.TokenPrefix) {
			return m
		}
	}
	if len(a.AccessModes) > 0 {
		return a.AccessModes[0]
	}
	return nil
}

// Leniency returns the leniency with that name, from any rule.
func (a *API) Leniency(name string) (*Leniency, bool) {
	for _, r := range a.Rules {
		for _, l := range r.Leniencies {
			if l.Name == name {
				return l, true
			}
		}
	}
	return nil, false
}

// Leniencies returns every leniency the API's rules name, in rule order.
func (a *API) Leniencies() []*Leniency {
	var out []*Leniency
	for _, r := range a.Rules {
		out = append(out, r.Leniencies...)
	}
	return out
}
