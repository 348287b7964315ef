package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/operationoutcome"
)

// Writer writes errors the way the real services do. Its zero value is not
// usable: make one with NewWriter. A Writer is safe for concurrent use.
type Writer struct {
	c config
}

// NewWriter returns a Writer with the given options.
func NewWriter(opts ...Option) *Writer { return &Writer{c: newConfig(opts)} }

// WriteError writes err as the response to r: see Writer.WriteError.
func WriteError(w http.ResponseWriter, r *http.Request, err error, opts ...Option) {
	NewWriter(opts...).WriteError(w, r, err)
}

// WriteError writes err as the response to r, the way the service of err's
// catalogue entry does:
//
//   - the status is catalog.HTTPStatus(err); an error that is not a catalogue
//     error is answered with the API's documented 500 (see WithAPI), or a
//     plain-text 500 when no API is known;
//   - entries documented without an OperationOutcome are written as documented
//     (an empty body, or their text or HTML with their Content-Type);
//   - otherwise the OperationOutcome is built with the dialect's id and
//     meta.lastUpdated policy, from the configured clock and id source, and
//     sent as JSON or XML by operationoutcome.Negotiate over the dialect's
//     formats (_format wins over Accept; the first format is the default);
//   - a format the dialect does not produce is answered as the API documents:
//     NRL with the Spine core 415 UNSUPPORTED_MEDIA_TYPE, e-RS R4 with 406
//     REC_NOT_ACCEPTABLE, e-RS STU3 with its text/plain 406; NRLF, which does
//     not negotiate, and the API gateways, which build their own bodies,
//     answer in JSON whatever was asked;
//   - e-RS responses carry X-Correlation-ID (echoed) and X-Request-ID (the
//     transaction id), NRLF responses echo X-Request-Id and X-Correlation-Id;
//     e-RS 503s carry Retry-After and e-RS token 401s WWW-Authenticate;
//   - a HEAD request gets the headers and no body;
//   - every diagnostics parameter value is passed through Sanitize (with the
//     configured length), and any occurrence of the request's Authorization
//     credentials is replaced by "[redacted]".
func (wr *Writer) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	wr.write(w, r, err, false)
}

// write is WriteError; frontDoor says the error is built by a gateway in front
// of the service, which answers in its own format whatever the request asked.
func (wr *Writer) write(w http.ResponseWriter, r *http.Request, err error, frontDoor bool) {
	if r == nil {
		r = &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}, Header: http.Header{}}
	}
	if r.URL == nil {
		r2 := *r
		r2.URL = &url.URL{Path: "/"}
		r = &r2
	}
	status := catalog.HTTPStatus(err)
	ce, ok := catalog.FromError(err)
	if !ok || ce.Entry() == nil {
		ce = wr.internalError(r)
		if ce == nil {
			noteEntry(r, "")
			writePlain(w, r, http.StatusInternalServerError, "text/plain; charset=utf-8", "Internal Server Error")
			return
		}
		status = ce.HTTPStatus()
	}
	e := ce.Entry()
	ce = wr.clean(r, ce)
	setResponseHeaders(w, r, e.API, wr.c.transactionID)
	wr.setEntryHeaders(w, e)

	switch e.Body {
	case catalog.BodyNone:
		noteEntry(r, e.ID())
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(status)
		return
	case catalog.BodyText, catalog.BodyHTML:
		noteEntry(r, e.ID())
		writePlain(w, r, status, e.ContentType, e.BodyText)
		return
	}

	formats := dialectFormats(e.Dialect)
	f, nerr := operationoutcome.Negotiate(r, formats)
	if nerr != nil {
		if frontDoor || builtByFrontDoor(e) {
			f = formats[0]
		} else if u := unsupportedFormat(r, e.API); u != nil && u.Entry() != e {
			wr.write(w, r, u, true)
			return
		} else {
			f = formats[0]
		}
	}
	if e == nrl.ErrUnsupportedMediaType.Entry() {
		f = spineCoreFormat(r)
	}
	oo := ce.OperationOutcome(wr.c.stampOptions()...)
	if oo == nil {
		noteEntry(r, "")
		writePlain(w, r, http.StatusInternalServerError, "text/plain; charset=utf-8", "Internal Server Error")
		return
	}
	noteEntry(r, e.ID())
	if werr := operationoutcome.Write(w, r, status, oo, f); werr != nil {
		// The entry could not be encoded (a catalogue bug): nothing has been
		// written yet, so a plain 500 still goes out.
		writePlain(w, r, http.StatusInternalServerError, "text/plain; charset=utf-8", "Internal Server Error")
	}
}

// clean rebuilds a constructed error with sanitised parameter values, so that
// request input cannot forge a response, and with the caller's credentials
// taken out.
func (wr *Writer) clean(r *http.Request, ce *catalog.Error) *catalog.Error {
	e := ce.Entry()
	if len(e.Params) == 0 || ce.Received() != nil {
		return ce
	}
	secrets := credentials(r)
	vals := make([]string, len(e.Params))
	for i, p := range e.Params {
		v := ce.Param(p.Name)
		for _, s := range secrets {
			v = strings.ReplaceAll(v, s, "[redacted]")
		}
		vals[i] = sanitize(v, wr.c.maxRunes)
	}
	return catalog.New(e, vals...)
}

// credentials returns the parts of the request's Authorization headers that
// must never be echoed: each whole value and its credentials after the scheme,
// when long enough not to be an ordinary word.
func credentials(r *http.Request) []string {
	var out []string
	for _, v := range r.Header.Values("Authorization") {
		v = strings.TrimSpace(v)
		if len(v) >= 8 {
			out = append(out, v)
		}
		if _, cred, ok := strings.Cut(v, " "); ok {
			if cred = strings.TrimSpace(cred); len(cred) >= 8 {
				out = append(out, cred)
			}
		}
	}
	return out
}

