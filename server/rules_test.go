package server

import (
	"maps"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/internal/servertest"
)

// summary is what a request rule test compares.
type summary struct {
	Status      int
	ContentType string
	Entry       string
	Diagnostics string
	EmptyBody   bool
	Header      map[string]string // only the headers named in the want
}

func summarise(res *result, want summary) summary {
	s := summary{
		Status:      res.Status,
		ContentType: res.Header.Get("Content-Type"),
		Entry:       res.Entry,
		Diagnostics: res.Diagnostics(),
		EmptyBody:   res.Body == "",
	}
	if want.Header != nil {
		s.Header = map[string]string{}
		for k := range want.Header {
			if vs, ok := res.Header[http.CanonicalHeaderKey(k)]; ok {
				s.Header[k] = vs[0]
			} else {
				s.Header[k] = "(absent)"
			}
		}
	}
	return s
}

const (
	jsonCT = "application/fhir+json; charset=utf-8"
	xmlCT  = "application/fhir+xml; charset=utf-8"
)

type ruleCase struct {
	name   string
	method string
	path   string
	header map[string]string
	want   summary
}

func runRuleCases(t *testing.T, ts *servertest.Server, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.method
			if m == "" {
				m = http.MethodGet
			}
			res := ts.Do(t, m, c.path, c.header)
			if diff := cmp.Diff(c.want, summarise(res, c.want)); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s\nbody: %s", m, c.path, diff, res.Body)
			}
		})
	}
}

