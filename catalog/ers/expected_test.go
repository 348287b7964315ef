package ers_test

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
)

const (
	ersErrorCodes    = "https://fhir.nhs.uk/CodeSystem/ers-error-codes"
	httpErrorCodes   = "https://fhir.nhs.uk/CodeSystem/http-error-codes"
	nhsdAPI          = "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode"
	ersAPIErrorCode1 = "https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1"
	ersAPIValueSet   = "https://fhir.nhs.uk/STU3/ValueSet/eRS-APIErrorCode-1"
	ersAPIErrorCode  = "https://fhir.nhs.uk/CodeSystem/eRS-APIErrorCode"
)

type triple struct {
	System string
	Code   string
	Status int
}

// liveTriples is every (coding system, code, HTTP status) that the current
// e-RS API documents or emits, written from the research table of e-RS codes
// (the live rows: specification tables and examples at HEAD, and the API
// gateway's proxy policies), not from the catalogue. A status counts once per
// code however many endpoints share it. REC_UNSUPPORTED_MEDIA_TYPE is listed
// although no R4 endpoint references its response file. The sandbox-only
// SANDBOX_ERROR, the Patient Care API codes and the codes of the deprecated
// pre-APIM documentation are not part of the live API.
var liveTriples = []triple{
	{ersErrorCodes, "NO_RELATIONSHIP", 403},
	{ersErrorCodes, "PENDING", 422},
	{ersErrorCodes, "THREATS_FOUND", 422},
	{ersErrorCodes, "VALIDATION_FAILED", 422},
	{httpErrorCodes, "REC_BAD_REQUEST", 400},
	{httpErrorCodes, "REC_FORBIDDEN", 403},
	{httpErrorCodes, "REC_NOT_ACCEPTABLE", 406},
	{httpErrorCodes, "REC_NOT_FOUND", 404},
	{httpErrorCodes, "REC_SERVER_ERROR", 500},
	{httpErrorCodes, "REC_UNAVAILABLE", 503},
	{httpErrorCodes, "REC_UNSUPPORTED_MEDIA_TYPE", 415},
	{nhsdAPI, "ACCESS_DENIED", 401},
	{nhsdAPI, "ACCESS_DENIED", 403},
	{nhsdAPI, "MISSING_HEADER", 400},
	{nhsdAPI, "SERVICE_ERROR", 500},
	{nhsdAPI, "TOO_MANY_REQUESTS", 429},
	{ersAPIErrorCode1, "CONFLICTING_VALUES", 422},
	{ersAPIErrorCode1, "DUPLICATE_FILENAME", 422},
	{ersAPIErrorCode1, "DUPLICATE_SERVICE", 422},
	{ersAPIErrorCode1, "FIELD_NOT_PERMITTED", 422},
	{ersAPIErrorCode1, "FILE_SIZE_ERROR", 422},
	{ersAPIErrorCode1, "FORBIDDEN", 403},
	{ersAPIErrorCode1, "HISTORY_NOT_SUPPORTED", 400},
	{ersAPIErrorCode1, "INAPPROPRIATE_SLOT", 422},
	{ersAPIErrorCode1, "INAPPROPRIATE_VALUE", 422},
	{ersAPIErrorCode1, "INVALID_CODE", 400},
	{ersAPIErrorCode1, "INVALID_CODE", 422},
	{ersAPIErrorCode1, "INVALID_FHIR_STRUCTURE", 422},
	{ersAPIErrorCode1, "INVALID_REQUEST_STATE", 422},
	{ersAPIErrorCode1, "INVALID_REQUEST_TYPE", 400},
	{ersAPIErrorCode1, "INVALID_REQUEST_TYPE", 422},
	{ersAPIErrorCode1, "INVALID_STATE", 400},
	{ersAPIErrorCode1, "INVALID_STATE", 422},
	{ersAPIErrorCode1, "INVALID_VALUE", 400},
	{ersAPIErrorCode1, "INVALID_VALUE", 422},
	{ersAPIErrorCode1, "MISSING_HEADER", 400},
	{ersAPIErrorCode1, "MISSING_PARAMETER", 400},
	{ersAPIErrorCode1, "MISSING_VALUE", 422},
	{ersAPIErrorCode1, "NO_ACCESS", 401},
	{ersAPIErrorCode1, "NO_ACCESS", 403},
	{ersAPIErrorCode1, "NO_ACCESS_CODE", 422},
	{ersAPIErrorCode1, "NO_CHANGES_DETECTED", 422},
	{ersAPIErrorCode1, "NO_REG_GP_PRACTICE", 422},
	{ersAPIErrorCode1, "NO_RELATIONSHIP", 400},
	{ersAPIErrorCode1, "NO_RELATIONSHIP", 422},
	{ersAPIErrorCode1, "ORGANISATION_IS_CLOSED", 422},
	{ersAPIErrorCode1, "ORGANISATION_NOT_APPROPRIATE", 422},
	{ersAPIErrorCode1, "PAS_NOT_RESPONDING", 504},
	{ersAPIErrorCode1, "PAS_RESPONDED_WITH_ERROR", 502},
	{ersAPIErrorCode1, "PATIENT_ERROR", 400},
	{ersAPIErrorCode1, "PATIENT_ERROR", 422},
	{ersAPIErrorCode1, "PENDING", 422},
	{ersAPIErrorCode1, "PRIORITY_NOT_CURRENT", 422},
	{ersAPIErrorCode1, "REFERENCED_USER_IS_NOT_ACTIVE", 422},
	{ersAPIErrorCode1, "REFERENCED_USER_IS_NOT_RC", 422},
	{ersAPIErrorCode1, "REFERENCED_USER_IS_NOT_RC_AT_ORG", 422},
	{ersAPIErrorCode1, "REFERENCED_USER_IS_NOT_SPC", 422},
	{ersAPIErrorCode1, "REFERENCED_USER_NOT_IN_ORG", 422},
	{ersAPIErrorCode1, "REFERENCE_NOT_FOUND", 400},
	{ersAPIErrorCode1, "REFERENCE_NOT_FOUND", 422},
	{ersAPIErrorCode1, "SERVICE_UNAVAILABLE", 400},
	{ersAPIErrorCode1, "SERVICE_UNAVAILABLE", 422},
	{ersAPIErrorCode1, "SHORTLISTED_SERVICE_NOT_IN_RESULTS", 422},
	{ersAPIErrorCode1, "SLOTS_CURRENTLY_AVAILABLE", 422},
	{ersAPIErrorCode1, "SLOT_NOT_AVAILABLE", 422},
	{ersAPIErrorCode1, "SNOMED_NOT_FOUND", 422},
	{ersAPIErrorCode1, "SYSTEM_UNAVAILABLE", 503},
	{ersAPIErrorCode1, "THIS_SLOT_IS_AVAILABLE", 422},
	{ersAPIErrorCode1, "THREATS_FOUND", 422},
	{ersAPIErrorCode1, "TOO_MANY_ITEMS", 422},
	{ersAPIErrorCode1, "UNABLE_TO_CANCEL_APPOINTMENT", 422},
	{ersAPIErrorCode1, "UNABLE_TO_CONFIRM_APPOINTMENT", 422},
	{ersAPIErrorCode1, "UNEXPECTED_FIELD", 422},
	{ersAPIErrorCode1, "UNSUPPORTED_PRIORITY", 422},
	{ersAPIErrorCode1, "VALIDATION_FAILED", 422},
	{ersAPIErrorCode1, "VALUE_IS_REQUIRED", 422},
}

