package server

import (
	"time"

	"github.com/spinecat/spinecat/catalog"
)

// The APIs whose front doors this package imitates.
const (
	NRL  = "nrl"  // National Record Locator, FHIR STU3, behind Spine
	NRLF = "nrlf" // NRL on FHIR R4 (NRLF v3)
	ERS  = "ers"  // e-Referral Service, R4 and STU3, behind the NHS API gateway
)

// APIs returns the API names Middleware, NewMock and WithAPI accept.
func APIs() []string { return []string{NRL, NRLF, ERS} }

// validAPI reports whether api is one of APIs.
func validAPI(api string) bool { return api == NRL || api == NRLF || api == ERS }

// AccessMode is how an e-RS access token was issued: the gateway runs
// different checks for each.
type AccessMode int

// The e-RS access modes. The zero value is user-restricted, the mode every
// token has unless a token table or the "app-" prefix says otherwise.
const (
	UserRestricted AccessMode = iota // a named, CIS2-authenticated user
	AppRestricted                    // an application, signed-JWT authentication, no user
)

// String returns "user-restricted" or "application-restricted".
func (m AccessMode) String() string {
	if m == AppRestricted {
		return "application-restricted"
	}
	return "user-restricted"
}

// DefaultMaxParamRunes is the length, in runes, to which a diagnostics
// parameter value is cut (the last rune then being "…").
const DefaultMaxParamRunes = 200

// DefaultRetryAfter is the Retry-After, in seconds, sent with the 503s whose
// API documents the header.
const DefaultRetryAfter = 30

// Option configures WriteError, Writer, Middleware and NewMock.
type Option func(*config)

type config struct {
	api           string
	now           func() time.Time
	newID         func(catalog.IDPolicy) string
	transactionID func() string
	retryAfter    int
	maxRunes      int
	tokens        map[string]AccessMode
	bareSTU3      bool
	laxJWT        bool
	odsAllowList  map[string]bool
}

func newConfig(opts []Option) config {
	c := config{retryAfter: DefaultRetryAfter, maxRunes: DefaultMaxParamRunes, transactionID: newUUID}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithAPI names the API ("nrl", "nrlf" or "ers") whose dialect answers an
// error that is not a catalogue error (its documented 500). Middleware and
// NewMock set it themselves.
func WithAPI(api string) Option { return func(c *config) { c.api = api } }

// WithClock sets the clock behind meta.lastUpdated (time.Now by default).
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithIDSource sets the function that makes OperationOutcome.id for a
// dialect's id policy (catalog.NewID by default).
func WithIDSource(newID func(catalog.IDPolicy) string) Option {
	return func(c *config) { c.newID = newID }
}

// WithTransactionID sets the function that makes the e-RS transaction id
// sent in X-Request-ID (a random UUID by default).
func WithTransactionID(next func() string) Option {
	return func(c *config) {
		if next != nil {
			c.transactionID = next
		}
	}
}

// WithRetryAfter sets the Retry-After seconds sent with the 503s whose API
// documents the header (e-RS REC_UNAVAILABLE and SYSTEM_UNAVAILABLE); 0 or
// less sends none.
func WithRetryAfter(seconds int) Option { return func(c *config) { c.retryAfter = seconds } }

// WithMaxParamRunes sets the length, in runes, to which diagnostics parameter
// values are cut (DefaultMaxParamRunes by default; 0 or less keeps the default).
func WithMaxParamRunes(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxRunes = n
		}
	}
}

// WithTokens gives the e-RS mock a token table: only these bearer tokens are
// valid, each with its access mode, and any other token is answered 401 like
// an expired one. Without a table every well-formed bearer token is valid,
// application-restricted when it starts with "app-" and user-restricted
// otherwise.
func WithTokens(tokens map[string]AccessMode) Option {
	return func(c *config) {
		c.tokens = make(map[string]AccessMode, len(tokens))
		for k, v := range tokens {
			c.tokens[k] = v
		}
	}
}

// WithBareTokenOnSTU3 makes the e-RS mock accept an Authorization header
// without the "Bearer " prefix on STU3 paths, as the live STU3 endpoints were
// seen to (the developer community thread "401 Access Denied on call to
// A0042"). R4 paths always require the prefix. Off by default, so that a
// client cannot ship the bug that thread describes.
func WithBareTokenOnSTU3() Option { return func(c *config) { c.bareSTU3 = true } }

// WithoutJWTChecks turns off the NRL mock's checks of the Authorization JWT's
// structure (three sections, a JSON body of claims), leaving only the check
// that the header is present.
func WithoutJWTChecks() Option { return func(c *config) { c.laxJWT = true } }

// WithODSAllowList makes the e-RS mock refuse, with the gateway's 403, a
// user-restricted call whose NHSD-End-User-Organisation-ODS is not one of
// codes. Without it every ODS code is allowed.
func WithODSAllowList(codes ...string) Option {
	return func(c *config) {
		c.odsAllowList = map[string]bool{}
		for _, s := range codes {
			c.odsAllowList[s] = true
		}
	}
}

// stampOptions returns the catalogue options for the configured clock and id
// source (only those set: a nil function would replace the default).
func (c *config) stampOptions() []catalog.Option {
	var out []catalog.Option
	if c.now != nil {
		out = append(out, catalog.WithClock(c.now))
	}
	if c.newID != nil {
		out = append(out, catalog.WithIDSource(c.newID))
	}
	return out
}
