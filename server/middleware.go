package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// Middleware applies the request rules of an API's front door (its Rules,
// in order) to every request before next sees it, and answers a request
// that breaks one with the error the real front door sends. Requests that
// pass get the API's response headers and reach next, which can answer
// errors with the same options through WriteError or Writer.
//
// With a nil api, or options that name what the API does not have (an
// access mode, an allow-list header, a leniency: see ValidateOptions), every
// request is answered with a plain-text 500 naming the mistake.
func Middleware(api *catalog.API, next http.Handler, opts ...Option) http.Handler {
	c := newConfig(append(append([]Option(nil), opts...), WithAPI(api))) // the api argument wins
	if api == nil {
		return plainError("spinecat/server: Middleware needs an API, such as a generated package's API")
	}
	if err := c.validate(api); err != nil {
		return plainError("spinecat/server: " + Sanitize(err.Error()))
	}
	if next == nil {
		next = http.NotFoundHandler()
	}
	return &middleware{c: c, api: api, wr: &Writer{c: c}, next: next}
}

// ValidateOptions reports options that name what api does not have: an access
// mode in the token table, a header without an allow-list rule, a leniency.
// Middleware answers every request with the mistake; a program can check
// first.
func ValidateOptions(api *catalog.API, opts ...Option) error {
	if api == nil {
		return errors.New("no API given")
	}
	c := newConfig(opts)
	return c.validate(api)
}

func plainError(msg string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writePlain(w, r, http.StatusInternalServerError, "text/plain; charset=utf-8", msg)
	})
}

type middleware struct {
	c    config
	api  *catalog.API
	wr   *Writer
	next http.Handler
}

// request is what the rules learn about a request as they run.
type request struct {
	r       *http.Request
	surface *catalog.Surface
	mode    string // the caller's access mode; the default until a token says otherwise
}

func (m *middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setResponseHeaders(w, r, m.api, m.c.transactionID)
	req := &request{r: r, surface: m.api.Surface(r.URL.Path)}
	if len(m.api.AccessModes) > 0 {
		req.mode = m.api.AccessModes[0].Name
	}
	for _, rule := range m.api.Rules {
		if !rule.When.Holds(req.mode, req.surface, r.Method, r.URL.Path) {
			continue
		}
		if reply := m.apply(rule, req); reply != nil {
			// The format check's answer is the service's; every other rule's
			// is the front door's, which does not negotiate.
			m.wr.write(w, r, reply.Error(m.withMode(r, req), RequestSanitizer(r)), rule.Check != catalog.CheckFormat)
			return
		}
	}
	m.next.ServeHTTP(w, m.withMode(r, req))
}

// withMode returns r carrying the caller's access mode, for {request.mode},
// when the API has access modes.
func (m *middleware) withMode(r *http.Request, req *request) *http.Request {
	if len(m.api.AccessModes) == 0 {
		return r
	}
	return catalog.WithAccessMode(r, req.mode)
}

// apply checks one rule and returns its answer when the request breaks it.
func (m *middleware) apply(rule *catalog.RequestRule, req *request) *catalog.Reply {
	switch rule.Check {
	case catalog.CheckAuthorization:
		return m.authorize(rule, req)
	case catalog.CheckHeader:
		vs := req.r.Header[headerKey(rule.Header)]
		if reply, decided := checkValue(rule, req, vs); decided {
			return reply
		}
		if allowed := m.c.allow[headerKey(rule.Header)]; allowed != nil && !allowed[strings.TrimSpace(vs[0])] {
			return rule.NotAllowed.For(req.surface)
		}
	case catalog.CheckQuery:
		reply, _ := checkValue(rule, req, req.r.URL.Query()[rule.Param])
		return reply
	case catalog.CheckClaim:
		return checkClaim(rule, req)
	case catalog.CheckRefuse:
		return rule.Answer.For(req.surface)
	case catalog.CheckForbiddenHeaders:
		for _, h := range rule.Headers {
			if len(req.r.Header[headerKey(h)]) > 0 {
				return rule.Answer.For(req.surface)
			}
		}
	case catalog.CheckFormat:
		if _, err := operationoutcome.Negotiate(formatRequest(req.r, m.api), m.api.Negotiation.Formats); err != nil {
			var uf *operationoutcome.UnsupportedFormatError // on the heap: only for an error
			if errors.As(err, &uf) {
				return m.api.Negotiation.Unsupported.For(req.surface)
			}
		}
	}
	return nil
}

// checkValue applies a header or query rule to the values received: an
// absent value is missing, a blank one too unless only its value is
// checked; a value the rule does not accept, or one sent twice, is invalid.
// decided reports that the value was missing or invalid, whether or not
// the rule answers that (reply is nil when it does not); a value that
// passes is left to the allow-list. Header names are read
// case-insensitively, as HTTP says and Go's server does.
func checkValue(rule *catalog.RequestRule, req *request, vs []string) (reply *catalog.Reply, decided bool) {
	valueChecked := rule.ChecksValue()
	v := ""
	if len(vs) > 0 {
		v = strings.TrimSpace(vs[0])
	}
	switch {
	case len(vs) == 0 || v == "" && !valueChecked:
		return rule.Missing.For(req.surface), true
	case v == "" && len(rule.Missing) > 0:
		return rule.Missing.For(req.surface), true
	}
	if valueChecked && (len(vs) > 1 || !rule.Accepts(v)) {
		return rule.Invalid.For(req.surface), true
	}
	return nil, false
}
