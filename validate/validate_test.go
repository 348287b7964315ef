package validate

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Authored bodies. Each case below starts from one of these and edits it
// (sub), so that the one departure a case is about is plain to see.
const (
	nrlProfile = "https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"
	nrlSystem  = "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1"

	// NRL (STU3) 404: a DocumentReference read by an id it does not hold.
	nrlNotFoundJSON = `{
  "resourceType": "OperationOutcome",
  "id": "2f1c7a3e-9b4d-4c61-8e2a-6d5f0b1c9a77-01234567890123456789",
  "meta": {"profile": ["` + nrlProfile + `"]},
  "issue": [{
    "severity": "error",
    "code": "not-found",
    "details": {"coding": [{"system": "` + nrlSystem + `", "code": "NO_RECORD_FOUND", "display": "No record found"}]},
    "diagnostics": "No record found for supplied DocumentReference identifier - abc"
  }]
}`
	nrlNotFoundXML = `<?xml version="1.0" encoding="UTF-8"?>
<OperationOutcome xmlns="http://hl7.org/fhir">
  <id value="2f1c7a3e-9b4d-4c61-8e2a-6d5f0b1c9a77-01234567890123456789"/>
  <meta><profile value="` + nrlProfile + `"/></meta>
  <issue>
    <severity value="error"/>
    <code value="not-found"/>
    <details><coding><system value="` + nrlSystem + `"/><code value="NO_RECORD_FOUND"/><display value="No record found"/></coding></details>
    <diagnostics value="No record found for supplied DocumentReference identifier - abc"/>
  </issue>
</OperationOutcome>`

	// An R4 Spine error of an API the catalogue does not cover (written from
	// PDS FHIR's documented 400): the /R4/ URL with coding.version "1", no
	// id, no meta.
	r4SpineURL          = "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode"
	r4SpineInvalidValue = `{
  "resourceType": "OperationOutcome",
  "issue": [{
    "severity": "error", "code": "value",
    "details": {"coding": [{"system": "` + r4SpineURL + `", "version": "1", "code": "INVALID_VALUE", "display": "Provided value is invalid"}]},
    "diagnostics": "Invalid value - 'mal' in field 'gender'"
  }]
}`
	// A 403 (STU3) with a profile no catalogued dialect has and the
	// underscore spelling of ACCESS DENIED that the STU3 Spine system does
	// not define.
	foreignAccessDenied = `{
  "resourceType": "OperationOutcome",
  "meta": {"profile": ["https://example.org/StructureDefinition/Foreign-OperationOutcome-1"]},
  "issue": [{
    "severity": "error", "code": "forbidden",
    "details": {"coding": [{"system": "` + nrlSystem + `", "code": "ACCESS_DENIED", "display": "Access denied"}]},
    "diagnostics": "The requesting organisation does not have access to this record"
  }]
}`

	// NRLF (R4, v3): no id, no meta, a ValueSet URL as the system.
	nrlfNotFound = `{
  "resourceType": "OperationOutcome",
  "issue": [{
    "severity": "error",
    "code": "not-found",
    "details": {"coding": [{"system": "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1", "code": "NO_RECORD_FOUND", "display": "No record found"}]},
    "diagnostics": "The requested DocumentReference could not be found"
  }]
}`
	// NRLF 400 with two issues, each with expression (pydantic errors).
	nrlfTwoParams = `{
  "resourceType": "OperationOutcome",
  "issue": [
    {"severity": "error", "code": "invalid",
     "details": {"coding": [{"system": "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1", "code": "INVALID_PARAMETER", "display": "Invalid parameter"}]},
     "diagnostics": "Invalid query parameter (subject:identifier: Field required)",
     "expression": ["subject:identifier"]},
    {"severity": "error", "code": "invalid",
     "details": {"coding": [{"system": "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1", "code": "INVALID_PARAMETER", "display": "Invalid parameter"}]},
     "diagnostics": "Invalid query parameter (type: Input should be a valid string)",
     "expression": ["type"]}
  ]
}`

	// EPS (R4): two validation issues without a coding, each identified by
	// its diagnostics and expression, the status chosen by the dialect's
	// rule for several issues (400 unless every issue is forbidden or
	// informational).
	epsTwoIssues = `{
  "resourceType": "OperationOutcome",
  "meta": {"lastUpdated": "2026-02-03T10:11:12.000Z"},
  "issue": [
    {"severity": "error", "code": "value",
     "diagnostics": "Expected MedicationRequest to have a value for statusReason.",
     "expression": ["Bundle.entry.resource.ofType(MedicationRequest).statusReason"]},
    {"severity": "fatal", "code": "forbidden",
     "diagnostics": "Your app does not have permission to access prescribing functionality."}
  ]
}`

	// e-RS R4 behind the API gateway: profile is a web page, lastUpdated, no display.
	ersGateway429 = `{"resourceType": "OperationOutcome",
 "meta": {"lastUpdated": "2026-03-01T10:00:00.420Z", "profile": ["https://www.hl7.org/fhir/R4/operationoutcome.html"]},
 "issue": [{"severity": "error", "code": "throttled",
   "details": {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode", "code": "TOO_MANY_REQUESTS"}]}}]}`

	// e-RS R4 from the backend: lastUpdated, no profile, no display.
	ersBackend404 = `{"resourceType": "OperationOutcome",
 "meta": {"lastUpdated": "2026-03-01T10:00:00.42Z"},
 "issue": [{"severity": "error", "code": "not-found",
   "details": {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/http-error-codes", "code": "REC_NOT_FOUND"}]},
   "diagnostics": "No HealthcareService with id 1234"}]}`
	ersBackend403 = `{"resourceType": "OperationOutcome",
 "meta": {"lastUpdated": "2026-03-01T10:00:00.42Z"},
 "issue": [{"severity": "error", "code": "forbidden",
   "details": {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/ers-error-codes", "code": "NO_RELATIONSHIP"}]},
   "diagnostics": "No Legitimate Relationship for Binary with ID c5d2e0b4-1f7a-4a1e-9c3d-2b8f6e4a7d90."}]}`

	// e-RS STU3 (eRS-OperationOutcome-1): profile, display, no lastUpdated.
	ersSTU3Forbidden = `{"meta": {"profile": ["https://fhir.nhs.uk/STU3/StructureDefinition/eRS-OperationOutcome-1"]},
 "resourceType": "OperationOutcome",
 "issue": [{"severity": "error", "code": "forbidden",
   "details": {"coding": [{"system": "https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1", "code": "FORBIDDEN", "display": "Forbidden"}]},
   "diagnostics": "The user does not hold the business function SERVICE_PROVIDER_CLINICIAN"}]}`
)