// historicalTriples are the documented departures the catalogue records as
// variants (typos, drafts, superseded statuses); constructors never emit them.
var historicalTriples = []triple{
	{httpErrorCodes, "PENDING", 422},              // 2026-06 intermediate spec state
	{ersAPIErrorCode1, "INAPPOPRIATE_VALUE", 400}, // 2022 A035 table typo
	{ersAPIValueSet, "MISSING_VALUE", 422},        // 2017-18 draft: ValueSet URL as system
	{ersAPIErrorCode1, "FORBIDDEN", 422},          // pre-APIM A016
	{ersAPIErrorCode1, "PAS_NOT_RESPONDING", 422}, // pre-APIM A016
	{ersAPIErrorCode, "INVALID", 400},             // 2022 first R4 example: draft system, A035
	{ersAPIErrorCode1, "SANDBOX_ERROR", 400},      // sandbox, search endpoints
}

// sandboxAndWithdrawn are entries a client can still meet that the live API
// does not document: the sandbox's own error, and the withdrawn A039.
var sandboxAndWithdrawn = []triple{
	{nhsdAPI, "SANDBOX_ERROR", 400},
	{ersAPIErrorCode1, "SANDBOX_ERROR", 422},
	{httpErrorCodes, "REC_UNPROCESSABLE_ENTITY", 422},
}

// bodiless is every documented e-RS response that carries no
// OperationOutcome: (FHIR version, status, body kind).
type bodiless struct {
	FHIR   string
	Status int
	Body   catalog.BodyKind
}

var wantBodiless = []bodiless{
	{"R4", 403, catalog.BodyText},   // app-restricted call sent x-ers-* headers: empty text/plain
	{"STU3", 401, catalog.BodyNone}, // bad token on STU3 paths
	{"STU3", 403, catalog.BodyText}, // app-restricted call sent x-ers-* headers: empty text/plain
	{"STU3", 404, catalog.BodyNone}, // Not Found, documented without a body
	{"STU3", 406, catalog.BodyText}, // text/plain;charset=utf-8
	{"STU3", 409, catalog.BodyNone}, // If-Match version conflict
	{"STU3", 412, catalog.BodyNone}, // If-Match missing
	{"STU3", 415, catalog.BodyText}, // text/plain;charset=utf-8
	{"STU3", 423, catalog.BodyNone}, // Locked
	{"STU3", 429, catalog.BodyNone}, // rate limit on STU3 paths
	{"STU3", 500, catalog.BodyNone}, // allow-list error on STU3 paths (status inferred)
}

