package operationoutcome

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The bodies below are written for these tests in the shapes the APIs use
// (see the package documentation of catalog for the dialects).

const (
	nrlProfile = "https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"
	nrlSystem  = "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1"
	nrlfSystem = "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1"
	ersSystem  = "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode"
)

// NRL on STU3: id and meta.profile, one issue, display and diagnostics.
const nrlJSON = `{
  "resourceType": "OperationOutcome",
  "id": "0b1f6f1e-2c1d-4a55-9d1e-7c0a3e8b9f10-00000000000000000042",
  "meta": {
    "profile": [
      "https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"
    ]
  },
  "issue": [
    {
      "severity": "error",
      "code": "not-found",
      "details": {
        "coding": [
          {
            "system": "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1",
            "code": "NO_RECORD_FOUND",
            "display": "No record found"
          }
        ]
      },
      "diagnostics": "No record found for supplied DocumentReference identifier - 9a1b2c3d"
    }
  ]
}`

const nrlXML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- NRL answers XML by default -->
<OperationOutcome xmlns="http://hl7.org/fhir">
  <id value="0b1f6f1e-2c1d-4a55-9d1e-7c0a3e8b9f10-00000000000000000042" />
  <meta>
    <profile value="https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"/>
  </meta>
  <issue>
    <severity value="error" />
    <code value="not-found"/>
    <details>
      <coding>
        <system value="https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1" />
        <code value="NO_RECORD_FOUND" />
        <display value="No record found" />
      </coding>
    </details>
    <diagnostics value="No record found for supplied DocumentReference identifier - 9a1b2c3d" />
  </issue>