// sub returns s with old replaced by new, and panics if old is absent so
// that an edit that no longer applies fails loudly.
func sub(s string, oldNew ...string) string {
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			panic(fmt.Sprintf("sub: %q not in body", oldNew[i]))
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return s
}

const (
	ctJSON = "application/fhir+json; charset=utf-8"
	ctXML  = "application/fhir+xml; charset=utf-8"
	iss0   = "OperationOutcome.issue[0]"
	cod0   = "OperationOutcome.issue[0].details.coding[0]"
)

// fk is the part of a finding a case pins down exactly.
type fk struct {
	Rule     string
	Severity Severity
	Location string
}

func (f fk) String() string { return fmt.Sprintf("%s %s @ %s", f.Severity, f.Rule, f.Location) }

type want struct {
	Conformant bool
	API        string
	Dialect    string
	Issues     []Identification
	BodyEntry  string
}

type tableCase struct {
	name     string
	status   int
	ct       string // Content-Type; "-" for a bare body (nil header), "" for an empty header
	body     string
	api      string
	opts     Options
	want     want
	findings []fk
	messages map[string]string // rule -> substring of its message
}

func info(rule, loc string) fk { return fk{rule, Information, loc} }
func warn(rule, loc string) fk { return fk{rule, Warning, loc} }
func fail(rule, loc string) fk { return fk{rule, Error, loc} }