func sortTriples(ts []triple) []triple {
	ts = append([]triple(nil), ts...)
	sort.Slice(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if a.System != b.System {
			return a.System < b.System
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Status < b.Status
	})
	return ts
}

func uniq(ts []triple) []triple {
	seen := map[triple]bool{}
	var out []triple
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return sortTriples(out)
}

// TestLiveCodes checks that the catalogue's entries (variants aside) carry
// exactly the live (system, code, status) triples: none missing, none extra.
func TestLiveCodes(t *testing.T) {
	var got []triple
	for _, e := range ers.Entries() {
		if e.Body != catalog.BodyOperationOutcome {
			continue
		}
		got = append(got, triple{e.SystemURL(), e.Code, e.Status})
	}
	want := uniq(liveTriples)
	if len(want) != len(liveTriples) {
		t.Fatalf("liveTriples has duplicates")
	}
	if d := cmp.Diff(uniq(append(append([]triple{}, liveTriples...), sandboxAndWithdrawn...)), uniq(got)); d != "" {
		t.Errorf("live (system, code, status) triples differ (-want +got):\n%s", d)
	}
	codes := map[string]map[string]bool{}
	for _, tr := range want {
		if codes[tr.System] == nil {
			codes[tr.System] = map[string]bool{}
		}
		codes[tr.System][tr.Code] = true
	}
	if n := len(codes[ersAPIErrorCode1]); n != 51 {
		t.Errorf("%d live eRS-APIErrorCode-1 codes in the table, want 51", n)
	}
	t.Logf("%d live (system, code, status) triples over %d codes in 4 systems; %d entries", len(want),
		len(codes[ersErrorCodes])+len(codes[httpErrorCodes])+len(codes[nhsdAPI])+len(codes[ersAPIErrorCode1]), len(ers.Entries()))
}

// TestVariantCodes checks that every variant's effective (system, code,
// status) is either a live triple or a documented historical one, and that
// every historical one is recorded.
func TestVariantCodes(t *testing.T) {
	live := map[triple]bool{}
	for _, tr := range liveTriples {
		live[tr] = true
	}
	var got []triple
	n := 0
	for _, e := range ers.Entries() {
		for _, v := range e.Variants {
			n++
			tr := triple{e.SystemURL(), e.Code, e.Status}
			if v.System != "" {
				tr.System = v.System
			}
			if v.Code != "" {
				tr.Code = v.Code
			}
			if v.Status != 0 {
				tr.Status = v.Status
			}
			if !live[tr] {
				got = append(got, tr)
			}
		}
	}
	if d := cmp.Diff(uniq(historicalTriples), uniq(got)); d != "" {
		t.Errorf("historical variant triples differ (-want +got):\n%s", d)
	}
	t.Logf("%d variants; %d historical (system, code, status) triples", n, len(historicalTriples))
}

// TestBodiless checks the documented responses without an OperationOutcome.
func TestBodiless(t *testing.T) {
	var got []bodiless
	for _, e := range ers.Entries() {
		if e.Body == catalog.BodyOperationOutcome {
			continue
		}
		if e.System != nil || e.Code != "" {
			t.Errorf("%s: a %s body has coding %s|%s", e.ID(), e.Body, e.SystemURL(), e.Code)
		}
		got = append(got, bodiless{string(e.Dialect.FHIR), e.Status, e.Body})
	}
	sort.Slice(got, func(i, j int) bool {
		if got[i].FHIR != got[j].FHIR {
			return got[i].FHIR < got[j].FHIR
		}
		return got[i].Status < got[j].Status
	})
	if d := cmp.Diff(wantBodiless, got); d != "" {
		t.Errorf("responses without an OperationOutcome differ (-want +got):\n%s", d)
	}
	t.Logf("%d responses without an OperationOutcome", len(got))
}

// TestSearchEndpoints400 checks that the STU3 entries with status 400 name
// only the search endpoints A015, A025 and A029 (the backend's 400s) or none
// (the gateway's).
func TestSearchEndpoints400(t *testing.T) {
	search := map[string]bool{"A015": true, "A025": true, "A029": true}
	for _, e := range ers.Entries() {
		if e.Dialect.FHIR != "STU3" || e.Status != 400 {
			continue
		}
		for _, ep := range e.Endpoints {
			if !search[ep] {
				t.Errorf("%s: status 400 on %s; e-RS STU3 returns 400 only on A015, A025 and A029", e.ID(), ep)
			}
		}
	}
}
