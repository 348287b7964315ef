package nrlf_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/internal/catalogtest"
	"github.com/spinecat/spinecat/internal/sharedref"
	"github.com/spinecat/spinecat/operationoutcome"
)

const (
	vs1      = "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1"
	nrlResp  = "https://fhir.nhs.uk/ValueSet/NRL-ResponseCode"
	r4       = "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode"
	httpCode = "https://fhir.nhs.uk/CodeSystem/http-error-codes"
)

// expected is written from the NRLF sources (NRLF v3 at NHSDigital/NRLF@03ed227b,
// its Apigee proxies at NHSDigital/nrl-producer-api@ec0303b and
// NHSDigital/nrl-consumer-api@25d6f5b, its AWS API Gateway responses and the
// 2026 specification), not from nrlf.yaml. Status 0: the status is not a single documented value.
var expected = []catalogtest.Row{
	// headers and access (layer/nrlf/core/decorators.py, request.py; consumer read)
	{"MISSING_OR_INVALID_HEADER_REQUEST_ID", vs1, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_CORRELATION_ID", vs1, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_CONNECTION_METADATA", vs1, "MISSING_OR_INVALID_HEADER", 401},
	{"ACCESS_DENIED_NO_POINTER_TYPES", vs1, "ACCESS DENIED", 403},
	{"ACCESS_DENIED_POINTER_TYPE", vs1, "ACCESS DENIED", 403},
	// parameters and body (layer/nrlf/core/request.py)
	{"INVALID_PARAMETER_QUERY", vs1, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_PATH", vs1, "INVALID_PARAMETER", 400},
	{"BAD_REQUEST_BODY_REQUIRED", vs1, "BAD_REQUEST", 400},
	{"MESSAGE_NOT_WELL_FORMED", vs1, "MESSAGE_NOT_WELL_FORMED", 400},
	// DocumentReferenceValidator (layer/nrlf/core/validators.py)
	{"INVALID_RESOURCE_PARSE", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_REQUIRED_FIELD", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_EXTRA_FIELDS", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CUSTODIAN_IDENTIFIER", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_SUBJECT_IDENTIFIER", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_IDENTIFIER_SYSTEM_CUSTODIAN", vs1, "INVALID_IDENTIFIER_SYSTEM", 400},
	{"INVALID_IDENTIFIER_SYSTEM_SUBJECT", vs1, "INVALID_IDENTIFIER_SYSTEM", 400},
	{"INVALID_CODE_VALUE_RELATES_TO", vs1, "INVALID_CODE_VALUE", 400},
	{"INVALID_IDENTIFIER_VALUE_RELATES_TO_TARGET", vs1, "INVALID_IDENTIFIER_VALUE", 400},
	{"INVALID_RESOURCE_MULTIPLE_ASIDS", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_IDENTIFIER_VALUE_ASID", vs1, "INVALID_IDENTIFIER_VALUE", 400},
	{"INVALID_RESOURCE_SSP_NO_RELATED", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_SSP_NO_ASID", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CATEGORY_LENGTH", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CATEGORY_CODING_LENGTH", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CATEGORY_SYSTEM", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CATEGORY_CODE", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CATEGORY_DISPLAY", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CONTENT_EXTENSION_LENGTH", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CONTENT_EXTENSION_CODING", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CONTENT_EXTENSION_SYSTEM", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CONTENT_EXTENSION_CODE", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CONTENT_EXTENSION_DISPLAY", vs1, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CONTENT_EXTENSION_URL", vs1, "INVALID_RESOURCE", 400},
	// producer create, upsert, update (api/producer/*; the repository's duplicate check)
	{"BAD_REQUEST_CUSTODIAN_MISMATCH", vs1, "BAD_REQUEST", 400},
	{"AUTHOR_CREDENTIALS_ERROR_TYPE_NOT_ALLOWED", vs1, "AUTHOR_CREDENTIALS_ERROR", 403},
	{"BAD_REQUEST_CATEGORY_MISMATCH", vs1, "BAD_REQUEST", 400},
	{"BAD_REQUEST_SUPERSEDE_NO_IDENTIFIER", vs1, "BAD_REQUEST", 400},
	{"BAD_REQUEST_SUPERSEDE_ODS", vs1, "BAD_REQUEST", 400},
	{"BAD_REQUEST_SUPERSEDE_TARGET_NOT_FOUND", vs1, "BAD_REQUEST", 400},
	{"BAD_REQUEST_SUPERSEDE_NHS_NUMBER_MISMATCH", vs1, "BAD_REQUEST", 400},
	{"BAD_REQUEST_SUPERSEDE_TYPE_MISMATCH", vs1, "BAD_REQUEST", 400},
	{"BAD_REQUEST_ID_ODS", vs1, "BAD_REQUEST", 400},
	{"AUTHOR_CREDENTIALS_ERROR_ID_ODS", vs1, "AUTHOR_CREDENTIALS_ERROR", 403},
	{"BAD_REQUEST_ID_MISMATCH", vs1, "BAD_REQUEST", 400},
	{"BAD_REQUEST_IMMUTABLE_FIELD", vs1, "BAD_REQUEST", 400},
	{"DUPLICATE_REJECTED", vs1, "DUPLICATE_REJECTED", 409},
	// read, delete (not found; another organisation's pointer)
	{"NO_RECORD_FOUND", vs1, "NO_RECORD_FOUND", 404},
	{"AUTHOR_CREDENTIALS_ERROR_DELETE_OTHER_ORGANISATION", vs1, "AUTHOR_CREDENTIALS_ERROR", 403},
	{"AUTHOR_CREDENTIALS_ERROR_READ_OTHER_ORGANISATION", vs1, "AUTHOR_CREDENTIALS_ERROR", 403},
	// search and count (NHS number, type system)
	{"INVALID_NHS_NUMBER_SEARCH_INVALID", vs1, "INVALID_NHS_NUMBER", 400},
	{"INVALID_NHS_NUMBER_SEARCH_MISSING", vs1, "INVALID_NHS_NUMBER", 400},
	{"INVALID_NHS_NUMBER_SEARCH_REQUIRED", vs1, "INVALID_NHS_NUMBER", 400},
	{"INVALID_IDENTIFIER_VALUE_COUNT_NHS_NUMBER", vs1, "INVALID_IDENTIFIER_VALUE", 400},
	{"INVALID_CODE_SYSTEM_TYPE", vs1, "INVALID_CODE_SYSTEM", 400},
	// internal errors (unhandled, repository, parse of a stored pointer, _status 503)
	{"INTERNAL_SERVER_ERROR", vs1, "INTERNAL_SERVER_ERROR", 500},
	{"INTERNAL_SERVER_ERROR_REPOSITORY", vs1, "INTERNAL_SERVER_ERROR", 500},
	{"INTERNAL_SERVER_ERROR_PARSE_EXISTING", vs1, "INTERNAL_SERVER_ERROR", 500},
	{"INTERNAL_SERVER_ERROR_PARSE_DOCUMENT", vs1, "INTERNAL_SERVER_ERROR", 500},
	{"INTERNAL_SERVER_ERROR_PARSE_SEARCH", vs1, "INTERNAL_SERVER_ERROR", 500},
	{"STATUS_SERVICE_UNAVAILABLE", "", "", 503},
	// success (layer/nrlf/core/response.py)
	{"RESOURCE_CREATED", nrlResp, "RESOURCE_CREATED", 201},
	{"RESOURCE_SUPERSEDED", nrlResp, "RESOURCE_SUPERSEDED", 201},
	{"RESOURCE_UPDATED", nrlResp, "RESOURCE_UPDATED", 200},
	{"RESOURCE_DELETED", nrlResp, "RESOURCE_DELETED", 200},
	// 2026 specification (422 UNPROCESSABLE_ENTITY)
	{"UNPROCESSABLE_ENTITY", httpCode, "UNPROCESSABLE_ENTITY", 422},
	// Apigee proxies (the 400 X-Request-Id fault is a variant of the v3 entry)
	{"APIGEE_PRECONDITION_FAILED_ODS_HEADER", r4, "PRECONDITION_FAILED", 400},
	{"APIGEE_ACCESS_DENIED_OAUTH", r4, "ACCESS_DENIED", 401},
	{"APIGEE_ACCESS_DENIED_STATUS", r4, "ACCESS_DENIED", 401},
	{"APIGEE_PRECONDITION_FAILED_NRL_APP_ID", r4, "PRECONDITION_FAILED", 403},
	{"APIGEE_ACCESS_DENIED_NO_POINTERS", r4, "ACCESS_DENIED", 403},
	{"APIGEE_FAILURE_TO_PROCESS_MESSAGE", r4, "FAILURE_TO_PROCESS_MESSAGE", 0},
	// AWS API Gateway (Terraform gateway responses): no coding
	{"APIGATEWAY_ACCESS_DENIED", "", "", 403},
	{"APIGATEWAY_DEFAULT_4XX", "", "", 0},
	{"APIGATEWAY_DEFAULT_5XX", "", "", 0},
}

func TestEntries(t *testing.T) {
	catalogtest.CompareEntries(t, expected, nrlf.Entries())
}

// TestIdentifyExamples identifies every issue of the NRLF example bodies in
// the shared reference folder (v3 unit tests and features, OpenAPI examples,
// Apigee payloads, API Gateway responses) and requires a match without
// differences. Legacy v2 bodies are left out (v2 is retired), and so are the
// framework unit tests whose status and issue code the test itself chooses.
func TestIdentifyExamples(t *testing.T) {
	root := sharedref.Path(t, "reference", "nrl-spine", "examples")
	reg := nrlf.Registry()
	n := 0
	for _, dir := range []string{"nrlf-v3-unit", "nrlf-v3-features", "nrlf-openapi", "nrlf-apigee", "nrlf-apigateway"} {
		files, err := filepath.Glob(filepath.Join(root, dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			meta, err := os.ReadFile(f + ".meta")
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(meta), "helper/framework unit test") {
				continue
			}
			status := 0
			for _, line := range strings.Split(string(meta), "\n") {
				if v, ok := strings.CutPrefix(line, "http_status: "); ok {
					status, _ = strconv.Atoi(strings.Fields(v)[0]) // "4XX", "200, 201": first number or 0
				}
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(f, ".issue.json") { // a bare issue from a feature file
				data = []byte(`{"resourceType":"OperationOutcome","issue":[` + string(data) + `]}`)
			}
			oo, err := operationoutcome.Decode(data, operationoutcome.DecodeOptions{})
			if err != nil {
				t.Errorf("%s/%s: %v", dir, filepath.Base(f), err)
				continue
			}
			for i := range oo.Issue {
				n++
				m, ok := reg.Identify(&oo.Issue[i], catalog.Evidence{Status: status, API: "nrlf"})
				switch {
				case !ok:
					t.Errorf("%s/%s issue %d: not identified", dir, filepath.Base(f), i)
				case len(m.Differences) > 0:
					t.Errorf("%s/%s issue %d: identified as %s with differences %+v", dir, filepath.Base(f), i, m.Entry.Name, m.Differences)
				}
			}
		}
	}
	t.Logf("%d example issues identified", n)
}

func TestConstructors(t *testing.T) {
	err := nrlf.AccessDeniedNoPointerTypes("RGD")
	if got, want := err.Diagnostics(), "Your organisation 'RGD' does not have permission to access this resource. Contact the onboarding team."; got != want {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
	if got := catalog.HTTPStatus(err); got != 403 {
		t.Errorf("status %d, want 403", got)
	}
	if got := err.Entry().Code; got != "ACCESS DENIED" {
		t.Errorf("code %q, want ACCESS DENIED with its space", got)
	}
}