</OperationOutcome>
`

var nrlWant = &OperationOutcome{
	ID:   "0b1f6f1e-2c1d-4a55-9d1e-7c0a3e8b9f10-00000000000000000042",
	Meta: &Meta{Profile: []string{nrlProfile}},
	Issue: []Issue{{
		Severity: SeverityError,
		Code:     IssueNotFound,
		Details: &CodeableConcept{Coding: []Coding{{
			System: nrlSystem, Code: "NO_RECORD_FOUND", Display: "No record found",
		}}},
		Diagnostics: "No record found for supplied DocumentReference identifier - 9a1b2c3d",
	}},
}

// NRLF on R4: no id or meta, several issues each with expression.
const nrlfJSON = `{
  "resourceType": "OperationOutcome",
  "issue": [
    {
      "severity": "error",
      "code": "invalid",
      "details": {
        "coding": [
          {
            "system": "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1",
            "code": "INVALID_RESOURCE",
            "display": "Invalid validation of resource"
          }
        ]
      },
      "diagnostics": "The custodian of the provided DocumentReference does not match the expected ODS code",
      "expression": [
        "custodian.identifier.value"
      ]
    },
    {
      "severity": "error",
      "code": "value",
      "details": {
        "coding": [
          {
            "system": "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1",
            "code": "INVALID_RESOURCE",
            "display": "Invalid validation of resource"
          }
        ]
      },
      "diagnostics": "relatesTo target identifier is \"not-a-pointer\" <and> has & odd chars",
      "expression": [
        "relatesTo[0].target.identifier.value",
        "relatesTo[0].code"
      ]
    }
  ]
}`

const nrlfXML = `<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="invalid"/><details><coding><system value="https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1"/><code value="INVALID_RESOURCE"/><display value="Invalid validation of resource"/></coding></details><diagnostics value="The custodian of the provided DocumentReference does not match the expected ODS code"/><expression value="custodian.identifier.value"/></issue><issue><severity value="error"/><code value="value"/><details><coding><system value="https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1"/><code value="INVALID_RESOURCE"/><display value="Invalid validation of resource"/></coding></details><diagnostics value="relatesTo target identifier is &quot;not-a-pointer&quot; &lt;and&gt; has &amp; odd chars"/><expression value="relatesTo[0].target.identifier.value"/><expression value="relatesTo[0].code"/></issue></OperationOutcome>`

var nrlfWant = &OperationOutcome{
	Issue: []Issue{
		{
			Severity: SeverityError,
			Code:     IssueInvalid,
			Details: &CodeableConcept{Coding: []Coding{{
				System: nrlfSystem, Code: "INVALID_RESOURCE", Display: "Invalid validation of resource",
			}}},
			Diagnostics: "The custodian of the provided DocumentReference does not match the expected ODS code",
			Expression:  []string{"custodian.identifier.value"},
		},
		{
			Severity: SeverityError,
			Code:     IssueValue,
			Details: &CodeableConcept{Coding: []Coding{{
				System: nrlfSystem, Code: "INVALID_RESOURCE", Display: "Invalid validation of resource",
			}}},
			Diagnostics: `relatesTo target identifier is "not-a-pointer" <and> has & odd chars`,
			Expression:  []string{"relatesTo[0].target.identifier.value", "relatesTo[0].code"},
		},
	},
}

// e-RS on R4: meta with lastUpdated and a profile, coding without display,
// a narrative.
const ersJSON = `{
  "resourceType": "OperationOutcome",
  "id": "f3c9a0d2-77b4-4e4b-8d2e-1a5c6b7d8e9f",
  "meta": {
    "lastUpdated": "2026-03-04T10:15:30.123+00:00",
    "profile": [
      "https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"
    ]
  },
  "text": {
    "status": "generated",
    "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Referral <b>000000070000</b> was not found</p></div>"
  },
  "issue": [
    {
      "severity": "error",
      "code": "forbidden",
      "details": {
        "coding": [
          {
            "system": "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode",
            "code": "NO_RELATIONSHIP"
          }
        ]
      },
      "diagnostics": "No legitimate relationship with the referral for ODS code R69 and business function SERVICE_PROVIDER_CLINICIAN"
    }
  ]
}`

const ersXML = `<OperationOutcome xmlns="http://hl7.org/fhir"><id value="f3c9a0d2-77b4-4e4b-8d2e-1a5c6b7d8e9f"/><meta><lastUpdated value="2026-03-04T10:15:30.123+00:00"/><profile value="https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"/></meta><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>Referral <b>000000070000</b> was not found</p></div></text><issue><severity value="error"/><code value="forbidden"/><details><coding><system value="https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode"/><code value="NO_RELATIONSHIP"/></coding></details><diagnostics value="No legitimate relationship with the referral for ODS code R69 and business function SERVICE_PROVIDER_CLINICIAN"/></issue></OperationOutcome>`

var ersWant = &OperationOutcome{
	ID: "f3c9a0d2-77b4-4e4b-8d2e-1a5c6b7d8e9f",
	Meta: &Meta{
		LastUpdated: "2026-03-04T10:15:30.123+00:00",
		Profile:     []string{"https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"},
	},
	Text: &Narrative{
		Status: "generated",
		Div:    `<div xmlns="http://www.w3.org/1999/xhtml"><p>Referral <b>000000070000</b> was not found</p></div>`,
	},
	Issue: []Issue{{
		Severity:    SeverityError,
		Code:        IssueForbidden,
		Details:     &CodeableConcept{Coding: []Coding{{System: ersSystem, Code: "NO_RELATIONSHIP"}}},
		Diagnostics: "No legitimate relationship with the referral for ODS code R69 and business function SERVICE_PROVIDER_CLINICIAN",
	}},
}

// Extensions on the resource, the issue and the coding: primitive, boolean,
// number, nested and complex values; userSelected; location; an issue id.
const extJSON = `{
  "resourceType": "OperationOutcome",
  "language": "en-GB",
  "extension": [
    {"url": "https://example.org/fhir/StructureDefinition/trace", "valueId": "trace-1"}
  ],
  "issue": [
    {
      "id": "issue-1",
      "extension": [
        {"url": "https://example.org/fhir/StructureDefinition/retryable", "valueBoolean": true},
        {"url": "https://example.org/fhir/StructureDefinition/retry-after", "valueDecimal": 1.50},
        {
          "url": "https://example.org/fhir/StructureDefinition/source",
          "extension": [
            {"url": "component", "valueString": "gateway\ttier"},
            {"url": "attempt", "valueInteger": -2}
          ]
        },
        {
          "url": "https://example.org/fhir/StructureDefinition/cause",
          "valueCodeableConcept": {
            "coding": [{"system": "https://example.org/cs", "code": "X1", "userSelected": false}],
            "text": "upstream"
          }
        },
        {
          "url": "https://example.org/fhir/StructureDefinition/wait",
          "valueQuantity": {"value": 30, "unit": "s", "system": "http://unitsofmeasure.org", "code": "s"}
        }
      ],
      "severity": "warning",
      "code": "throttled",
      "details": {
        "coding": [
          {
            "extension": [
              {"url": "https://example.org/fhir/StructureDefinition/legacy-code", "valueCode": "RATE_LIMIT"}
            ],
            "system": "https://fhir.nhs.uk/CodeSystem/http-error-codes",
            "version": "1",
            "code": "429",
            "display": "Too Many Requests",
            "userSelected": true
          }
        ],
        "text": "Slow down"
      },
      "location": ["/f:OperationOutcome", "line 1"]
    }
  ]
}`

const extXML = `<OperationOutcome xmlns="http://hl7.org/fhir"><language value="en-GB"/><extension url="https://example.org/fhir/StructureDefinition/trace"><valueId value="trace-1"/></extension><issue id="issue-1"><extension url="https://example.org/fhir/StructureDefinition/retryable"><valueBoolean value="true"/></extension><extension url="https://example.org/fhir/StructureDefinition/retry-after"><valueDecimal value="1.50"/></extension><extension url="https://example.org/fhir/StructureDefinition/source"><extension url="component"><valueString value="gateway&#x9;tier"/></extension><extension url="attempt"><valueInteger value="-2"/></extension></extension><extension url="https://example.org/fhir/StructureDefinition/cause"><valueCodeableConcept><coding><system value="https://example.org/cs"/><code value="X1"/><userSelected value="false"/></coding><text value="upstream"/></valueCodeableConcept></extension><extension url="https://example.org/fhir/StructureDefinition/wait"><valueQuantity><value value="30"/><unit value="s"/><system value="http://unitsofmeasure.org"/><code value="s"/></valueQuantity></extension><severity value="warning"/><code value="throttled"/><details><coding><extension url="https://example.org/fhir/StructureDefinition/legacy-code"><valueCode value="RATE_LIMIT"/></extension><system value="https://fhir.nhs.uk/CodeSystem/http-error-codes"/><version value="1"/><code value="429"/><display value="Too Many Requests"/><userSelected value="true"/></coding><text value="Slow down"/></details><location value="/f:OperationOutcome"/><location value="line 1"/></issue></OperationOutcome>`

func ptr[T any](v T) *T { return &v }

var extWant = &OperationOutcome{
	Language: "en-GB",
	Extension: []Extension{
		{URL: "https://example.org/fhir/StructureDefinition/trace", ValueType: "Id", Value: "trace-1"},
	},
	Issue: []Issue{{
		ID: "issue-1",
		Extension: []Extension{
			{URL: "https://example.org/fhir/StructureDefinition/retryable", ValueType: "Boolean", Value: "true"},
			{URL: "https://example.org/fhir/StructureDefinition/retry-after", ValueType: "Decimal", Value: "1.50"},
			{URL: "https://example.org/fhir/StructureDefinition/source", Extension: []Extension{
				{URL: "component", ValueType: "String", Value: "gateway\ttier"},
				{URL: "attempt", ValueType: "Integer", Value: "-2"},
			}},
			{URL: "https://example.org/fhir/StructureDefinition/cause", ValueType: "CodeableConcept",
				Raw: []byte(`{"coding":[{"system":"https://example.org/cs","code":"X1","userSelected":false}],"text":"upstream"}`)},
			{URL: "https://example.org/fhir/StructureDefinition/wait", ValueType: "Quantity",
				Raw: []byte(`{"value":30,"unit":"s","system":"http://unitsofmeasure.org","code":"s"}`)},
		},
		Severity: SeverityWarning,
		Code:     IssueThrottled,
		Details: &CodeableConcept{
			Coding: []Coding{{
				Extension: []Extension{
					{URL: "https://example.org/fhir/StructureDefinition/legacy-code", ValueType: "Code", Value: "RATE_LIMIT"},
				},
				System:       "https://fhir.nhs.uk/CodeSystem/http-error-codes",
				Version:      "1",
				Code:         "429",
				Display:      "Too Many Requests",
				UserSelected: ptr(true),
			}},
			Text: "Slow down",
		},
		Location: []string{"/f:OperationOutcome", "line 1"},
	}},
}

// Every other element of the resource: a full meta with an extension,
// implicitRules, a modifier extension, an issue modifier extension.
const fullJSON = `{"resourceType":"OperationOutcome","id":"full","meta":{"extension":[{"url":"https://example.org/m","valueString":"m"}],"versionId":"3","lastUpdated":"2026-01-02T03:04:05Z","source":"urn:uuid:5f0c1a2b-0000-4000-8000-000000000001","profile":["https://example.org/p1","https://example.org/p2"]},"implicitRules":"https://example.org/rules","language":"en","modifierExtension":[{"url":"https://example.org/mod","valueBoolean":false}],"issue":[{"modifierExtension":[{"url":"https://example.org/imod","valueUnsignedInt":0}],"severity":"fatal","code":"exception","diagnostics":"Ünïcode, ✓"}]}`

const fullXML = `<OperationOutcome xmlns="http://hl7.org/fhir"><id value="full"/><meta><extension url="https://example.org/m"><valueString value="m"/></extension><versionId value="3"/><lastUpdated value="2026-01-02T03:04:05Z"/><source value="urn:uuid:5f0c1a2b-0000-4000-8000-000000000001"/><profile value="https://example.org/p1"/><profile value="https://example.org/p2"/></meta><implicitRules value="https://example.org/rules"/><language value="en"/><modifierExtension url="https://example.org/mod"><valueBoolean value="false"/></modifierExtension><issue><modifierExtension url="https://example.org/imod"><valueUnsignedInt value="0"/></modifierExtension><severity value="fatal"/><code value="exception"/><diagnostics value="Ünïcode, ✓"/></issue></OperationOutcome>`

var fullWant = &OperationOutcome{
	ID: "full",
	Meta: &Meta{
		Extension:   []Extension{{URL: "https://example.org/m", ValueType: "String", Value: "m"}},
		VersionID:   "3",
		LastUpdated: "2026-01-02T03:04:05Z",
		Source:      "urn:uuid:5f0c1a2b-0000-4000-8000-000000000001",
		Profile:     []string{"https://example.org/p1", "https://example.org/p2"},
	},
	ImplicitRules:     "https://example.org/rules",
	Language:          "en",
	ModifierExtension: []Extension{{URL: "https://example.org/mod", ValueType: "Boolean", Value: "false"}},
	Issue: []Issue{{
		ModifierExtension: []Extension{{URL: "https://example.org/imod", ValueType: "UnsignedInt", Value: "0"}},
		Severity:          SeverityFatal,
		Code:              IssueException,
		Diagnostics:       "Ünïcode, ✓",
	}},
}

var bodies = []struct {
	name    string
	json    string
	xml     string
	want    *OperationOutcome
	version Version
}{
	{"NRL STU3", nrlJSON, nrlXML, nrlWant, STU3},
	{"NRLF R4", nrlfJSON, nrlfXML, nrlfWant, R4},
	{"e-RS R4", ersJSON, ersXML, ersWant, R4},
	{"extensions", extJSON, extXML, extWant, R4},
	{"every element", fullJSON, fullXML, fullWant, R4},
}

func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// compactXML removes the declaration, comments and the space between tags of
// a test body, and the space before "/>", so it compares with AppendXML.
func compactXML(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "<?xml") || strings.HasPrefix(line, "<!--") {
			continue
		}
		b.WriteString(strings.ReplaceAll(line, " />", "/>"))
	}
	return b.String()
}

func TestDecodeBodies(t *testing.T) {
	for _, tc := range bodies {
		t.Run(tc.name, func(t *testing.T) {
			for _, strict := range []bool{false, true} {
				opts := DecodeOptions{Strict: strict, Version: tc.version}
				gotJ, err := DecodeJSON([]byte(tc.json), opts)
				if err != nil {
					t.Fatalf("DecodeJSON(strict=%v): %v", strict, err)
				}
				if diff := cmp.Diff(tc.want, gotJ); diff != "" {
					t.Errorf("DecodeJSON(strict=%v) mismatch (-want +got):\n%s", strict, diff)
				}
				gotX, err := DecodeXML([]byte(tc.xml), opts)
				if err != nil {
					t.Fatalf("DecodeXML(strict=%v): %v", strict, err)
				}
				if diff := cmp.Diff(tc.want, gotX); diff != "" {
					t.Errorf("DecodeXML(strict=%v) mismatch (-want +got):\n%s", strict, diff)
				}
				// Decode sniffs the format.
				for _, in := range []string{tc.json, tc.xml} {
					got, err := Decode([]byte(in), opts)
					if err != nil {
						t.Fatalf("Decode: %v", err)
					}
					if diff := cmp.Diff(tc.want, got); diff != "" {
						t.Errorf("Decode mismatch (-want +got):\n%s", diff)
					}
				}
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range bodies {
		t.Run(tc.name, func(t *testing.T) {
			o, err := DecodeJSON([]byte(tc.json), DecodeOptions{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			// JSON -> struct -> JSON: the test bodies are in FHIR order.
			gotJSON, err := o.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(compactJSON(t, tc.json), string(gotJSON)); diff != "" {
				t.Errorf("JSON round trip (-want +got):\n%s", diff)
			}
			if got := string(o.AppendJSON([]byte("prefix:"))); got != "prefix:"+string(gotJSON) {
				t.Errorf("AppendJSON does not append: %q", got)
			}
			// XML -> struct -> XML.
			ox, err := DecodeXML([]byte(tc.xml), DecodeOptions{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			gotXML, err := ox.MarshalFHIRXML()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(compactXML(tc.xml), string(gotXML)); diff != "" {
				t.Errorf("XML round trip (-want +got):\n%s", diff)
			}
			// JSON <-> XML on the struct.
			if diff := cmp.Diff(o, ox); diff != "" {
				t.Errorf("JSON and XML decode differently (-json +xml):\n%s", diff)
			}
			fromXML, err := DecodeJSON(ox.AppendJSON(nil), DecodeOptions{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(o, fromXML); diff != "" {
				t.Errorf("XML->JSON (-want +got):\n%s", diff)
			}
			fromJSON, err := DecodeXML(o.AppendXML(nil), DecodeOptions{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(o, fromJSON); diff != "" {
				t.Errorf("JSON->XML (-want +got):\n%s", diff)
			}
			// encoding/json agrees that the output is JSON and reads the same values.
			var generic, want any
			if err := json.Unmarshal(gotJSON, &generic); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tc.json), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, generic); diff != "" {
				t.Errorf("encoding/json sees a difference (-want +got):\n%s", diff)
			}
			// UnmarshalJSON is DecodeJSON.
			var u OperationOutcome
			if err := json.Unmarshal([]byte(tc.json), &u); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, &u); diff != "" {
				t.Errorf("json.Unmarshal (-want +got):\n%s", diff)
			}
		})
	}
}
