package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"

	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/validate"
)

// notAnError says why a checked capture is not an error response and is
// to be skipped, or returns "": a 1xx, 2xx or 3xx response whose body is
// not an OperationOutcome, and that no catalogue entry documents. Browser
// exports hold many (preflights, search Bundles, scripts, images), and
// failing them would fail every real HAR file. A success response that is
// an OperationOutcome (NRL's 201 RESOURCE_CREATED) is checked.
func notAnError(c capture.Capture, rep *validate.Report) string {
	if c.Status < 100 || c.Status >= 400 || rep.Outcome != nil || rep.BodyEntry != nil || declaredResource(c.Body) == "OperationOutcome" {
		return ""
	}
	what := fmt.Sprintf("a %d response", c.Status)
	switch ct := c.Header.Get("Content-Type"); {
	case ct != "":
		what += " (" + ct + ")"
	case len(bytes.TrimSpace(c.Body)) == 0:
		what += " without a body"
	}
	if r := c.Request; r != nil && r.Method != "" {
		what += " to " + r.Method
		if r.URL != "" {
			what += " " + clipText(r.URL, 120)
		}
	}
	return what + " that is not an OperationOutcome: not an error response, so there is nothing to check"
}

// declaredResource is the resource type a body declares: the resourceType
// of a JSON body, the root element of an XML one; "" when it declares none
// (HTML, a script, an image, an empty body). A JSON body that does not parse
// is searched for its first "resourceType", so that a broken
// OperationOutcome is still checked rather than skipped.
func declaredResource(body []byte) string {
	b := bytes.TrimLeft(body, " \t\r\n\ufeff")
	switch {
	case len(b) == 0:
		return ""
	case b[0] == '{':
		var doc struct {
			ResourceType string `json:"resourceType"`
		}
		if json.Unmarshal(b, &doc) == nil {
			return doc.ResourceType
		}
		return firstResourceType(b)
	case b[0] == '<':
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			tok, err := dec.RawToken()
			if err != nil {
				return ""
			}
			if se, ok := tok.(xml.StartElement); ok {
				return se.Name.Local
			}
		}
	}
	return ""
}

// firstResourceType finds `"resourceType" : "Name"` in a JSON text that
// does not parse.
func firstResourceType(b []byte) string {
	const key = `"resourceType"`
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(b[i+len(key):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '"' {
		return ""
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 {
		return ""
	}
	return string(rest[1 : 1+end])
}

// clipText shortens s to n bytes or so, at a character boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
