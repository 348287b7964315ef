package operationoutcome

import (
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Format is a FHIR wire format.
type Format string

// The two FHIR formats Spine-style APIs speak.
const (
	FormatJSON Format = "json"
	FormatXML  Format = "xml"
)

// ContentType returns the Content-Type a FHIR server sends for f, with the
// charset; "" for an unknown format.
func (f Format) ContentType() string {
	switch f {
	case FormatJSON:
		return "application/fhir+json; charset=utf-8"
	case FormatXML:
		return "application/fhir+xml; charset=utf-8"
	}
	return ""
}

// mediaTypes maps every MIME type accepted for FHIR (NRL's table, plus the
// text/xml the reference implementation also takes) to its format. The
// boolean marks the legacy DSTU2-era forms.
var mediaTypes = map[string]struct {
	f      Format
	legacy bool
}{
	"application/fhir+xml":  {FormatXML, false},
	"application/xml+fhir":  {FormatXML, true},
	"application/xml":       {FormatXML, false},
	"text/xml":              {FormatXML, false},
	"application/fhir+json": {FormatJSON, false},
	"application/json+fhir": {FormatJSON, true},
	"application/json":      {FormatJSON, false},
	"text/json":             {FormatJSON, false},
}

// ParseContentType splits a Content-Type (or one Accept or _format entry)
// into its lower-case media type and charset, and says which FHIR format it
// names ("" if none) and whether it is a legacy form (application/json+fhir
// or application/xml+fhir). Malformed parameters are tolerated: the media
// type before the first ';' still counts.
func ParseContentType(s string) (mediaType, charset string, format Format, legacy bool) {
	mt, charset, ok := plainContentType(s)
	if !ok {
		var params map[string]string
		var err error
		mt, params, err = mime.ParseMediaType(s)
		if err != nil {
			mt, _, _ = strings.Cut(s, ";")
			mt = strings.ToLower(strings.TrimSpace(mt))
		}
		charset = strings.ToLower(params["charset"])
	}
	if m, ok := mediaTypes[mt]; ok {
		format, legacy = m.f, m.legacy
	}
	return mt, charset, format, legacy
}

// plainContentType reads the forms nearly every response sends,
// "type/subtype" and "type/subtype; charset=value" in lower case, without
// allocating; ok is false for anything else, which mime.ParseMediaType
// reads.
func plainContentType(s string) (mediaType, charset string, ok bool) {
	mt, rest, _ := strings.Cut(s, ";")
	if !plainToken(mt, true) {
		return "", "", false
	}
	if rest == "" {
		return mt, "", true
	}
	cs, found := strings.CutPrefix(strings.TrimPrefix(rest, " "), "charset=")
	if !found || !plainToken(cs, false) {
		return "", "", false
	}
	return mt, cs, true
}

// plainToken reports whether s is non-empty lower-case letters, digits and
// - . + _, and (for a media type) exactly one / not at either end.
func plainToken(s string, mediaType bool) bool {
	slashes := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '.', c == '+', c == '_':
		case c == '/' && mediaType && i > 0 && i < len(s)-1:
			slashes++
		default:
			return false
		}
	}
	want := 0
	if mediaType {
		want = 1
	}
	return s != "" && slashes == want
}

// UnsupportedFormatError says that the client asked for a format the API does
// not produce. Param is "_format" or "Accept"; callers answer with the
// dialect's 415 or 406.
type UnsupportedFormatError struct {
	Param string
	Value string
}

// Error says which parameter asked for what.
func (e *UnsupportedFormatError) Error() string {
	return fmt.Sprintf("operationoutcome: unsupported %s %q", e.Param, e.Value)
}

// defaultAllowed is used when Negotiate is given no formats.
var defaultAllowed = []Format{FormatJSON, FormatXML}