// internalError returns the configured API's documented 500 for an error
// that is not a catalogue error: NRL's HTML page (the NRL guidance), NRLF's
// INTERNAL_SERVER_ERROR, e-RS R4's REC_SERVER_ERROR and, on STU3 paths, the
// gateway's bodiless 500. The foreign error's text is never sent.
func (wr *Writer) internalError(r *http.Request) *catalog.Error {
	switch wr.c.api {
	case NRL:
		return nrl.InternalError()
	case NRLF:
		return nrlf.InternalServerError("Internal server error")
	case ERS:
		if isERSR4(r) {
			return ers.R4RecServerError("Internal Server Error")
		}
		return ers.ServiceErrorNoBody()
	}
	return nil
}

// setEntryHeaders adds the headers an entry documents: Retry-After on e-RS
// 503s, WWW-Authenticate on the e-RS gateway's token 401s.
func (wr *Writer) setEntryHeaders(w http.ResponseWriter, e *catalog.Entry) {
	switch e {
	case ers.ErrR4RecUnavailable.Entry(), ers.ErrSystemUnavailable.Entry():
		if wr.c.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(wr.c.retryAfter))
		}
	case ers.ErrR4AccessDeniedInvalidToken.Entry(), ers.ErrInvalidTokenNoBody.Entry():
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
}

// unsupportedFormat returns the error an API documents for a format it does
// not produce, or nil when it answers in its only format regardless.
func unsupportedFormat(r *http.Request, api string) *catalog.Error {
	switch api {
	case NRL:
		return nrl.UnsupportedMediaType()
	case ERS:
		if isERSR4(r) {
			return ers.R4RecNotAcceptable("The requested representation is not available: this API produces application/fhir+json only.")
		}
		return ers.NotAcceptableText()
	}
	return nil
}

// spineCoreFormat is the format of the Spine core 415: the one a supported
// Accept names (the _format that caused the 415 is ignored), else XML, as the
// reference implementation renders errors.
func spineCoreFormat(r *http.Request) operationoutcome.Format {
	r2 := r.Clone(r.Context())
	q := r2.URL.Query()
	q.Del("_format")
	r2.URL.RawQuery = q.Encode()
	f, err := operationoutcome.Negotiate(r2, []operationoutcome.Format{operationoutcome.FormatXML, operationoutcome.FormatJSON})
	if err != nil {
		return operationoutcome.FormatXML
	}
	return f
}

// builtByFrontDoor reports whether an entry's body is built by a gateway in
// front of the service (which does not negotiate formats) rather than by the
// service itself.
func builtByFrontDoor(e *catalog.Entry) bool {
	if e.Dialect == nil {
		return false
	}
	switch e.Dialect.Name {
	case "ers-r4-gateway", "nrlf-apigee", "nrlf-apigateway", "spine-core-1-0":
		return true
	}
	switch e {
	case ers.ErrNoAccessAuthenticationMethod.Entry(), ers.ErrNoAccessIdentityNotVerified.Entry(),
		ers.ErrNoAccessNoASID.Entry(), ers.ErrNoAccessBusinessFunction.Entry(),
		ers.ErrNoAccessODSNotAllowed.Entry(), ers.ErrMissingODSHeader.Entry():
		return true
	}
	return false
}

// dialectFormats returns a dialect's formats, the default first; JSON when
// the dialect names none.
func dialectFormats(d *catalog.Dialect) []operationoutcome.Format {
	var out []operationoutcome.Format
	if d != nil {
		for _, f := range d.Formats {
			out = append(out, operationoutcome.Format(f))
		}
	}
	if len(out) == 0 {
		out = []operationoutcome.Format{operationoutcome.FormatJSON}
	}
	return out
}

// writePlain writes a non-FHIR body (none on HEAD).
func writePlain(w http.ResponseWriter, r *http.Request, status int, contentType, body string) {
	h := w.Header()
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead && body != "" {
		_, _ = w.Write([]byte(body))
	}
}

// isERSR4 reports whether an e-RS request is on an R4 path: the gateway
// tests the path against ".*/FHIR/R4/.*".
func isERSR4(r *http.Request) bool { return strings.Contains(r.URL.Path, "/FHIR/R4/") }

// setResponseHeaders sets the headers an API sends on every response:
// e-RS echoes X-Correlation-ID and sends its transaction id as X-Request-ID;
// NRLF echoes X-Request-Id and X-Correlation-Id. Header names are written in
// the spelling the API documents. A header already set is kept, so the
// middleware and the writer agree on one transaction id.
func setResponseHeaders(w http.ResponseWriter, r *http.Request, api string, txID func() string) {
	h := w.Header()
	switch api {
	case ERS:
		echo(h, r, "X-Correlation-ID")
		if !hasHeader(h, "X-Request-ID") && txID != nil {
			setExact(h, "X-Request-ID", sanitizeHeader(txID()))
		}
	case NRLF:
		echo(h, r, "X-Request-Id")
		echo(h, r, "X-Correlation-Id")
	}
}

// echo copies a request header to the response, sanitised, unless the
// response already has it.
func echo(h http.Header, r *http.Request, name string) {
	if hasHeader(h, name) {
		return
	}
	if v := sanitizeHeader(r.Header.Get(name)); v != "" {
		setExact(h, name, v)
	}
}

// setExact sets a header under exactly the given spelling (Go would
// canonicalise X-Request-ID to X-Request-Id). Header lookups stay
// case-insensitive for clients; only the bytes on the wire change.
func setExact(h http.Header, name, v string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[name] = []string{v}
}

// hasHeader reports whether h has name under any spelling.
func hasHeader(h http.Header, name string) bool {
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return true
		}
	}
	return false
}
