package server

import (
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/spinecat/spinecat/catalog"
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

// WriteError writes err as the response to r, the way the API of err's
// catalogue entry (catalog.APIOf) documents:
//
//   - the status is catalog.HTTPStatus(err); an error that is not a catalogue
//     error is answered with the InternalError of the API given with WithAPI
//     (its text is never sent), or a plain-text 500 when none is given;
//   - entries documented without an OperationOutcome are written as documented
//     (an empty body, or their text or HTML with their Content-Type);
//   - otherwise the OperationOutcome is built with the dialect's id and
//     meta.lastUpdated policy, from the configured clock and id source, and
//     sent as JSON or XML by operationoutcome.Negotiate over the dialect's
//     formats (_format wins over Accept unless the API ignores it; the first
//     format is the default), JSON with the dialect's media type when it
//     names one other than application/fhir+json;
//   - a format the dialect does not produce is answered with the API's
//     Negotiation.Unsupported for the request's surface; bodies the API's
//     gateway builds, and APIs that document no such answer, are written in
//     the default format whatever was asked;
//   - the API's response headers are set, in the spelling it documents
//     (correlation headers echoed, a transaction id, Retry-After or
//     WWW-Authenticate with the entries that carry them);
//   - a HEAD request gets the headers and no body;
//   - every diagnostics parameter value is passed through Sanitize (with the
//     configured length), and any occurrence of the request's Authorization
//     credentials, however short, is replaced by "[redacted]"
//     (RequestSanitizer); so is one in a header echoed back.
func (wr *Writer) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	wr.write(w, r, err, false)
}

// write is WriteError; frontDoor says the error is the answer of a front
// door's request rule, which does not turn into the API's answer to an
// unsupported format.
func (wr *Writer) write(w http.ResponseWriter, r *http.Request, err error, frontDoor bool) {
	r = usableRequest(r)
	ce, ok := catalog.FromError(err)
	if !ok || ce.Entry() == nil {
		ce = wr.internalError(r)
		if ce == nil {
			noteEntry(w, r, nil)
			writePlain(w, r, http.StatusInternalServerError, "text/plain; charset=utf-8", "Internal Server Error")
			return
		}
	}
	status := ce.HTTPStatus()
	e := ce.Entry()
	api := catalog.APIOf(e)
	ce = wr.clean(r, ce)
	setResponseHeaders(w, r, api, wr.c.transactionID)
	setEntryHeaders(w, r, api, e, wr.c)

	switch e.Body {
	case catalog.BodyNone:
		noteEntry(w, r, e)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(status)
		return
	case catalog.BodyText, catalog.BodyHTML:
		noteEntry(w, r, e)
		writePlain(w, r, status, e.ContentType, e.BodyText)
		return
	}

	formats := dialectFormats(e.Dialect)
	f, nerr := operationoutcome.Negotiate(formatRequest(r, api), formats)
	gateway := api != nil && api.BuiltByGateway(e)
	if nerr != nil {
		f = formats[0]
		if u := unsupported(api, r); u != nil && u.Entry() != e && !frontDoor && !gateway {
			wr.write(w, r, u, true)
			return
		}
	}
	if gateway && api.Gateway.FormatFromAccept {
		f = acceptFormat(r, formats)
	}
	if f == operationoutcome.FormatJSON && e.Dialect != nil && e.Dialect.MediaType != "" {
		w = mediaTypeWriter{w, e.Dialect.MediaType}
	}
	if f == operationoutcome.FormatJSON && e.Severity != "" && e.IssueType != "" {
		// The catalogue's emit path: the bytes of the OperationOutcome's
		// JSON without building it, into a buffer used again. An outcome
		// built from an entry has no extensions or text, so a severity and
		// an issue type are all OperationOutcome.Encodable asks of it; without
		// them the path below answers 500.
		noteEntry(w, r, e)
		bp := bodies.Get().(*[]byte)
		body := ce.AppendJSON((*bp)[:0], wr.c.stampOptions()...)
		_ = operationoutcome.WriteBody(w, r, status, body, f)
		if cap(body) <= maxPooledBody {
			*bp = body[:0]
			bodies.Put(bp)
		}
		return
	}
	oo := ce.OperationOutcome(wr.c.stampOptions()...)
	if oo == nil {
		noteEntry(w, r, nil)
		writePlain(w, r, http.StatusInternalServerError, "text/plain; charset=utf-8", "Internal Server Error")
		return
	}
	noteEntry(w, r, e)
	if werr := operationoutcome.Write(w, r, status, oo, f); werr != nil {
		// The entry could not be encoded (a catalogue bug): nothing has been
		// written yet, so a plain 500 still goes out.
		writePlain(w, r, http.StatusInternalServerError, "text/plain; charset=utf-8", "Internal Server Error")
	}
}