// Negotiate picks the response format of r among allowed, whose first entry
// is the API's default. The _format query parameter wins over Accept, and
// may be a MIME type or the short forms "json" and "xml" (a '+' decoded as a
// space by a client that did not escape it is restored). With neither, or
// with an Accept of */* or application/*, the default is chosen. Otherwise the
// Accept entry with the highest q-value that names an allowed format wins,
// ties going to the earlier entry; q=0 excludes a format. A format that is
// recognised but not allowed is as unsupported as an unknown one: the error
// is then an *UnsupportedFormatError. An empty allowed means JSON then XML.
func Negotiate(r *http.Request, allowed []Format) (Format, error) {
	if len(allowed) == 0 {
		allowed = defaultAllowed
	}
	if r == nil {
		return allowed[0], nil
	}
	isAllowed := func(f Format) bool {
		for _, a := range allowed {
			if a == f {
				return true
			}
		}
		return false
	}
	if r.URL != nil && r.URL.RawQuery != "" {
		if vs, ok := r.URL.Query()["_format"]; ok && len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
			v := vs[0]
			f := formatParam(v)
			if f == "" || !isAllowed(f) {
				return "", &UnsupportedFormatError{Param: "_format", Value: v}
			}
			return f, nil
		}
	}
	accept := strings.Join(r.Header.Values("Accept"), ",")
	if strings.TrimSpace(accept) == "" {
		return allowed[0], nil
	}
	if !strings.ContainsAny(accept, ",;") {
		// One media range without parameters, as most clients send: the
		// answer of the list below, without the list.
		mt := strings.ToLower(strings.TrimSpace(accept))
		m, known := mediaTypes[mt]
		switch {
		case mt == "*/*" || mt == "application/*":
			return allowed[0], nil
		case known && isAllowed(m.f):
			return m.f, nil
		}
		return "", &UnsupportedFormatError{Param: "Accept", Value: accept}
	}
	type entry struct {
		f        Format // "" for a wildcard
		wildcard bool
		q        float64
	}
	var entries []entry
	excluded := map[Format]bool{}
	for _, part := range strings.Split(accept, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		mt, q, ok := parseAcceptEntry(part)
		if !ok {
			continue
		}
		var e entry
		switch mt {
		case "*/*", "application/*":
			e.wildcard = true
		default:
			m, known := mediaTypes[mt]
			if !known {
				continue
			}
			e.f = m.f
		}
		if q == 0 {
			if !e.wildcard {
				excluded[e.f] = true
			}
			continue
		}
		e.q = q
		entries = append(entries, e)
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].q > entries[j].q })
	for _, e := range entries {
		if e.wildcard {
			for _, f := range allowed {
				if !excluded[f] {
					return f, nil
				}
			}
			continue
		}
		if isAllowed(e.f) {
			return e.f, nil
		}
	}
	return "", &UnsupportedFormatError{Param: "Accept", Value: accept}
}

// formatParam reads a _format value: a short form or a MIME type.
func formatParam(v string) Format {
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "json":
		return FormatJSON
	case "xml":
		return FormatXML
	}
	// An unescaped '+' in a query string arrives as a space.
	mt, params, hasParams := strings.Cut(v, ";")
	mt = strings.ReplaceAll(strings.TrimSpace(mt), " ", "+")
	if hasParams {
		mt += ";" + params
	}
	_, _, f, _ := ParseContentType(mt)
	return f
}

// parseAcceptEntry returns the lower-case media range of one Accept entry
// and its q-value; ok is false for an entry that cannot be read.
func parseAcceptEntry(s string) (mt string, q float64, ok bool) {
	q = 1
	parts := strings.Split(s, ";")
	mt = strings.ToLower(strings.TrimSpace(parts[0]))
	if mt == "" || !strings.Contains(mt, "/") {
		return "", 0, false
	}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				return "", 0, false
			}
			q = f
		}
	}
	return mt, q, true
}

// Write sends o as the response: Content-Type for f with charset, Content-Length,
// the status, and the body in format f (none for HEAD). It encodes o before
// writing anything, so when o cannot be encoded (see [OperationOutcome.Encodable])
// or f is unknown, it returns the error and the caller can still send a 500.
func Write(w http.ResponseWriter, r *http.Request, status int, o *OperationOutcome, f Format) error {
	var body []byte
	var err error
	switch f {
	case FormatJSON:
		body, err = o.MarshalJSON()
	case FormatXML:
		body, err = o.MarshalFHIRXML()
	default:
		return fmt.Errorf("operationoutcome: unknown format %q", f)
	}
	if err != nil {
		return err
	}
	return WriteBody(w, r, status, body, f)
}

// WriteBody sends body, an OperationOutcome already encoded in format f, as
// Write sends one: for a server that encodes on a faster path of its own.
func WriteBody(w http.ResponseWriter, r *http.Request, status int, body []byte, f Format) error {
	if f != FormatJSON && f != FormatXML {
		return fmt.Errorf("operationoutcome: unknown format %q", f)
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r != nil && r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}
