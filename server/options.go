package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/spinecat/spinecat/catalog"
)

// DefaultMaxParamRunes is the length, in runes, to which a diagnostics
// parameter value is cut (the last rune then being "…").
const DefaultMaxParamRunes = 200

// DefaultRetryAfter is the Retry-After, in seconds, sent with the entries
// whose API documents the header.
const DefaultRetryAfter = 30

// Option configures WriteError, Writer and Middleware.
type Option func(*config)

type config struct {
	api           *catalog.API
	now           func() time.Time
	newID         func(catalog.IDPolicy) string
	transactionID func() string
	retryAfter    int
	maxRunes      int
	tokens        map[string]string          // bearer token → access mode name
	allow         map[string]map[string]bool // canonical header name → values allowed
	lenient       []string                   // leniency names
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

// WithAPI names the API whose InternalError answers an error that is not a
// catalogue error. A catalogue error is always written as its own API
// (catalog.APIOf) documents; Middleware sets this itself.
func WithAPI(api *catalog.API) Option { return func(c *config) { c.api = api } }

// WithClock sets the clock behind meta.lastUpdated (time.Now by default).
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithIDSource sets the function that makes OperationOutcome.id for a
// dialect's id policy (catalog.NewID by default).
func WithIDSource(newID func(catalog.IDPolicy) string) Option {
	return func(c *config) { c.newID = newID }
}

// WithTransactionID sets the function that makes the transaction id of the
// response headers an API sends from "transaction-id" (a random UUID by
// default).
func WithTransactionID(next func() string) Option {
	return func(c *config) {
		if next != nil {
			c.transactionID = next
		}
	}
}

// WithRetryAfter sets the Retry-After seconds sent with the entries whose API
// documents the header; 0 or less sends none.
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

// WithTokens gives Middleware a token table: only these bearer tokens are
// valid, each with the name of its access mode (one of the API's
// AccessModes), and any other token is refused like an expired one.
// Without a table every well-formed token is valid, its mode given by its
// prefix (catalog.API.ModeOf).
func WithTokens(tokens map[string]string) Option {
	return func(c *config) {
		c.tokens = make(map[string]string, len(tokens))
		for k, v := range tokens {
			c.tokens[k] = v
		}
	}
}

// WithAllowList makes Middleware refuse a value of header outside values,
// with the answer the API's rule for that header gives to a value not
// allowed (its NotAllowed answer). Without it every value is allowed.
func WithAllowList(header string, values ...string) Option {
	return func(c *config) {
		if c.allow == nil {
			c.allow = map[string]map[string]bool{}
		}
		set := map[string]bool{}
		for _, v := range values {
			set[v] = true
		}
		c.allow[http.CanonicalHeaderKey(header)] = set
	}
}

// WithLeniency makes Middleware accept what the API's named leniencies
// allow (catalog.API.Leniencies): what live deployments were seen to let
// through beyond the rules. Off by default, so that a client cannot ship a
// bug the live service catches.
func WithLeniency(names ...string) Option {
	return func(c *config) { c.lenient = append(c.lenient, names...) }
}

// validate reports options that name what api does not have: an access mode
// of the token table, a header without an allow-list rule, a leniency.
func (c *config) validate(api *catalog.API) error {
	var errs []string
	for _, mode := range sortedValues(c.tokens) {
		if _, ok := api.Mode(mode); !ok {
			errs = append(errs, fmt.Sprintf("the token table names access mode %q, which %s does not have (%s)", mode, api.Name, modeNames(api)))
		}
	}
	for h := range c.allow {
		if !slices.ContainsFunc(api.Rules, func(r *catalog.RequestRule) bool {
			return len(r.NotAllowed) > 0 && http.CanonicalHeaderKey(r.Header) == h
		}) {
			errs = append(errs, fmt.Sprintf("%s has no allow-list rule for header %s", api.Name, h))
		}
	}
	for _, name := range c.lenient {
		if _, ok := api.Leniency(name); !ok {
			errs = append(errs, fmt.Sprintf("%s has no leniency %q (%s)", api.Name, name, leniencyNames(api)))
		}
	}
	slices.Sort(errs)
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

func sortedValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func modeNames(api *catalog.API) string {
	var names []string
	for _, m := range api.AccessModes {
		names = append(names, m.Name)
	}
	if len(names) == 0 {
		return "it has none"
	}
	return "it has " + strings.Join(names, ", ")
}

func leniencyNames(api *catalog.API) string {
	var names []string
	for _, l := range api.Leniencies() {
		names = append(names, l.Name)
	}
	if len(names) == 0 {
		return "it has none"
	}
	return "it has " + strings.Join(names, ", ")
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