func nrlNotFound(variants ...string) []Identification {
	return []Identification{{System: nrlSystem, Code: "NO_RECORD_FOUND", Entry: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", Params: map[string]string{"id": "abc"}, Variants: variants}}
}

var epsTwoIssuesIdentified = []Identification{
	{Entry: "eps.MEDICATION_REQUEST_MISSING_VALUE", Params: map[string]string{"field": "statusReason"}},
	{Entry: "eps.MISSING_SCOPE", Params: map[string]string{"feature": "prescribing"}},
}

var nrlOK = want{Conformant: true, API: "nrl", Dialect: "nrl-stu3", Issues: nrlNotFound()}

func nrlBad(issues ...Identification) want {
	if issues == nil {
		issues = nrlNotFound()
	}
	return want{Conformant: false, API: "nrl", Dialect: "nrl-stu3", Issues: issues}
}

func tableCases() []tableCase {
	nrlfIssue := Identification{System: "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1", Code: "NO_RECORD_FOUND", Entry: "nrlf.NO_RECORD_FOUND"}
	ersGatewayIssue := Identification{System: "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode", Code: "TOO_MANY_REQUESTS", Entry: "ers.R4_TOO_MANY_REQUESTS"}
	ers404Issue := Identification{System: "https://fhir.nhs.uk/CodeSystem/http-error-codes", Code: "REC_NOT_FOUND", Entry: "ers.R4_REC_NOT_FOUND", Params: map[string]string{"message": "No HealthcareService with id 1234"}}
	ersSTU3Issue := Identification{System: "https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1", Code: "FORBIDDEN", Entry: "ers.FORBIDDEN", Params: map[string]string{"message": "The user does not hold the business function SERVICE_PROVIDER_CLINICIAN"}}
	webPage := info(RuleDialectProfileWebPage, "OperationOutcome.meta.profile")

	return []tableCase{
		// ---------------------------------------------------------------- NRL (STU3)
		{name: "nrl/json conformant", status: 404, ct: ctJSON, body: nrlNotFoundJSON, want: nrlOK},
		{name: "nrl/xml conformant", status: 404, ct: ctXML, body: nrlNotFoundXML, want: nrlOK},
		{name: "nrl/json api given", status: 404, ct: ctJSON, body: nrlNotFoundJSON, api: "nrl", want: nrlOK},
		{name: "nrl/documented variant: trailing full stop", status: 404, ct: ctJSON,
			body:     sub(nrlNotFoundJSON, "identifier - abc", "identifier - abc."),
			want:     want{Conformant: true, API: "nrl", Dialect: "nrl-stu3", Issues: nrlNotFound("trailing-full-stop")},
			findings: []fk{info(RuleCatalogVariant, iss0)}, messages: map[string]string{RuleCatalogVariant: `"trailing-full-stop"`}},
		{name: "nrl/xml wrong display", status: 404, ct: ctXML,
			body: sub(nrlNotFoundXML, `<display value="No record found"/>`, `<display value="Record not found"/>`),
			want: nrlBad(), findings: []fk{fail(RuleCatalogDisplay, cod0+".display")}, messages: map[string]string{RuleCatalogDisplay: `"Record not found"`}},
		{name: "nrl/wrong status", status: 400, ct: ctJSON, body: nrlNotFoundJSON,
			want: nrlBad(), findings: []fk{fail(RuleCatalogStatus, "HTTP status")}, messages: map[string]string{RuleCatalogStatus: "HTTP status 400"}},
		{name: "nrl/wrong severity", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `"severity": "error"`, `"severity": "fatal"`),
			want: nrlBad(), findings: []fk{fail(RuleCatalogSeverity, iss0+".severity")}},
		{name: "nrl/wrong issue type", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `"code": "not-found"`, `"code": "processing"`),
			want: nrlBad(), findings: []fk{fail(RuleCatalogIssueType, iss0+".code")}},
		{name: "nrl/diagnostics not the template", status: 404, ct: ctJSON,
			body: sub(nrlNotFoundJSON, "No record found for supplied DocumentReference identifier - abc", "Pointer abc is gone"),
			want: nrlBad(Identification{System: nrlSystem, Code: "NO_RECORD_FOUND", Entry: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE"}), findings: []fk{fail(RuleCatalogDiagnostics, iss0+".diagnostics")}},
		{name: "nrl/no profile", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `"meta": {"profile": ["`+nrlProfile+`"]},`, ""),
			want: nrlBad(), findings: []fk{fail(RuleDialectProfile, "OperationOutcome.meta.profile")}},
		{name: "nrl/id not uuid and 20 digits", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, "-01234567890123456789", ""),
			want: nrlBad(), findings: []fk{fail(RuleDialectID, "OperationOutcome.id")}},
		{name: "nrl/lastUpdated sent", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `"meta": {`, `"meta": {"lastUpdated": "2026-01-02T03:04:05Z", `),
			want: nrlOK, findings: []fk{warn(RuleDialectLastUpdated, "OperationOutcome.meta.lastUpdated")}},
		{name: "nrl/no display", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `, "display": "No record found"`, ""),
			want: nrlBad(), findings: []fk{fail(RuleDialectDisplay, cod0+".display")}},
		{name: "nrl/expression, which STU3 has and the profile prohibits", status: 404, ct: ctJSON,
			body: sub(nrlNotFoundJSON, `"diagnostics":`, `"expression": ["DocumentReference.id"], "diagnostics":`),
			want: nrlBad(), findings: []fk{fail(RuleDialectExpression, iss0+".expression")}},
		{name: "nrl/coding version", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `"code": "NO_RECORD_FOUND"`, `"version": "1.7.0", "code": "NO_RECORD_FOUND"`),
			want: nrlBad(), findings: []fk{fail(RuleDialectCodingVersion, cod0+".version")}},
		{name: "nrl/two issues", status: 404, ct: ctJSON,
			body:     sub(nrlNotFoundJSON, `"issue": [{`, `"issue": [{"severity": "information", "code": "informational", "diagnostics": "request id 42"}, {`),
			want:     want{Conformant: false, API: "nrl", Dialect: "nrl-stu3", Issues: []Identification{{}, {System: nrlSystem, Code: "NO_RECORD_FOUND", Entry: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", Params: map[string]string{"id": "abc"}}}},
			findings: []fk{fail(RuleDialectMaxIssues, "OperationOutcome.issue")}},
		{name: "nrl/ValueSet URL where the CodeSystem belongs", status: 404, ct: ctJSON,
			body: sub(nrlNotFoundJSON, nrlSystem, "https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1"),
			// Not identified: no entry documents the code under this URL.
			want:     nrlBad(Identification{System: "https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1", Code: "NO_RECORD_FOUND"}),
			findings: []fk{fail(RuleDialectSystem, cod0+".system"), warn(RuleCatalogUndocumented, cod0+".code")},
			messages: map[string]string{RuleDialectSystem: "is a ValueSet URL where a CodeSystem URL belongs", RuleCatalogUndocumented: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE documents it under " + nrlSystem}},
		{name: "nrl/code not in the code system", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `"NO_RECORD_FOUND"`, `"NO_RECORD_FOUNDS"`),
			want: nrlBad(Identification{System: nrlSystem, Code: "NO_RECORD_FOUNDS"}), findings: []fk{fail(RuleCatalogUnknownCode, cod0+".code")}},
		{name: "nrl/code defined but undocumented", status: 400, ct: ctJSON, api: "nrl",
			body:     sub(nrlNotFoundJSON, `"NO_RECORD_FOUND", "display": "No record found"`, `"CONFLICTING_VALUES", "display": "Conflicting values"`),
			want:     want{Conformant: true, API: "nrl", Dialect: "nrl-stu3", Issues: []Identification{{System: nrlSystem, Code: "CONFLICTING_VALUES"}}},
			findings: []fk{warn(RuleCatalogUndocumented, cod0+".code")}},
		{name: "nrl/error issue without coding", status: 400, ct: ctJSON,
			body:     sub(nrlNotFoundJSON, `"details": {"coding": [{"system": "`+nrlSystem+`", "code": "NO_RECORD_FOUND", "display": "No record found"}]},`, ""),
			want:     want{Conformant: false, API: "nrl", Dialect: "nrl-stu3", Issues: []Identification{{}}},
			findings: []fk{fail(RuleDialectDetails, iss0+".details")}},
		{name: "nrl/status not stated by the sources", status: 403, ct: ctJSON,
			body: sub(nrlNotFoundJSON, `"code": "not-found"`, `"code": "forbidden"`, `"NO_RECORD_FOUND", "display": "No record found"`, `"ACCESS DENIED", "display": "Access has been denied to process this request"`,
				`"diagnostics": "No record found for supplied DocumentReference identifier - abc"`, `"diagnostics": "ASID 200000000115 may not search"`),
			want:     want{Conformant: true, API: "nrl", Dialect: "nrl-stu3", Issues: []Identification{{System: nrlSystem, Code: "ACCESS DENIED", Entry: "nrl.ACCESS_DENIED"}}},
			findings: []fk{info(RuleCatalogStatusNotStated, "HTTP status")}},
		{name: "nrl/html 500 is documented", status: 500, ct: "text/html",
			body: "<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>",
			want: want{Conformant: true, API: "nrl", Dialect: "nrl-stu3", BodyEntry: "nrl.INTERNAL_ERROR"}, findings: []fk{info(RuleDocumentedBody, "body 1:1")}},
		{name: "nrl/html 404 is not", status: 404, ct: "text/html", api: "nrl",
			body: "<!DOCTYPE html><html><head><title>Not Found</title></head><body><h1>Not Found</h1></body></html>",
			want: want{API: "nrl"}, findings: []fk{fail(RuleNotFHIR, "body 1:1")}, messages: map[string]string{RuleNotFHIR: "proxy"}},
		{name: "nrl/empty 404", status: 404, ct: "", api: "nrl", body: "",
			want: want{API: "nrl"}, findings: []fk{fail(RuleBodyMissing, "body 1:1")}},
		{name: "nrl/xml unknown element", status: 404, ct: ctXML, body: sub(nrlNotFoundXML, `<severity value="error"/>`, `<severity value="error"/><priority value="1"/>`),
			want: nrlBad(), findings: []fk{fail(RuleFHIRUnknownElement, iss0+".priority")}},
		{name: "nrl/xml repeated element", status: 404, ct: ctXML, body: sub(nrlNotFoundXML, `<meta>`, `<meta><lastUpdated value="2026-01-01T00:00:00Z"/><lastUpdated value="2026-01-01T00:00:00Z"/>`),
			want: nrlBad(), findings: []fk{fail(RuleFHIRElement, "OperationOutcome.meta.lastUpdated")}}, // not also dialect.last-updated: one fault, one finding
		{name: "nrl/xml severity outside the value set", status: 404, ct: ctXML, body: sub(nrlNotFoundXML, `<severity value="error"/>`, `<severity value="critical"/>`),
			want: nrlBad(), findings: []fk{fail(RuleFHIRCode, iss0+".severity")}},
		{name: "nrl/xml not well-formed", status: 404, ct: ctXML, body: sub(nrlNotFoundXML, "</details>", "</detail>"),
			want: want{}, findings: []fk{fail("syntax.xml", "body 8:176")}},

		// ---------------------------------------------------------------- transport
		{name: "transport/legacy json+fhir", status: 404, ct: "application/json+fhir", body: nrlNotFoundJSON,
			want: nrlOK, findings: []fk{warn(RuleContentTypeLegacy, "Content-Type")}},
		{name: "transport/generic application/json", status: 404, ct: "application/json", body: nrlNotFoundJSON,
			want: nrlOK, findings: []fk{info(RuleContentTypeGeneric, "Content-Type")}},
		{name: "transport/content type says json, body is xml", status: 404, ct: ctJSON, body: nrlNotFoundXML,
			want: nrlBad(), findings: []fk{fail(RuleContentType, "Content-Type")}, messages: map[string]string{RuleContentType: "says JSON but the body is XML"}},
		{name: "transport/text/plain content type on json", status: 404, ct: "text/plain", body: nrlNotFoundJSON,
			want: nrlBad(), findings: []fk{fail(RuleContentType, "Content-Type")}},
		{name: "transport/no content type", status: 404, ct: "", body: nrlNotFoundJSON,
			want: nrlOK, findings: []fk{warn(RuleContentType, "Content-Type")}},
		{name: "transport/charset latin-1", status: 404, ct: "application/fhir+json; charset=ISO-8859-1", body: nrlNotFoundJSON,
			want: nrlBad(), findings: []fk{fail(RuleCharset, "Content-Type")}},
		{name: "transport/no status", status: 0, ct: "-", body: nrlNotFoundJSON,
			want: nrlOK, findings: []fk{info(RuleStatusUnknown, "HTTP status")}},
		{name: "transport/over the cap", status: 404, ct: ctJSON, body: nrlNotFoundJSON, opts: Options{MaxBodyBytes: 100},
			want: want{}, findings: []fk{fail(RuleBodyTooLarge, "body 3:61")}},
		{name: "transport/empty 204", status: 204, ct: "-", body: "",
			want: want{Conformant: true}, findings: []fk{info(RuleNoBody, "body 1:1")}},
		{name: "transport/plain text 400", status: 400, ct: "text/plain", body: "Bad Request",
			want: want{}, findings: []fk{fail(RuleNotFHIR, "body 1:1")}},

		// ---------------------------------------------------------------- syntax
		{name: "syntax/typographic quotes", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `"severity": "error"`, `"severity": “error”`),
			want: want{}, findings: []fk{fail("syntax.typographic-quotes", "body 6:17")}, messages: map[string]string{"syntax.typographic-quotes": "2 typographic quotes in all"}},
		{name: "syntax/byte order mark, rest checked", status: 404, ct: ctJSON, body: "\ufeff" + nrlNotFoundJSON,
			want: nrlBad(), findings: []fk{fail("syntax.bom", "body 1:1")}},
		{name: "syntax/duplicate key, last one checked", status: 404, ct: ctJSON, body: sub(nrlfNotFound, `"severity": "error"`, `"severity": "banana", "severity": "error"`),
			want: want{API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}}, findings: []fk{fail("syntax.duplicate-key", "body 4:27")},
			messages: map[string]string{"syntax.duplicate-key": `duplicate property name "severity" at 4:27, first at 4:5`}},
		{name: "syntax/not UTF-8, rest checked", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, "identifier - abc", "identifier - abc\xe9"),
			want:     nrlBad(Identification{System: nrlSystem, Code: "NO_RECORD_FOUND", Entry: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", Params: map[string]string{"id": "abc\ufffd"}}),
			findings: []fk{fail("syntax.utf8", "body 9:84")}, messages: map[string]string{"syntax.utf8": "the byte 0xE9 at 9:84 is not UTF-8"}},
		{name: "syntax/too deep to check", status: 404, ct: ctJSON, body: sub(nrlfNotFound, `"issue": [`, `"extension": `+strings.Repeat("[", 300)+strings.Repeat("]", 300)+`, "issue": [`),
			want: want{}, findings: []fk{fail("syntax.too-deep", "body 3:271")}},
		{name: "syntax/utf-16", status: 404, ct: ctJSON, body: utf16LE(nrlfNotFound),
			want: want{}, findings: []fk{fail("syntax.utf16", "body 1:1")}},
		{name: "syntax/truncated", status: 404, ct: ctJSON, body: nrlNotFoundJSON[:200],
			want: want{}, findings: []fk{fail("syntax.truncated", "body 4:92")}},
		{name: "syntax/trailing comma", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `"not-found",`, `"not-found",,`),
			want: want{}, findings: []fk{fail("syntax.json", "body 7:25")}},
		{name: "syntax/trailing comma before }", status: 404, ct: ctJSON, body: sub(nrlNotFoundJSON, `identifier - abc"`, `identifier - abc",`),
			want: want{}, findings: []fk{fail("syntax.trailing-comma", "body 9:85")}},
		{name: "syntax/unrendered template", status: 401, ct: ctJSON, body: sub(ersGateway429, `"2026-03-01T10:00:00.420Z"`, `"%current_timestamp#"`),
			want:     want{Conformant: false, API: "ers", Dialect: "ers-r4-gateway", Issues: []Identification{ersGatewayIssue}},
			findings: []fk{fail("syntax.template", "body 2:27"), fail(RuleFHIRFormat, "OperationOutcome.meta.lastUpdated"), fail(RuleCatalogStatus, "HTTP status"), webPage}},

		// ---------------------------------------------------------------- FHIR structure
		{name: "fhir/not an OperationOutcome", status: 404, ct: ctJSON, body: `{"resourceType": "Bundle", "type": "searchset", "total": 0}`,
			want: want{}, findings: []fk{fail(RuleFHIRResource, "body 1:18")}, messages: map[string]string{RuleFHIRResource: `resourceType is "Bundle"`}},
		{name: "fhir/issue missing", status: 404, ct: ctJSON, body: `{"resourceType": "OperationOutcome"}`,
			want: want{}, findings: []fk{warn(RuleDialectUnknown, "OperationOutcome"), fail(RuleFHIRRequired, "OperationOutcome.issue")}},
		{name: "fhir/issue empty", status: 404, ct: ctJSON, body: `{"resourceType": "OperationOutcome", "issue": []}`,
			want: want{}, findings: []fk{warn(RuleDialectUnknown, "OperationOutcome"), fail(RuleFHIRCardinality, "OperationOutcome.issue")}},
		{name: "fhir/severity outside the value set", status: 404, ct: ctJSON, body: sub(nrlfNotFound, `"severity": "error"`, `"severity": "critical"`),
			want:     want{API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}},
			findings: []fk{fail(RuleFHIRCode, iss0+".severity")}},
		{name: "fhir/diagnostics a number", status: 404, ct: ctJSON, body: sub(nrlfNotFound, `"The requested DocumentReference could not be found"`, `404`),
			want:     want{API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}},
			findings: []fk{fail(RuleFHIRType, iss0+".diagnostics")}}, // not also catalog.diagnostics
		{name: "fhir/empty string", status: 404, ct: ctJSON, body: sub(nrlfNotFound, `"resourceType": "OperationOutcome",`, `"resourceType": "OperationOutcome", "language": "",`),
			want:     want{API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}},
			findings: []fk{fail(RuleFHIRFormat, "OperationOutcome.language")}},

		// ---------------------------------------------------------------- NRLF (R4)
		{name: "nrlf/conformant", status: 404, ct: ctJSON, body: nrlfNotFound,
			want: want{Conformant: true, API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}}},
		{name: "nrlf/two issues with expression", status: 400, ct: ctJSON, body: nrlfTwoParams,
			want: want{Conformant: true, API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{
				{System: nrlfIssue.System, Code: "INVALID_PARAMETER", Entry: "nrlf.INVALID_PARAMETER_QUERY", Params: map[string]string{"field": "subject:identifier", "message": "Field required"}},
				{System: nrlfIssue.System, Code: "INVALID_PARAMETER", Entry: "nrlf.INVALID_PARAMETER_QUERY", Params: map[string]string{"field": "type", "message": "Input should be a valid string"}},
			}}},
		{name: "nrlf/two issues, wrong status once", status: 422, ct: ctJSON, body: nrlfTwoParams,
			want: want{Conformant: false, API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{
				{System: nrlfIssue.System, Code: "INVALID_PARAMETER", Entry: "nrlf.INVALID_PARAMETER_QUERY", Params: map[string]string{"field": "subject:identifier", "message": "Field required"}},
				{System: nrlfIssue.System, Code: "INVALID_PARAMETER", Entry: "nrlf.INVALID_PARAMETER_QUERY", Params: map[string]string{"field": "type", "message": "Input should be a valid string"}},
			}},
			findings: []fk{fail(RuleCatalogStatus, "HTTP status")}},
		{name: "eps/two issues, the status rule's 400", status: 400, ct: ctJSON, body: epsTwoIssues,
			want: want{Conformant: true, API: "eps", Dialect: "eps-r4", Issues: epsTwoIssuesIdentified}},
		{name: "eps/two issues, a single entry's status", status: 403, ct: ctJSON, body: epsTwoIssues,
			want:     want{Conformant: false, API: "eps", Dialect: "eps-r4", Issues: epsTwoIssuesIdentified},
			findings: []fk{fail(RuleDialectStatus, "HTTP status")},
			messages: map[string]string{RuleDialectStatus: `HTTP status 403; the eps-r4 dialect answers these 2 issues with 400 (its rule for several issues: 200 when every issue is "informational", 403 when every issue is "forbidden", else 400)`}},
		{name: "eps/an expression that names another field", status: 400, ct: ctJSON, api: "eps",
			body: sub(epsTwoIssues, `ofType(MedicationRequest).statusReason`, `ofType(MedicationRequest).intent`),
			want: want{Conformant: false, API: "eps", Dialect: "eps-r4", Issues: []Identification{
				{Entry: "eps.MEDICATION_REQUEST_MISSING_VALUE", Params: map[string]string{"field": "statusReason"}},
				epsTwoIssuesIdentified[1],
			}},
			findings: []fk{fail(RuleCatalogExpression, "OperationOutcome.issue[0].expression")},
			messages: map[string]string{RuleCatalogExpression: `{field} is "statusReason" in the diagnostics and "intent" in the expression`}},
		{name: "nrlf/id sent, as a documented variant does", status: 404, ct: ctJSON, body: sub(nrlfNotFound, `"resourceType": "OperationOutcome",`, `"resourceType": "OperationOutcome", "id": "abc",`),
			want: want{Conformant: true, API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}}, findings: []fk{info(RuleDialectVariant, "OperationOutcome.id")}},
		{name: "nrlf/documented dialect variant: NHSDigital profile and id", status: 404, ct: ctJSON,
			body:     sub(nrlfNotFound, `"resourceType": "OperationOutcome",`, `"resourceType": "OperationOutcome", "id": "fc39effb-144c-4342-bdf2-4214f0cb728b", "meta": {"profile": ["https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"]},`),
			want:     want{Conformant: true, API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}},
			findings: []fk{info(RuleDialectVariant, "OperationOutcome.meta.profile"), info(RuleDialectVariant, "OperationOutcome.id")}},
		{name: "nrlf/unknown profile", status: 404, ct: ctJSON, api: "nrlf",
			body:     sub(nrlfNotFound, `"resourceType": "OperationOutcome",`, `"resourceType": "OperationOutcome", "meta": {"profile": ["https://example.org/StructureDefinition/MyOutcome"]},`),
			want:     want{Conformant: true, API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}},
			findings: []fk{warn(RuleDialectProfile, "OperationOutcome.meta.profile")}},
		{name: "nrlf/xml is not an nrlf format", status: 404, ct: ctXML, api: "nrlf",
			body:     `<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="not-found"/><details><coding><system value="https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1"/><code value="NO_RECORD_FOUND"/><display value="No record found"/></coding></details><diagnostics value="The requested DocumentReference could not be found"/></issue></OperationOutcome>`,
			want:     want{Conformant: false, API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{nrlfIssue}},
			findings: []fk{fail(RuleDialectFormat, "OperationOutcome")}},
		{name: "nrlf/coding-less error issue", status: 400, ct: ctJSON, api: "nrlf",
			body:     `{"resourceType": "OperationOutcome", "issue": [{"severity": "fatal", "code": "invalid", "diagnostics": "validation failed"}]}`,
			want:     want{Conformant: false, API: "nrlf", Dialect: "nrlf-r4-v3", Issues: []Identification{{}}},
			findings: []fk{fail(RuleDialectDetails, iss0+".details")}},

		// ---------------------------------------------------------------- e-RS R4
		{name: "ers-r4/gateway conformant", status: 429, ct: "application/fhir+json", body: ersGateway429,
			want: want{Conformant: true, API: "ers", Dialect: "ers-r4-gateway", Issues: []Identification{ersGatewayIssue}}, findings: []fk{webPage}},
		{name: "ers-r4/gateway without lastUpdated", status: 429, ct: "application/fhir+json", body: sub(ersGateway429, `"lastUpdated": "2026-03-01T10:00:00.420Z", `, ""),
			want: want{Conformant: false, API: "ers", Dialect: "ers-r4-gateway", Issues: []Identification{ersGatewayIssue}}, findings: []fk{webPage, fail(RuleDialectLastUpdated, "OperationOutcome.meta.lastUpdated")}},
		{name: "ers-r4/gateway with display", status: 429, ct: "application/fhir+json", body: sub(ersGateway429, `"code": "TOO_MANY_REQUESTS"`, `"code": "TOO_MANY_REQUESTS", "display": "Too many requests"`),
			want: want{Conformant: true, API: "ers", Dialect: "ers-r4-gateway", Issues: []Identification{ersGatewayIssue}}, findings: []fk{webPage, warn(RuleDialectDisplay, cod0+".display")}},
		{name: "ers-r4/backend conformant", status: 404, ct: "application/fhir+json", body: ersBackend404,
			want: want{Conformant: true, API: "ers", Dialect: "ers-r4-backend", Issues: []Identification{ers404Issue}}},
		{name: "ers-r4/backend NO_RELATIONSHIP with its parameters", status: 403, ct: "application/fhir+json", body: ersBackend403, api: "ers",
			want: want{Conformant: true, API: "ers", Dialect: "ers-r4-backend", Issues: []Identification{{System: "https://fhir.nhs.uk/CodeSystem/ers-error-codes", Code: "NO_RELATIONSHIP", Entry: "ers.R4_NO_RELATIONSHIP",
				Params: map[string]string{"resourceType": "Binary", "id": "c5d2e0b4-1f7a-4a1e-9c3d-2b8f6e4a7d90"}}}}},
		{name: "ers-r4/backend expression prohibited", status: 404, ct: "application/fhir+json", body: sub(ersBackend404, `"diagnostics":`, `"expression": ["HealthcareService.id"], "diagnostics":`),
			want: want{Conformant: false, API: "ers", Dialect: "ers-r4-backend", Issues: []Identification{ers404Issue}}, findings: []fk{fail(RuleDialectExpression, iss0+".expression")}},
		{name: "ers-r4/backend ValueSet URL as system", status: 403, ct: "application/fhir+json", api: "ers",
			body:     sub(ersBackend403, "https://fhir.nhs.uk/CodeSystem/ers-error-codes", "https://fhir.nhs.uk/ValueSet/ers-error-codes"),
			want:     want{Conformant: false, API: "ers", Dialect: "ers-r4-backend", Issues: []Identification{{System: "https://fhir.nhs.uk/ValueSet/ers-error-codes", Code: "NO_RELATIONSHIP"}}},
			findings: []fk{fail(RuleDialectSystem, cod0+".system"), warn(RuleCatalogUnknownSystem, cod0+".system")},
			messages: map[string]string{RuleDialectSystem: "ValueSet URL where a CodeSystem URL belongs", RuleCatalogUnknownSystem: `"NO_RELATIONSHIP" is a code of https://fhir.nhs.uk/CodeSystem/ers-error-codes`}},
		{name: "ers-r4/unknown system", status: 400, ct: "application/fhir+json", api: "ers",
			body:     sub(ersBackend404, "https://fhir.nhs.uk/CodeSystem/http-error-codes", "https://example.org/ValueSet/my-codes", "REC_NOT_FOUND", "MY_CODE"),
			want:     want{Conformant: false, API: "ers", Dialect: "ers-r4-backend", Issues: []Identification{{System: "https://example.org/ValueSet/my-codes", Code: "MY_CODE"}}},
			findings: []fk{fail(RuleDialectSystem, cod0+".system"), warn(RuleCatalogUnknownSystem, cod0+".system")}, messages: map[string]string{RuleDialectSystem: "ValueSet URL where a CodeSystem URL belongs"}},

		// ---------------------------------------------------------------- e-RS STU3
		{name: "ers-stu3/conformant", status: 403, ct: "application/fhir+json", body: ersSTU3Forbidden,
			want: want{Conformant: true, API: "ers", Dialect: "ers-stu3", Issues: []Identification{ersSTU3Issue}}},
		{name: "ers-stu3/gateway body without display", status: 403, ct: "application/fhir+json", body: sub(ersSTU3Forbidden, `, "display": "Forbidden"`, ""),
			want: want{Conformant: true, API: "ers", Dialect: "ers-stu3", Issues: []Identification{ersSTU3Issue}}, findings: []fk{info(RuleDialectVariant, cod0+".display")}},
		{name: "ers-stu3/documented variant status 422", status: 422, ct: "application/fhir+json", body: ersSTU3Forbidden,
			want:     want{Conformant: true, API: "ers", Dialect: "ers-stu3", Issues: []Identification{{System: ersSTU3Issue.System, Code: "FORBIDDEN", Entry: "ers.FORBIDDEN", Params: ersSTU3Issue.Params, Variants: []string{"legacy-422"}}}},
			findings: []fk{info(RuleCatalogVariant, iss0)}},
		{name: "ers-stu3/empty 401 is documented", status: 401, ct: "-", body: "", api: "ers",
			want: want{Conformant: true, API: "ers", Dialect: "ers-stu3", BodyEntry: "ers.INVALID_TOKEN_NO_BODY"}, findings: []fk{info(RuleDocumentedBody, "body 1:1")}},
		{name: "ers-stu3/text/plain 406 is documented", status: 406, ct: "text/plain;charset=utf-8", body: "Not Acceptable", api: "ers",
			want: want{Conformant: true, API: "ers", Dialect: "ers-stu3", BodyEntry: "ers.NOT_ACCEPTABLE_TEXT"}, findings: []fk{info(RuleDocumentedBody, "body 1:1")}},

		// ---------------------------------------------------------------- detection
		{name: "detect/coding-less issue no entry explains", status: 400, ct: ctJSON,
			body:     `{"resourceType": "OperationOutcome", "issue": [{"severity": "fatal", "code": "invalid", "diagnostics": "validation failed"}]}`,
			want:     want{Conformant: true, Issues: []Identification{{}}},
			findings: []fk{warn(RuleDialectUnknown, "OperationOutcome"), warn(RuleCatalogUnidentified, iss0)}},
		// An R4 Spine coding that is exactly no catalogued entry (PDS's
		// INVALID_VALUE with other diagnostics): no entry is named, the code
		// system says what it knows.
		{name: "detect/R4 Spine code of no catalogued entry", status: 400, ct: ctJSON,
			body:     sub(r4SpineInvalidValue, "Invalid value - 'mal' in field 'gender'", "The gender is not valid"),
			want:     want{Conformant: true, Issues: []Identification{{System: r4SpineURL, Code: "INVALID_VALUE"}}},
			findings: []fk{warn(RuleDialectUnknown, "OperationOutcome"), info(RuleCatalogConcept, cod0+".code")},
			messages: map[string]string{
				RuleDialectUnknown: "the coding system " + r4SpineURL + " is Spine-ErrorOrWarningCode (the /R4/ URL, 1.4.0 and 2.0.0), a published code system that any API may use, and the response is not exactly what pds.INVALID_VALUE_FIELD",
				RuleCatalogConcept: `"INVALID_VALUE" is a code of Spine-ErrorOrWarningCode (the /R4/ URL, 1.4.0 and 2.0.0) (` + r4SpineURL + `), versions 1.4.0, 2.0.0: display "Invalid value"`,
			}},
		{name: "detect/coding.version names a version without the code", status: 200, ct: ctJSON,
			body: sub(r4SpineInvalidValue, `"severity": "error", "code": "value"`, `"severity": "warning", "code": "multiple-matches"`,
				`"INVALID_VALUE", "display": "Provided value is invalid"`, `"TOO_MANY_MATCHES", "display": "Too Many Matches"`, `,
    "diagnostics": "Invalid value - 'mal' in field 'gender'"`, ""),
			want:     want{Conformant: true, Issues: []Identification{{System: r4SpineURL, Code: "TOO_MANY_MATCHES"}}},
			findings: []fk{warn(RuleDialectUnknown, "OperationOutcome"), info(RuleCatalogCodeVersion, cod0+".version"), info(RuleCatalogConcept, cod0+".code")},
			messages: map[string]string{RuleCatalogCodeVersion: `coding.version "1" names version 1.4.0 of ` + r4SpineURL + `, which does not define "TOO_MANY_MATCHES"; version 2.0.0 defines it`}},
		{name: "detect/a foreign profile, a code of another system", status: 403, ct: ctJSON,
			body:     foreignAccessDenied,
			want:     want{Conformant: true, Issues: []Identification{{System: nrlSystem, Code: "ACCESS_DENIED"}}},
			findings: []fk{warn(RuleDialectUnknown, "OperationOutcome"), warn(RuleCatalogOtherSystem, cod0+".code")},
			messages: map[string]string{
				RuleDialectUnknown:     "meta.profile https://example.org/StructureDefinition/Foreign-OperationOutcome-1 is no catalogued dialect's profile",
				RuleCatalogOtherSystem: `code "ACCESS_DENIED" is not defined in Spine-ErrorOrWarningCode-1 (STU3) (` + nrlSystem + `) in any of its versions`,
			}},
		{name: "detect/nothing matches", status: 400, ct: ctJSON,
			body:     `{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "invalid", "details": {"coding": [{"system": "https://example.org/codes", "code": "OOPS"}]}}]}`,
			want:     want{Conformant: true, Issues: []Identification{{System: "https://example.org/codes", Code: "OOPS"}}},
			findings: []fk{warn(RuleDialectUnknown, "OperationOutcome"), warn(RuleCatalogUnknownSystem, cod0+".system")}},
	}
}

