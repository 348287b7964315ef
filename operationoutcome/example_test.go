package operationoutcome_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/spinecat/spinecat/operationoutcome"
)

func ExampleOperationOutcome_AppendJSON() {
	o := &operationoutcome.OperationOutcome{
		Issue: []operationoutcome.Issue{{
			Severity: operationoutcome.SeverityError,
			Code:     operationoutcome.IssueNotFound,
			Details: &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{
				System:  "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1",
				Code:    "NO_RECORD_FOUND",
				Display: "No record found",
			}}},
		}},
	}
	fmt.Println(string(o.AppendJSON(nil)))
	// Output:
	// {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]}}]}
}

func ExampleOperationOutcome_MarshalJSON_zeroSeverity() {
	o := &operationoutcome.OperationOutcome{Issue: []operationoutcome.Issue{{Code: operationoutcome.IssueInvalid}}}
	_, err := o.MarshalJSON()
	fmt.Println(err)
	// Output:
	// operationoutcome: OperationOutcome.issue[0].severity: zero severity
}

func ExampleOperationOutcome_AppendXML() {
	o := &operationoutcome.OperationOutcome{
		Issue: []operationoutcome.Issue{{
			Severity:    operationoutcome.SeverityError,
			Code:        operationoutcome.IssueInvalid,
			Diagnostics: `Invalid "_format" <value>`,
		}},
	}
	fmt.Println(string(o.AppendXML(nil)))
	// Output:
	// <OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="invalid"/><diagnostics value="Invalid &quot;_format&quot; &lt;value&gt;"/></issue></OperationOutcome>
}

func ExampleDecode() {
	body := `<OperationOutcome xmlns="http://hl7.org/fhir">
  <issue>
    <severity value="error" />
    <code value="invalid" />
    <diagnostics value="Invalid parameter: _id" />
  </issue>
</OperationOutcome>`
	o, err := operationoutcome.Decode([]byte(body), operationoutcome.DecodeOptions{Strict: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Issue[0].Severity, o.Issue[0].Code, o.Issue[0].Diagnostics)
	// Output:
	// error invalid Invalid parameter: _id
}

func ExampleDecodeJSON_strict() {
	body := `{
  "resourceType": "OperationOutcome",
  "issue": [{
    "severity": "error",
    "code": "invalid",
    "details": {"coding": [{"sytem": "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1"}]},
    "diagnostics": 42
  }]
}`
	_, err := operationoutcome.DecodeJSON([]byte(body), operationoutcome.DecodeOptions{Strict: true})
	for _, e := range operationoutcome.AllDecodeErrors(err) {
		fmt.Println(e)
	}
	// Output:
	// 6:29: OperationOutcome.issue[0].details.coding[0].sytem: unknown element
	// 7:20: OperationOutcome.issue[0].diagnostics: expected string, got number
}

func ExampleNegotiate() {
	// NRL answers XML unless the client asks for JSON; _format wins over Accept.
	nrl := []operationoutcome.Format{operationoutcome.FormatXML, operationoutcome.FormatJSON}
	for _, target := range []string{"/DocumentReference", "/DocumentReference?_format=json", "/DocumentReference?_format=text/html"} {
		r := httptest.NewRequest("GET", target, nil)
		r.Header.Set("Accept", "application/fhir+xml")
		f, err := operationoutcome.Negotiate(r, nrl)
		var ue *operationoutcome.UnsupportedFormatError
		if errors.As(err, &ue) {
			fmt.Println("415 for", ue.Param, ue.Value)
			continue
		}
		fmt.Println(f.ContentType())
	}
	// Output:
	// application/fhir+xml; charset=utf-8
	// application/fhir+json; charset=utf-8
	// 415 for _format text/html
}

func ExampleWrite() {
	o := &operationoutcome.OperationOutcome{Issue: []operationoutcome.Issue{{
		Severity: operationoutcome.SeverityError, Code: operationoutcome.IssueNotFound,
	}}}
	rec := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/DocumentReference/1", nil)
	if err := operationoutcome.Write(rec, r, http.StatusNotFound, o, operationoutcome.FormatJSON); err != nil {
		fmt.Println(err)
	}
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body.String())
	// Output:
	// 404 application/fhir+json; charset=utf-8
	// {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}
}

func ExampleRead() {
	resp := &http.Response{
		StatusCode: http.StatusInternalServerError,
		Header:     http.Header{"Content-Type": {"text/html"}},
		Body:       io.NopCloser(strings.NewReader("<html><body>500: Internal Server Error</body></html>")),
	}
	defer resp.Body.Close()
	got, err := operationoutcome.Read(resp, operationoutcome.ReadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Status, got.Format == "", got.Outcome == nil)
	fmt.Println(got.DecodeErr)
	// Output:
	// 500 true true
	// 1:1: OperationOutcome: root element is html, want OperationOutcome in namespace "http://hl7.org/fhir"
}

func ExampleParseContentType() {
	mt, charset, f, legacy := operationoutcome.ParseContentType("application/json+fhir; charset=UTF-8")
	fmt.Println(mt, charset, f, legacy)
	// Output:
	// application/json+fhir utf-8 json true
}