// The e-RS gateway's rules, on R4 and STU3 paths.
func TestERSRules(t *testing.T) {
	const (
		r4   = "/FHIR/R4/Binary/f185d16b-7dd5-4a50-97d9-62494080a786"
		stu3 = "/FHIR/STU3/ReferralRequest/000000070000"
	)
	user := map[string]string{
		"Authorization":                  "Bearer user-token-0vGSeeV2cHrsB6C1",
		"NHSD-End-User-Organisation-ODS": "RB8",
		"NHSD-eRS-Business-Function":     "SERVICE_PROVIDER_CLINICIAN",
		"X-Correlation-ID":               "17183684-D9A9-11F0-9A21-005056B4EE83",
	}
	// The request of the developer community thread "401 Access Denied on
	// call to A0042": a raw token without "Bearer ".
	seed001 := map[string]string{
		"Authorization":                  "0vGSeeV2cHrsB6C1L4PCyl0Ce46Q",
		"NHSD-End-User-Organisation-ODS": "RB8",
		"NHSD-eRS-Business-Function":     "SERVICE_PROVIDER_CLINICIAN",
		"NHSD-eRS-On-Behalf-Of-User-ID":  "",
		"X-Correlation-ID":               "17183684-D9A9-11F0-9A21-005056B4EE83",
		"Accept":                         "*/*",
	}
	app := map[string]string{"Authorization": "Bearer app-token-3f9a2c71"}

	invalidTokenR4 := summary{Status: 401, ContentType: jsonCT, Entry: "ers.R4_ACCESS_DENIED_INVALID_TOKEN", Diagnostics: "Invalid access token",
		Header: map[string]string{"WWW-Authenticate": `Bearer error="invalid_token"`, "X-Request-ID": "tx-0001"}}
	invalidTokenSTU3 := summary{Status: 401, Entry: "ers.INVALID_TOKEN_NO_BODY", EmptyBody: true,
		Header: map[string]string{"WWW-Authenticate": `Bearer error="invalid_token"`}}
	missingODSR4 := summary{Status: 400, ContentType: jsonCT, Entry: "ers.R4_MISSING_ODS_HEADER", Diagnostics: "Missing or Empty NHSD-End-User-Organisation-ODS header."}
	missingODSSTU3 := summary{Status: 400, ContentType: jsonCT, Entry: "ers.MISSING_ODS_HEADER", Diagnostics: "Missing or Empty NHSD-End-User-Organisation-ODS header."}
	const bfDiag = "User does not have the required Business Function at the specified Organisation."
	bfR4 := summary{Status: 403, ContentType: jsonCT, Entry: "ers.R4_ACCESS_DENIED_BUSINESS_FUNCTION", Diagnostics: bfDiag}
	bfSTU3 := summary{Status: 403, ContentType: jsonCT, Entry: "ers.NO_ACCESS_BUSINESS_FUNCTION", Diagnostics: bfDiag}
	appR4 := summary{Status: 403, ContentType: "text/plain", Entry: "ers.R4_APP_RESTRICTED_HEADER_SENT", EmptyBody: true}
	appSTU3 := summary{Status: 403, ContentType: "text/plain", Entry: "ers.APP_RESTRICTED_HEADER_SENT", EmptyBody: true}
	notFoundR4 := summary{Status: 404, ContentType: jsonCT, Entry: "ers.R4_REC_NOT_FOUND", Diagnostics: "The requested resource was not found."}
	notFoundSTU3 := summary{Status: 404, Entry: "ers.NOT_FOUND_NO_BODY", EmptyBody: true}

	ts := newTestServer(t, ers.API)
	runRuleCases(t, ts, []ruleCase{
		{"A0042 thread raw token R4", "", r4, seed001, withHeader(invalidTokenR4, "X-Correlation-ID", "17183684-D9A9-11F0-9A21-005056B4EE83")},
		{"A0042 thread raw token STU3", "", stu3, seed001, invalidTokenSTU3},
		{"no Authorization R4", "", r4, with(user, "Authorization", "(delete)"), invalidTokenR4},
		{"no Authorization STU3", "", stu3, with(user, "Authorization", "(delete)"), invalidTokenSTU3},
		{"Bearer without token", "", r4, with(user, "Authorization", "Bearer "), invalidTokenR4},
		{"Bearer without space", "", r4, with(user, "Authorization", "Bearertoken123"), invalidTokenR4},
		{"Basic scheme", "", r4, with(user, "Authorization", "Basic dXNlcjpwYXNz"), invalidTokenR4},
		{"token with a space", "", r4, with(user, "Authorization", "Bearer abc def"), invalidTokenR4},
		{"lower-case scheme is accepted", "", r4, with(user, "Authorization", "bearer user-token-0vGSeeV2cHrsB6C1"), notFoundR4},
		{"missing ODS R4", "", r4, with(user, "NHSD-End-User-Organisation-ODS", "(delete)"), missingODSR4},
		{"empty ODS R4", "", r4, with(user, "NHSD-End-User-Organisation-ODS", " "), missingODSR4},
		{"missing ODS STU3", "", stu3, with(user, "NHSD-End-User-Organisation-ODS", "(delete)"), missingODSSTU3},
		{"empty ODS STU3", "", stu3, with(user, "NHSD-End-User-Organisation-ODS", ""), missingODSSTU3},
		{"A030 needs no ODS", "", "/FHIR/R4/PractitionerRole?user.identifier=555", with(user, "NHSD-End-User-Organisation-ODS", "(delete)", "NHSD-eRS-Business-Function", "(delete)"), notFoundR4},
		{"REFERRER_AUTHORISED_APPLICATION R4", "", r4, with(user, "NHSD-eRS-Business-Function", "REFERRER_AUTHORISED_APPLICATION"), bfR4},
		{"PROVIDER_AUTHORISED_APPLICATION R4", "", r4, with(user, "NHSD-eRS-Business-Function", "PROVIDER_AUTHORISED_APPLICATION"), bfR4},
		{"AUTHORISED_APPLICATION STU3", "", stu3, with(user, "NHSD-eRS-Business-Function", "AUTHORISED_APPLICATION"), bfSTU3},
		{"unknown business function R4", "", r4, with(user, "NHSD-eRS-Business-Function", "SURGEON"), bfR4},
		{"unknown business function STU3", "", stu3, with(user, "NHSD-eRS-Business-Function", "service_provider_clinician"), bfSTU3},
		{"app-restricted sends ODS R4", "", r4, with(app, "NHSD-End-User-Organisation-ODS", "RB8"), appR4},
		{"app-restricted sends x-ers-user-id R4", "", r4, with(app, "x-ers-user-id", "555367989103"), appR4},
		{"app-restricted sends business function STU3", "", stu3, with(app, "NHSD-eRS-Business-Function", "SERVICE_PROVIDER_CLINICIAN"), appSTU3},
		{"app-restricted sends x-ers-ods-code STU3", "", stu3, with(app, "x-ers-ods-code", "RB8"), appSTU3},
		{"app-restricted without user headers R4", "", r4, app, notFoundR4},
		{"app-restricted without user headers STU3", "", stu3, app, notFoundSTU3},
		{"Accept XML R4", "", r4, with(user, "Accept", "application/fhir+xml"),
			summary{Status: 406, ContentType: jsonCT, Entry: "ers.R4_REC_NOT_ACCEPTABLE", Diagnostics: "The requested representation is not available: this API produces application/fhir+json only."}},
		{"_format xml R4", "", r4 + "?_format=xml", user,
			summary{Status: 406, ContentType: jsonCT, Entry: "ers.R4_REC_NOT_ACCEPTABLE", Diagnostics: "The requested representation is not available: this API produces application/fhir+json only."}},
		{"Accept XML STU3", "", stu3, with(user, "Accept", "application/fhir+xml"),
			summary{Status: 406, ContentType: "text/plain;charset=utf-8", Entry: "ers.NOT_ACCEPTABLE_TEXT", EmptyBody: true}},
		{"a gateway 401 is JSON whatever Accept says", "", r4, with(user, "Authorization", "(delete)", "Accept", "application/fhir+xml"), invalidTokenR4},
		{"all good R4", "", r4, user, withHeader(notFoundR4, "X-Correlation-ID", "17183684-D9A9-11F0-9A21-005056B4EE83", "X-Request-ID", "tx-0001")},
		{"all good STU3", "", stu3, user, withHeader(notFoundSTU3, "X-Correlation-ID", "17183684-D9A9-11F0-9A21-005056B4EE83", "X-Request-ID", "tx-0001")},
	})

	t.Run("bare token on STU3 when allowed", func(t *testing.T) {
		ts := newTestServer(t, ers.API, WithLeniency("bare-token-stu3"))
		runRuleCases(t, ts, []ruleCase{
			{"STU3 accepts it", "", stu3, seed001, notFoundSTU3},
			{"R4 still refuses it", "", r4, seed001, withHeader(invalidTokenR4, "X-Correlation-ID", "17183684-D9A9-11F0-9A21-005056B4EE83")},
		})
	})
	t.Run("token table", func(t *testing.T) {
		ts := newTestServer(t, ers.API, WithTokens(map[string]string{"clinician-42": "user-restricted", "batch-7": "application-restricted"}))
		runRuleCases(t, ts, []ruleCase{
			{"unknown token", "", r4, with(user, "Authorization", "Bearer someone-else"), invalidTokenR4},
			{"user token", "", r4, with(user, "Authorization", "Bearer clinician-42"), notFoundR4},
			{"app token with user headers", "", r4, with(user, "Authorization", "Bearer batch-7"), appR4},
			{"app token alone", "", stu3, map[string]string{"Authorization": "Bearer batch-7"}, notFoundSTU3},
		})
	})
	t.Run("ODS allow-list", func(t *testing.T) {
		ts := newTestServer(t, ers.API, WithAllowList("NHSD-End-User-Organisation-ODS", "RB8"))
		runRuleCases(t, ts, []ruleCase{
			{"allowed", "", r4, user, notFoundR4},
			{"not allowed R4", "", r4, with(user, "NHSD-End-User-Organisation-ODS", "R69"),
				summary{Status: 403, ContentType: jsonCT, Entry: "ers.R4_ACCESS_DENIED_ODS_NOT_ALLOWED", Diagnostics: "Unauthorised ODS code provided in NHSD-End-User-Organisation-ODS header"}},
			{"not allowed STU3", "", stu3, with(user, "NHSD-End-User-Organisation-ODS", "R69"),
				summary{Status: 403, ContentType: jsonCT, Entry: "ers.NO_ACCESS_ODS_NOT_ALLOWED", Diagnostics: "Unauthorised ODS code provided in NHSD-End-User-Organisation-ODS header"}},
		})
	})
}