// utf16LE encodes ASCII s as UTF-16LE with a byte order mark.
func utf16LE(s string) string {
	b := []byte{0xff, 0xfe}
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return string(b)
}

func runCase(tc tableCase) *Report {
	var h http.Header
	switch tc.ct {
	case "-":
	case "":
		h = http.Header{}
	default:
		h = http.Header{"Content-Type": {tc.ct}}
	}
	return New(tc.opts).Check(Response{Status: tc.status, Header: h, Body: []byte(tc.body), API: tc.api})
}

func keysOf(fs []Finding) []fk {
	out := make([]fk, 0, len(fs))
	for _, f := range fs {
		out = append(out, fk{f.Rule, f.Severity, f.Location})
	}
	return out
}

var sortKeys = cmpopts.SortSlices(func(a, b fk) bool { return a.String() < b.String() })

func TestCheckTable(t *testing.T) {
	cases := tableCases()
	if len(cases) < 40 {
		t.Errorf("%d cases; the table needs at least 40", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runCase(tc)
			got := want{Conformant: r.Conformant, API: r.API, Dialect: r.Dialect, Issues: r.Issues}
			if r.BodyEntry != nil {
				got.BodyEntry = r.BodyEntry.ID()
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreUnexported(Identification{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.findings, keysOf(r.Findings), sortKeys, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("findings (-want +got):\n%s\nall findings:\n%s", diff, dump(r.Findings))
			}
			for rule, substr := range tc.messages {
				found := false
				for _, f := range r.Findings {
					if f.Rule == rule && strings.Contains(f.Message, substr) {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s finding says %q:\n%s", rule, substr, dump(r.Findings))
				}
			}
			checkInvariants(t, r)
		})
	}
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s @ %s: %s\n", f.Severity, f.Rule, f.Location, f.Message)
	}
	return b.String()
}

// checkInvariants holds for every report: conformance is the absence of
// error findings, every rule is listed in Rules, every location is a FHIR
// path, "HTTP status", "Content-Type" or "body L:C", and no finding is
// repeated.
func checkInvariants(t testing.TB, r *Report) {
	t.Helper()
	if r.Conformant != (len(r.Errors()) == 0) {
		t.Errorf("Conformant = %v with %d error findings", r.Conformant, len(r.Errors()))
	}
	seen := map[Finding]bool{}
	for _, f := range r.Findings {
		if ruleDescription(f.Rule) == "" {
			t.Errorf("finding rule %q is not in validate.Rules", f.Rule)
		}
		if !validLocation(f.Location) {
			t.Errorf("finding %s has location %q", f.Rule, f.Location)
		}
		if f.Message == "" {
			t.Errorf("finding %s has no message", f.Rule)
		}
		if seen[f] {
			t.Errorf("finding repeated: %+v", f)
		}
		seen[f] = true
		switch f.Severity {
		case Error, Warning, Information:
		default:
			t.Errorf("finding %s has severity %q", f.Rule, f.Severity)
		}
	}
}

func validLocation(loc string) bool {
	switch {
	case loc == "HTTP status", loc == "Content-Type", loc == "OperationOutcome":
		return true
	case strings.HasPrefix(loc, "OperationOutcome."):
		// Names that are not identifiers are delimited with backticks.
		plain := regexp.MustCompile("`(?:[^`\\\\]|\\\\.)*`").ReplaceAllString(loc, "x")
		return !strings.ContainsAny(plain, " /`")
	case strings.HasPrefix(loc, "body "):
		var l, c int
		n, err := fmt.Sscanf(loc, "body %d:%d", &l, &c)
		return err == nil && n == 2 && l >= 1 && c >= 1
	}
	return false
}

// TestRulesCovered fails when a rule of Rules has no table case where it
// fires, or no case where it does not (every rule is absent from the
// conformant cases, so the second holds as long as one conformant case has
// no finding at all).
func TestRulesCovered(t *testing.T) {
	fired := map[string]bool{}
	for _, tc := range tableCases() {
		for _, f := range tc.findings {
			fired[f.Rule] = true
		}
	}
	for _, tc := range extraRuleCases {
		fired[tc] = true
	}
	var missing []string
	ids := map[string]bool{}
	for _, r := range Rules {
		if ids[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		ids[r.ID] = true
		if r.Description == "" || strings.Contains(r.Description, "\n") {
			t.Errorf("rule %s: description must be one line", r.ID)
		}
		if !fired[r.ID] {
			missing = append(missing, r.ID)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("rules with no positive case in the table: %v", missing)
	}
	for id := range fired {
		if !ids[id] {
			t.Errorf("the table expects rule %s, which Rules does not list", id)
		}
	}
	clean := 0
	for _, tc := range tableCases() {
		if len(tc.findings) == 0 {
			clean++
		}
	}
	if clean == 0 {
		t.Error("no case without findings: no rule has a negative case")
	}
	t.Logf("%d rules, %d table cases, %d with no finding at all", len(Rules), len(tableCases()), clean)
}

// extraRuleCases names the rules whose positive cases live outside the
// table (their tests follow).
var extraRuleCases = []string{RuleInternalPanic, RuleBodyTruncated, RuleHead, RuleFindingsCapped}

func TestCheckRecoversFromPanic(t *testing.T) {
	testHookCheck = func(Response) { panic("boom") }
	defer func() { testHookCheck = nil }()
	r := Check(Response{Status: 404, Body: []byte(nrlNotFoundJSON)})
	if diff := cmp.Diff([]fk{fail(RuleInternalPanic, "body 1:1")}, keysOf(r.Findings)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	if r.Conformant || !strings.Contains(r.Findings[0].Message, "boom") {
		t.Fatalf("report %+v", r)
	}
}

// TestCheckNegativeForEveryRule runs the conformant cases and requires that
// none of them fires any rule: each rule's negative case.
func TestCheckNegativeForEveryRule(t *testing.T) {
	n := 0
	for _, tc := range tableCases() {
		if len(tc.findings) != 0 || !tc.want.Conformant {
			continue
		}
		n++
		if r := runCase(tc); len(r.Findings) != 0 {
			t.Errorf("%s: findings on a conformant response:\n%s", tc.name, dump(r.Findings))
		}
	}
	if n < 4 {
		t.Errorf("only %d clean conformant cases", n)
	}
	if !slices.ContainsFunc(tableCases(), func(tc tableCase) bool { return tc.ct == ctXML && tc.want.Conformant && len(tc.findings) == 0 }) {
		t.Error("no clean conformant XML case")
	}
}
