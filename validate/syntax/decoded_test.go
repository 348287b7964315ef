package syntax_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate/syntax"
)

// decodedXMLSeeds are XML bodies a strict decode reads to its end, with the
// faults only ScanDecodedXML is left to find, and bodies it cannot read.
var decodedXMLSeeds = []string{
	`<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="not-found"/></issue></OperationOutcome>`,
	"\xEF\xBB\xBF<OperationOutcome xmlns=\"http://hl7.org/fhir\"><issue><severity value=\"error\"/><code value=\"{{issueType}}\"/></issue></OperationOutcome>",
	`<?xml version="1.0" encoding="UTF-8"?><!-- a comment --><OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="invalid"/><diagnostics value="${message}"/></issue></OperationOutcome>` + "\n<!-- after -->\n",
	"<OperationOutcome xmlns=\"http://hl7.org/fhir\"><!-- \xff --><issue><severity value=\"error\"/><code value=\"invalid\"/></issue></OperationOutcome>",
	"<OperationOutcome xmlns=\"http://hl7.org/fhir\"><issue><severity value=\"error\xfe\"/><code value=\"invalid\"/></issue></OperationOutcome>",
	`<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="invalid"/></issue></OperationOutcome><OperationOutcome/>`,
	`<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="invalid"/></issue></OperationOutcome>trailing`,
	`text<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="invalid"/></issue></OperationOutcome>`,
	`<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value=“error”/></issue></OperationOutcome>`,
	`<OperationOutcome xmlns="http://hl7.org/fhir"><issue><unknown/><severity value="error"/><code value="invalid"/></issue></OperationOutcome>`,
}

// FuzzScanDecodedXML holds the checker's one read of an XML body to Scan:
// whenever a strict decode returns an outcome, ScanDecodedXML, which does
// not read the markup again, must find exactly what Scan finds.
func FuzzScanDecodedXML(f *testing.F) {
	for _, s := range decodedXMLSeeds {
		f.Add([]byte(s))
	}
	for _, glob := range []string{"../../testdata/captures/*/*.xml", "../../cmd/spinecat/testdata/*.xml"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		oo, _ := operationoutcome.DecodeXML(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")), operationoutcome.DecodeOptions{Strict: true})
		if oo == nil {
			return
		}
		want, tape := syntax.Scan(body)
		tape.Release()
		if diff := cmp.Diff(want, syntax.ScanDecodedXML(body)); diff != "" {
			t.Fatalf("ScanDecodedXML differs from Scan for a body the decoder read (-Scan +ScanDecodedXML):\n%s\nbody %q", diff, body)
		}
	})
}

// TestScanDecodedXMLSeeds: the seeds above include bodies the decoder reads
// (so the comparison runs) as well as ones it refuses.
func TestScanDecodedXMLSeeds(t *testing.T) {
	read := 0
	for _, s := range decodedXMLSeeds {
		if oo, _ := operationoutcome.DecodeXML(bytes.TrimPrefix([]byte(s), []byte("\xEF\xBB\xBF")), operationoutcome.DecodeOptions{Strict: true}); oo != nil {
			read++
		}
	}
	if read < 3 || read == len(decodedXMLSeeds) {
		t.Errorf("the decoder reads %d of the %d seeds; the fuzz test needs both kinds", read, len(decodedXMLSeeds))
	}
}