func withHeader(s summary, kv ...string) summary {
	h := map[string]string{}
	maps.Copy(h, s.Header)
	for i := 0; i+1 < len(kv); i += 2 {
		h[kv[i]] = kv[i+1]
	}
	s.Header = h
	return s
}

// A JWT with a body of claims ({"iss":"x"}), unsigned.
const testJWT = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0."

// NRL's header rules, in the reference implementation's order.
func TestNRLRules(t *testing.T) {
	const path = "/DocumentReference/a8b3c2e1-0000-4f7a-9a11-2c3d4e5f6a7b"
	ok := map[string]string{"Authorization": "Bearer " + testJWT, "fromASID": "200000000117", "toASID": "999999999999"}
	hdr := func(diag, entry string) summary {
		return summary{Status: 400, ContentType: xmlCT, Entry: entry, Diagnostics: diag}
	}
	ts := newTestServer(t, nrl.API)
	runRuleCases(t, ts, []ruleCase{
		{"nothing", "", path, nil, hdr("Authorization HTTP Header is missing", "nrl.MISSING_OR_INVALID_HEADER_AUTHORIZATION")},
		{"no Authorization", "", path, with(ok, "Authorization", "(delete)"), hdr("Authorization HTTP Header is missing", "nrl.MISSING_OR_INVALID_HEADER_AUTHORIZATION")},
		{"empty Authorization", "", path, with(ok, "Authorization", ""), hdr("Authorization HTTP Header is missing", "nrl.MISSING_OR_INVALID_HEADER_AUTHORIZATION")},
		{"no Bearer", "", path, with(ok, "Authorization", testJWT), hdr("The Authorisation header must be supplied as a valid JWT.", "nrl.MISSING_OR_INVALID_HEADER_JWT_INVALID")},
		{"two sections", "", path, with(ok, "Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0"), hdr("The JWT associated with the Authorisation header must have the 3 sections", "nrl.MISSING_OR_INVALID_HEADER_JWT_SECTIONS")},
		{"body not base64url", "", path, with(ok, "Authorization", "Bearer a.!!!.c"), hdr("The Authorisation header must be supplied as a valid JWT.", "nrl.MISSING_OR_INVALID_HEADER_JWT_INVALID")},
		{"body not JSON", "", path, with(ok, "Authorization", "Bearer a.bm90IGpzb24.c"), hdr("The Authorisation header must be supplied as a valid JWT.", "nrl.MISSING_OR_INVALID_HEADER_JWT_INVALID")},
		{"no claims", "", path, with(ok, "Authorization", "Bearer eyJhbGciOiJub25lIn0.e30."), hdr("The JWT associated with the Authorisation header must have a body of claims.", "nrl.MISSING_OR_INVALID_HEADER_JWT_NO_CLAIMS")},
		{"no fromASID", "", path, with(ok, "fromASID", "(delete)"), hdr("fromASID HTTP Header is missing", "nrl.MISSING_OR_INVALID_HEADER_FROM_ASID")},
		{"empty fromASID", "", path, with(ok, "fromASID", ""), hdr("fromASID HTTP Header is missing", "nrl.MISSING_OR_INVALID_HEADER_FROM_ASID")},
		{"no toASID", "", path, with(ok, "toASID", "(delete)"), hdr("toASID HTTP Header is missing", "nrl.MISSING_OR_INVALID_HEADER_TO_ASID")},
		{"fromASID and toASID missing: fromASID first", "", path, with(ok, "fromASID", "(delete)", "toASID", "(delete)"), hdr("fromASID HTTP Header is missing", "nrl.MISSING_OR_INVALID_HEADER_FROM_ASID")},
		{"header errors in JSON when asked", "", path + "?_format=json", with(ok, "toASID", "(delete)"),
			summary{Status: 400, ContentType: jsonCT, Entry: "nrl.MISSING_OR_INVALID_HEADER_TO_ASID", Diagnostics: "toASID HTTP Header is missing"}},
		{"header names read case-insensitively", "", path, map[string]string{"authorization": "Bearer " + testJWT, "fromasid": "200000000117", "TOASID": "999999999999"},
			summary{Status: 404, ContentType: xmlCT, Entry: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", Diagnostics: "No record found for supplied DocumentReference identifier - a8b3c2e1-0000-4f7a-9a11-2c3d4e5f6a7b"}},
		{"unsupported Accept comes before the headers", "", path, map[string]string{"Accept": "text/html"},
			summary{Status: 415, ContentType: xmlCT, Entry: "nrl.UNSUPPORTED_MEDIA_TYPE", Diagnostics: "Unsupported Media Type"}},
		{"all good", "", path, ok, summary{Status: 404, ContentType: xmlCT, Entry: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", Diagnostics: "No record found for supplied DocumentReference identifier - a8b3c2e1-0000-4f7a-9a11-2c3d4e5f6a7b"}},
	})
	t.Run("without JWT checks", func(t *testing.T) {
		ts := newTestServer(t, nrl.API, WithLeniency("any-token"))
		runRuleCases(t, ts, []ruleCase{
			{"any Authorization", "", path, with(ok, "Authorization", "opaque"),
				summary{Status: 404, ContentType: xmlCT, Entry: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", Diagnostics: "No record found for supplied DocumentReference identifier - a8b3c2e1-0000-4f7a-9a11-2c3d4e5f6a7b"}},
			{"still required", "", path, with(ok, "Authorization", "(delete)"), hdr("Authorization HTTP Header is missing", "nrl.MISSING_OR_INVALID_HEADER_AUTHORIZATION")},
		})
	})
}

// NRLF's rules, its proxy's and its own, and its echoed headers.
func TestNRLFRules(t *testing.T) {
	const path = "/producer/FHIR/R4/DocumentReference/RGD-7d4b9f3e"
	ok := map[string]string{"X-Request-Id": "req-5b1e", "NHSD-Correlation-Id": "corr-77.rrt-1.msg-2", "Authorization": "Bearer 6Qk8Z0cCq2oUqJ5yVnKd"}
	oauth := summary{Status: 401, ContentType: jsonCT, Entry: "nrlf.APIGEE_ACCESS_DENIED_OAUTH", Diagnostics: "Invalid access token",
		Header: map[string]string{"X-Request-Id": "req-5b1e"}}
	ts := newTestServer(t, nrlf.API)
	notFound := summary{Status: 404, ContentType: jsonCT, Entry: "nrlf.NO_RECORD_FOUND", Diagnostics: "The requested DocumentReference could not be found",
		Header: map[string]string{"X-Request-Id": "req-5b1e", "X-Correlation-Id": "(absent)"}}
	runRuleCases(t, ts, []ruleCase{
		{"nothing", "", path, nil, summary{Status: 400, ContentType: jsonCT, Entry: "nrlf.MISSING_OR_INVALID_HEADER_REQUEST_ID", Diagnostics: "The X-Request-Id header is missing or invalid"}},
		{"no X-Request-Id", "", path, with(ok, "X-Request-Id", "(delete)"), summary{Status: 400, ContentType: jsonCT, Entry: "nrlf.MISSING_OR_INVALID_HEADER_REQUEST_ID", Diagnostics: "The X-Request-Id header is missing or invalid"}},
		{"no NHSD-Correlation-Id", "", path, with(ok, "NHSD-Correlation-Id", "(delete)"),
			summary{Status: 400, ContentType: jsonCT, Entry: "nrlf.MISSING_OR_INVALID_HEADER_CORRELATION_ID", Diagnostics: "The NHSD-Correlation-Id header is missing or invalid",
				Header: map[string]string{"X-Request-Id": "req-5b1e"}}},
		{"empty NHSD-Correlation-Id", "", path, with(ok, "NHSD-Correlation-Id", ""), summary{Status: 400, ContentType: jsonCT, Entry: "nrlf.MISSING_OR_INVALID_HEADER_CORRELATION_ID", Diagnostics: "The NHSD-Correlation-Id header is missing or invalid"}},
		{"no Authorization", "", path, with(ok, "Authorization", "(delete)"), oauth},
		{"no Bearer", "", path, with(ok, "Authorization", "6Qk8Z0cCq2oUqJ5yVnKd"), oauth},
		{"the proxy checks X-Request-Id before the token", "", path, with(ok, "Authorization", "(delete)", "X-Request-Id", "(delete)"),
			summary{Status: 400, ContentType: jsonCT, Entry: "nrlf.MISSING_OR_INVALID_HEADER_REQUEST_ID", Diagnostics: "The X-Request-Id header is missing or invalid"}},
		{"the token before NHSD-Correlation-Id", "", path, with(ok, "Authorization", "Basic dXNlcjpwYXNz", "NHSD-Correlation-Id", "(delete)"), oauth},
		{"_status takes no token", "", "/_status", with(ok, "Authorization", "(delete)"),
			summary{Status: 404, ContentType: jsonCT, Entry: "nrlf.NO_RECORD_FOUND", Diagnostics: "The requested DocumentReference could not be found"}},
		{"all good", "", path, ok, notFound},
		{"X-Correlation-Id echoed", "", path, with(ok, "X-Correlation-Id", "c-1"), withHeader(notFound, "X-Correlation-Id", "c-1")},
		{"XML asked, JSON sent", "", path + "?_format=xml", with(ok, "Accept", "application/fhir+xml"), notFound},
	})
}
