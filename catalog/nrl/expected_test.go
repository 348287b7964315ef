package nrl_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/internal/catalogtest"
	"github.com/spinecat/spinecat/internal/sharedref"
	"github.com/spinecat/spinecat/operationoutcome"
)

const (
	stu3     = "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1"
	rc10net  = "http://fhir.nhs.net/ValueSet/spine-response-code-1-0"
	rc20     = "https://fhir.nhs.uk/ValueSet/spine-response-code-2-0"
	rc10stu3 = "https://fhir.nhs.uk/STU3/ValueSet/spine-response-code-1-0"
	rc20stu3 = "https://fhir.nhs.uk/STU3/ValueSet/spine-response-code-2-0"
)

// expected is written from the NRL error guidance of 2020-09-11
// (nhsconnect/FHIR-NRLS-API@9918c6d:pages/development/general_api_guidance/nrl_error_guidance.md),
// the latest guidance, the NRL docs history and the reference implementation
// (nhsconnect/nrls-reference-implementation@88d6db9), not from nrl.yaml.
// Status 0: the sources do not state it.
var expected = []catalogtest.Row{
	// guidance, Resource Not Found
	{"NO_RECORD_FOUND_DOCUMENT_REFERENCE", stu3, "NO_RECORD_FOUND", 404},
	{"NO_RECORD_FOUND_NHS_NUMBER", stu3, "NO_RECORD_FOUND", 404},
	// guidance, Headers
	{"MISSING_OR_INVALID_HEADER_FROM_ASID", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_TO_ASID", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_AUTHORIZATION", stu3, "MISSING_OR_INVALID_HEADER", 400},
	// reference implementation, JwtHelper.cs
	{"MISSING_OR_INVALID_HEADER_JWT_SECTIONS", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_NO_CLAIMS", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_INVALID", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_MISSING_CLAIM", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_USER_SUB_MISMATCH", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_USER_FORM", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_SYSTEM_SUB_MISMATCH", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_SYSTEM_FORM", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_ASID_UNKNOWN", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_REASON", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_SCOPE", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_ORGANIZATION_FORM", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_ODS_UNKNOWN", stu3, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_OR_INVALID_HEADER_JWT_ASID_ODS_MISMATCH", stu3, "MISSING_OR_INVALID_HEADER", 400},
	// guidance, Parameters; reference implementation, FhirValidation.cs and NrlsMaintain.cs; 2018 docs
	{"INVALID_PARAMETER", stu3, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_SUBJECT_FORMAT", stu3, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_ORGANIZATION_URL_FORMAT", stu3, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_TYPE_SYSTEM", stu3, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_TYPE_CODE", stu3, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_UNSUPPORTED_SEARCH", stu3, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_IDENTIFIER_FORMAT", stu3, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_LOGICAL_ID_FORMAT", stu3, "INVALID_PARAMETER", 400},
	{"INVALID_PARAMETER_IN_DISPLAY", stu3, "INVALID_PARAMETER", 400},
	// guidance, Payload business rules; reference implementation, FhirValidation.cs and NrlsMaintain.cs
	{"INVALID_RESOURCE", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_PROPERTY", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CUSTODIAN_ASID", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_STATUS", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_META_PROFILE", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_MASTER_IDENTIFIER", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_CONTEXT_PERIOD", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_SUPERSEDE_TARGET_NOT_FOUND", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_SUPERSEDE_PATIENT_MISMATCH", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_SUPERSEDE_NO_MASTER_IDENTIFIER", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_SUPERSEDE_MASTER_IDENTIFIER_MISMATCH", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_SUPERSEDE_CUSTODIAN", stu3, "INVALID_RESOURCE", 400},
	{"INVALID_RESOURCE_TYPE", stu3, "INVALID_RESOURCE", 400},
	// guidance, Duplicate Resource, Inactive DocumentReference, Payload syntax
	{"DUPLICATE_REJECTED", stu3, "DUPLICATE_REJECTED", 400},
	{"BAD_REQUEST_INACTIVE_DOCUMENT_REFERENCE", stu3, "BAD_REQUEST", 400},
	{"INVALID_REQUEST_MESSAGE", stu3, "INVALID_REQUEST_MESSAGE", 400},
	// guidance, Organisation Not Found (400 on create); reference implementation, NrlsSearch.cs (404)
	{"ORGANISATION_NOT_FOUND", stu3, "ORGANISATION_NOT_FOUND", 400},
	{"ORGANISATION_NOT_FOUND_SEARCH", stu3, "ORGANISATION_NOT_FOUND", 404},
	// guidance, Invalid NHS Number, Unsupported Media Type, Access denied (TBC), Internal error
	{"INVALID_NHS_NUMBER", stu3, "INVALID_NHS_NUMBER", 400},
	{"UNSUPPORTED_MEDIA_TYPE", rc10net, "UNSUPPORTED_MEDIA_TYPE", 415},
	{"ACCESS_DENIED", stu3, "ACCESS DENIED", 0},
	{"INTERNAL_ERROR", "", "", 500},
	// reference implementation, CreateInternalError; 2018 docs, Internal Error
	{"INTERNAL_SERVER_ERROR", stu3, "INTERNAL_SERVER_ERROR", 500},
	{"INTERNAL_SERVER_ERROR_PERSIST", stu3, "INTERNAL_SERVER_ERROR", 500},
	// 2017-2018 NRL pages
	{"ACCESS_DENIED_SSL", stu3, "ACCESS_DENIED_SSL", 403},
	{"ASID_CHECK_FAILED", stu3, "ASID_CHECK_FAILED", 403},
	{"INVALID_CODE_SYSTEM", stu3, "INVALID_CODE_SYSTEM", 400},
	{"INVALID_CODE_VALUE", stu3, "INVALID_CODE_VALUE", 400},
	{"INVALID_ELEMENT", stu3, "INVALID_ELEMENT", 400},
	{"INVALID_IDENTIFIER_SYSTEM", stu3, "INVALID_IDENTIFIER_SYSTEM", 400},
	{"MESSAGE_NOT_WELL_FORMED", stu3, "MESSAGE_NOT_WELL_FORMED", 400},
	{"PATIENT_NOT_FOUND", stu3, "PATIENT_NOT_FOUND", 404},
	{"REQUEST_UNMATCHED", stu3, "REQUEST_UNMATCHED", 400},
	// success outcomes (interaction pages)
	{"RESOURCE_CREATED", stu3, "RESOURCE_CREATED", 201},
	{"RESOURCE_UPDATED", stu3, "RESOURCE_UPDATED", 200},
	{"RESOURCE_DELETED", stu3, "RESOURCE_DELETED", 200},
}

func TestEntries(t *testing.T) {
	catalogtest.CompareEntries(t, expected, nrl.Entries())
}

func issue(sev operationoutcome.Severity, typ operationoutcome.IssueType, system, code, display, diag string) *operationoutcome.Issue {
	return &operationoutcome.Issue{
		Severity:    sev,
		Code:        typ,
		Details:     &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{System: system, Code: code, Display: display}}},
		Diagnostics: diag,
	}
}

// TestIdentifyDocumented identifies bodies built from the values the sources
// document (the 2020-09-11 guidance first, then the later guidance and the RI) and checks
// the entry, the variants needed and the parameters pulled out.
func TestIdentifyDocumented(t *testing.T) {
	const (
		E = operationoutcome.SeverityError
		W = operationoutcome.SeverityWarning
	)
	cases := []struct {
		name     string
		status   int
		iss      *operationoutcome.Issue
		entry    string
		variants []string
		params   map[string]string
	}{
		{"2020-09 guidance not found by id", 404,
			issue(E, "not-found", stu3, "NO_RECORD_FOUND", "No record found", "No record found for supplied DocumentReference identifier - 5a4171ac-486e-11e8-9ffc-6c3be5a609f5"),
			"NO_RECORD_FOUND_DOCUMENT_REFERENCE", nil, map[string]string{"id": "5a4171ac-486e-11e8-9ffc-6c3be5a609f5"}},
		{"2018 docs en dash", 404,
			issue(E, "not-found", stu3, "NO_RECORD_FOUND", "No record found", "No record found for supplied DocumentReference identifier – 5b5c5bec7f1c649fdea426a1."),
			"NO_RECORD_FOUND_DOCUMENT_REFERENCE", []string{"en-dash"}, map[string]string{"id": "5b5c5bec7f1c649fdea426a1"}},
		{"2020-09 guidance not found by NHS number", 404,
			issue(E, "not-found", stu3, "NO_RECORD_FOUND", "No record found", "The given NHS number could not be found 9434765919"),
			"NO_RECORD_FOUND_NHS_NUMBER", nil, map[string]string{"nhsNumber": "9434765919"}},
		{"2020-09 guidance toASID", 400,
			issue(E, "invalid", stu3, "MISSING_OR_INVALID_HEADER", "There is a required header missing or invalid", "toASID HTTP Header is missing"),
			"MISSING_OR_INVALID_HEADER_TO_ASID", nil, nil},
		{"latest guidance Authorization", 400,
			issue(E, "structure", stu3, "MISSING_OR_INVALID_HEADER", "There is a required header missing or invalid", "The Authorisation header must be supplied"),
			"MISSING_OR_INVALID_HEADER_AUTHORIZATION", []string{"latest-guidance-structure"}, nil},
		{"2020-09 guidance invlid typo", 400,
			issue(E, "invlid", stu3, "INVALID_PARAMETER", "Invalid parameter", "Unsupported search parameter - _summary=total"),
			"INVALID_PARAMETER", []string{"invlid-typo"}, map[string]string{"detail": "Unsupported search parameter - _summary=total"}},
		{"2020-09 guidance duplicate with br", 400,
			issue(E, "duplicate", stu3, "DUPLICATE_REJECTED", "Duplicate DocumentReference", "Duplicate masterIdentifier value: urn:oid:1.2.3<br />system: urn:ietf:rfc:3986"),
			"DUPLICATE_REJECTED", []string{"br-tag"}, map[string]string{"masterIdentifierValue": "urn:oid:1.2.3", "masterIdentifierSystem": "urn:ietf:rfc:3986"}},
		{"2020-09 guidance inactive", 400,
			issue(W, "invalid", stu3, "BAD_REQUEST", "Bad Request", "DocumentReference status is not current."),
			"BAD_REQUEST_INACTIVE_DOCUMENT_REFERENCE", nil, nil},
		{"2020-09 guidance organisation not found on create", 400,
			issue(E, "not-found", stu3, "ORGANISATION_NOT_FOUND", "Organisation not found", "The ODS code in the custodian and/or author element is not resolvable - RGD"),
			"ORGANISATION_NOT_FOUND", nil, map[string]string{"odsCode": "RGD"}},
		{"RI organisation not found on search", 404,
			issue(E, "not-found", stu3, "ORGANISATION_NOT_FOUND", "Organisation record not found", "The ODS code in the custodian and/or author element is not resolvable – RGD."),
			"ORGANISATION_NOT_FOUND_SEARCH", []string{"ri"}, map[string]string{"odsCode": "RGD"}},
		{"2020-09 guidance 415", 415,
			issue(E, "invalid", rc10net, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", "Unsupported Media Type"),
			"UNSUPPORTED_MEDIA_TYPE", nil, nil},
		{"latest guidance 415", 415,
			issue(E, "invalid", rc20, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", "Unsupported Media Type"),
			"UNSUPPORTED_MEDIA_TYPE", []string{"latest-guidance-2-0"}, nil},
		{"RI 415", 415,
			issue(E, "invalid", rc10stu3, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", "Unsupported Media Type"),
			"UNSUPPORTED_MEDIA_TYPE", []string{"ri-stu3-valueset"}, nil},
		{"RI access denied", 403,
			issue(E, "invalid", stu3, "ACCESS_DENIED", "ResourceType is invalid", "Invalid Client Connection."),
			// The registry matches field by field: the code is first found in
			// the 2018 docs variant, the rest in the RI's.
			"ACCESS_DENIED", []string{"docs-2018-underscore", "ri-interaction"}, nil},
		{"RI fixture deleted", 200,
			issue(operationoutcome.SeverityInformation, "informational", rc20stu3, "RESOURCE_DELETED", "Resource removed", "Successfully removed resource DocumentReference: https://testdomain/testurl"),
			"RESOURCE_DELETED", []string{"ri-fixture-valueset-system"}, map[string]string{"url": "https://testdomain/testurl"}},
	}
	reg := nrl.Registry()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ok := reg.Identify(c.iss, catalog.Evidence{Status: c.status, API: "nrl"})
			catalogtest.CheckMatch(t, m, ok, c.entry, c.variants, c.params)
		})
	}
}

// TestConstructors checks that the constructors emit the 2020-09-11 guidance's templates.
func TestConstructors(t *testing.T) {
	cases := []struct {
		err    *catalog.Error
		diag   string
		status int
	}{
		{nrl.NoRecordFoundDocumentReference("5a4171ac-486e-11e8-9ffc-6c3be5a609f5"), "No record found for supplied DocumentReference identifier - 5a4171ac-486e-11e8-9ffc-6c3be5a609f5", 404},
		{nrl.NoRecordFoundNHSNumber("9434765919"), "The given NHS number could not be found 9434765919", 404},
		{nrl.InvalidNHSNumber("9434765918"), "The NHS number does not conform to the NHS Number format: 9434765918", 400},
		{nrl.OrganisationNotFound("RGD"), "The ODS code in the custodian and/or author element is not resolvable - RGD", 400},
		{nrl.OrganisationNotFoundSearch("RGD"), "The ODS code in the custodian and/or author element is not resolvable - RGD", 404},
	}
	for _, c := range cases {
		if got := c.err.Diagnostics(); got != c.diag {
			t.Errorf("%s: diagnostics %q, want %q", c.err.Entry().Name, got, c.diag)
		}
		if got := catalog.HTTPStatus(c.err); got != c.status {
			t.Errorf("%s: status %d, want %d", c.err.Entry().Name, got, c.status)
		}
	}
	if !errors.Is(nrl.NoRecordFoundDocumentReference("x"), nrl.ErrNoRecordFoundDocumentReference) {
		t.Error("errors.Is does not match the sentinel")
	}
	if errors.Is(nrl.NoRecordFoundDocumentReference("x"), nrl.ErrNoRecordFoundNHSNumber) {
		t.Error("two entries with the same code compare equal")
	}
}

// TestIdentifyExamples identifies every issue of the NRL example bodies in
// the shared reference folder (the docs' XML and JSON examples and the
// reference implementation's test fixtures) and requires a match without
// differences.
func TestIdentifyExamples(t *testing.T) {
	root := sharedref.Path(t, "reference", "nrl-spine", "examples")
	reg := nrl.Registry()
	n := 0
	for _, dir := range []string{"nrl-stu3-docs", "nrl-stu3-ri-fixtures"} {
		files, err := filepath.Glob(filepath.Join(root, dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, ".meta") {
				continue
			}
			meta, err := os.ReadFile(f + ".meta")
			if err != nil {
				t.Fatal(err)
			}
			status := 0
			for _, line := range strings.Split(string(meta), "\n") {
				if v, ok := strings.CutPrefix(line, "http_status: "); ok {
					status, _ = strconv.Atoi(strings.Fields(v)[0])
				}
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			oo, err := operationoutcome.Decode(data, operationoutcome.DecodeOptions{})
			if err != nil {
				t.Errorf("%s/%s: %v", dir, filepath.Base(f), err)
				continue
			}
			for i := range oo.Issue {
				if oo.Issue[i].FirstCoding() == nil {
					continue // the RI's generic fixture without details documents no error type
				}
				n++
				m, ok := reg.Identify(&oo.Issue[i], catalog.Evidence{Status: status, API: "nrl"})
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