// bodies holds the buffers JSON bodies are encoded into; one larger than
// maxPooledBody (a diagnostics text of some length) is left to the
// collector.
var bodies = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

const maxPooledBody = 16 << 10

// usableRequest returns r, or a GET of / in its place when r or its URL is
// nil, so that every answer can be worked out.
func usableRequest(r *http.Request) *http.Request {
	if r == nil {
		return &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}, Header: http.Header{}}
	}
	if r.URL == nil {
		r2 := *r
		r2.URL = &url.URL{Path: "/"}
		return &r2
	}
	return r
}

// clean rebuilds a constructed error with sanitised parameter values, so that
// request input cannot forge a response, and with the caller's credentials
// taken out: values from the request arrive one by one, but a parameter
// may join several, and a handler may put in what it likes.
func (wr *Writer) clean(r *http.Request, ce *catalog.Error) *catalog.Error {
	if parts := ce.Parts(); len(parts) > 1 {
		for i, p := range parts {
			parts[i] = wr.clean(r, p)
		}
		return catalog.Join(parts...)
	}
	e := ce.Entry()
	if len(e.Params) == 0 || ce.Received() != nil {
		return ce
	}
	cs := credentialsOf(r)
	var vals []string // made when a value changes: most are clean already
	for i, p := range e.Params {
		v := ce.Param(p.Name)
		c := cleanValue(v, &cs, wr.c.maxRunes)
		if c != v && vals == nil {
			vals = make([]string, len(e.Params))
			for j := range i {
				vals[j] = ce.Param(e.Params[j].Name)
			}
		}
		if vals != nil {
			vals[i] = c
		}
	}
	if vals == nil {
		return ce
	}
	return catalog.New(e, vals...)
}

// internalError returns the configured API's InternalError for the request's
// surface, for an error that is not a catalogue error; nil without one.
func (wr *Writer) internalError(r *http.Request) *catalog.Error {
	if wr.c.api == nil {
		return nil
	}
	return answer(wr.c.api, wr.c.api.InternalError, r)
}

// unsupported returns the API's answer to a format it does not produce on
// the request's surface, or nil when it answers in its default format
// regardless.
func unsupported(api *catalog.API, r *http.Request) *catalog.Error {
	if api == nil {
		return nil
	}
	return answer(api, api.Negotiation.Unsupported, r)
}

// formatRequest returns r as the API negotiates it: without _format when
// the API reads Accept only.
func formatRequest(r *http.Request, api *catalog.API) *http.Request {
	if api == nil || !api.Negotiation.IgnoreFormatParameter {
		return r
	}
	return withoutFormatParameter(r)
}

func withoutFormatParameter(r *http.Request) *http.Request {
	if r.URL == nil || r.URL.RawQuery == "" || !r.URL.Query().Has("_format") {
		return r
	}
	r2 := r.Clone(r.Context())
	q := r2.URL.Query()
	q.Del("_format")
	r2.URL.RawQuery = q.Encode()
	return r2
}

// acceptFormat is the format a supported Accept names, the _format that may
// have caused an error being ignored, else the default: how the Spine core
// writes its 415.
func acceptFormat(r *http.Request, formats []operationoutcome.Format) operationoutcome.Format {
	f, err := operationoutcome.Negotiate(withoutFormatParameter(r), formats)
	if err != nil {
		return formats[0]
	}
	return f
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

// mediaTypeWriter sends its media type as the Content-Type, for a dialect
// whose services answer JSON with another than the FHIR one (the PDS
// proxy's application/json).
type mediaTypeWriter struct {
	http.ResponseWriter
	mediaType string
}

// Unwrap gives the request log the writer it records the entry on.
func (w mediaTypeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w mediaTypeWriter) WriteHeader(status int) {
	w.Header().Set("Content-Type", w.mediaType)
	w.ResponseWriter.WriteHeader(status)
}
