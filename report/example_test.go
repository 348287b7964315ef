package report_test

import (
	"fmt"
	"os"

	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/report"
	"github.com/spinecat/spinecat/validate"
)

// results are two hand-made results, so that the examples show the writers'
// layout whatever the checker's wording.
var results = []report.Result{
	{
		Source: "captures/read.http", Status: 404, Conformant: true, API: "nrl", Dialect: "nrl-stu3",
		Issues: []validate.Identification{{
			System: "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1", Code: "NO_RECORD_FOUND",
			Entry: "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", Params: map[string]string{"id": "5a4171ac"},
		}},
	},
	{
		Source: "captures/search.har#1", Status: 400, Conformant: false, API: "nrl", Dialect: "nrl-stu3",
		Issues: []validate.Identification{{
			System: "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1", Code: "INVALID_NHS_NUMBER",
			Entry: "nrl.INVALID_NHS_NUMBER", Params: map[string]string{"nhsNumber": "123"},
		}},
		Findings: []validate.Finding{{
			Rule: "catalog.display", Severity: validate.Error,
			Location: "OperationOutcome.issue[0].details.coding[0].display",
			Message:  `display is "Invalid NHS Number"; nrl.INVALID_NHS_NUMBER documents "Invalid NHS number"`,
		}},
	},
}

func ExampleWriteText() {
	report.WriteText(os.Stdout, results, report.TextOptions{})
	// Output:
	// ✓ captures/read.http  404  nrl/nrl-stu3  nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE
	// ✗ captures/search.har#1  400  nrl/nrl-stu3  nrl.INVALID_NHS_NUMBER
	//     error   catalog.display OperationOutcome.issue[0].details.coding[0].display: display is "Invalid NHS Number"; nrl.INVALID_NHS_NUMBER documents "Invalid NHS number"
	// 2 captures: 1 conformant, 1 not conformant
}

func ExampleWriteJSON() {
	report.WriteJSON(os.Stdout, results[:1])
	// Output:
	// {
	//   "results": [
	//     {
	//       "source": "captures/read.http",
	//       "status": 404,
	//       "conformant": true,
	//       "skipped": false,
	//       "api": "nrl",
	//       "dialect": "nrl-stu3",
	//       "issues": [
	//         {
	//           "system": "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1",
	//           "code": "NO_RECORD_FOUND",
	//           "entry": "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE",
	//           "params": {
	//             "id": "5a4171ac"
	//           }
	//         }
	//       ],
	//       "findings": []
	//     }
	//   ],
	//   "summary": {
	//     "captures": 1,
	//     "conformant": 1,
	//     "nonconformant": 0,
	//     "skipped": 0
	//   }
	// }
}

func ExampleWriteJUnit() {
	report.WriteJUnit(os.Stdout, results[1:])
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <testsuites name="spinecat" tests="1" failures="1" errors="0" time="0">
	//   <testsuite name="spinecat check" tests="1" failures="1" errors="0" skipped="0" time="0">
	//     <testcase name="captures/search.har#1" classname="captures" time="0">
	//       <failure message="1 error: catalog.display" type="nonconformant"><![CDATA[catalog.display OperationOutcome.issue[0].details.coding[0].display: display is "Invalid NHS Number"; nrl.INVALID_NHS_NUMBER documents "Invalid NHS number"
	// ]]></failure>
	//       <system-out><![CDATA[status 400, nrl/nrl-stu3, nrl.INVALID_NHS_NUMBER
	// ]]></system-out>
	//     </testcase>
	//   </testsuite>
	// </testsuites>
}

// ExampleCheck checks one response read from bytes, as a test or a proxy
// would, and prints the verdict.
func ExampleCheck() {
	raw := "HTTP/1.1 404 Not Found\r\n" +
		"Content-Type: application/fhir+json\r\n" +
		"\r\n" +
		`{"resourceType":"OperationOutcome","id":"3f2a6c1e-9b7d-4e21-8c55-0a1b2c3d4e5f-12345678901234567890",` +
		`"meta":{"profile":["https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"]},` +
		`"issue":[{"severity":"error","code":"not-found","details":{"coding":[{` +
		`"system":"https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},` +
		`"diagnostics":"No record found for supplied DocumentReference identifier - 5a4171ac"}]}`
	c := capture.Read("read.http", []byte(raw), capture.Options{})[0]
	r := report.Check(c, report.CheckOptions{})
	fmt.Println(r.Conformant, r.API, r.Dialect, r.Issues[0].Entry, r.Issues[0].Params["id"])
	// Output:
	// true nrl nrl-stu3 nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE 5a4171ac
}

// ExampleCheckPaths checks a directory on every core; the results come
// back in the order of the walk.
func ExampleCheckPaths() {
	results, err := report.CheckPaths([]string{"../testdata/captures/nrl"}, report.CheckOptions{API: "nrl"})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := report.Summarize(results)
	fmt.Println(results[0].Source)
	fmt.Println(s.Captures > 10, s.Conformant > 0, s.Nonconformant > 0)
	// Output:
	// ../testdata/captures/nrl/200-resource-deleted.json
	// true true true
}
