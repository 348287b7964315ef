package bench

import (
	"bytes"
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/spinecat/spinecat/internal/sharedref"
)

// stdOutcome mirrors the OperationOutcome elements Spine-style APIs send,
// with encoding/json tags: the bare-struct baseline of emit and parse.
type stdOutcome struct {
	ResourceType string   `json:"resourceType"`
	ID           string   `json:"id,omitempty"`
	Meta         *stdMeta `json:"meta,omitempty"`
	Issue        []struct {
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Details  *struct {
			Coding []struct {
				System  string `json:"system,omitempty"`
				Version string `json:"version,omitempty"`
				Code    string `json:"code,omitempty"`
				Display string `json:"display,omitempty"`
			} `json:"coding,omitempty"`
			Text string `json:"text,omitempty"`
		} `json:"details,omitempty"`
		Diagnostics string   `json:"diagnostics,omitempty"`
		Location    []string `json:"location,omitempty"`
		Expression  []string `json:"expression,omitempty"`
	} `json:"issue"`
}

type stdMeta struct {
	VersionID   string   `json:"versionId,omitempty"`
	LastUpdated string   `json:"lastUpdated,omitempty"`
	Profile     []string `json:"profile,omitempty"`
}

// officialR4 compiles #/definitions/OperationOutcome of the official FHIR R4
// JSON schema with jsonschema/v5, once per process: the file named by
// SPINECAT_FHIR_R4_SCHEMA (bench/peers.sh passes the copy ajv uses), else
// the one in the shared reference folder.
var officialR4 = sync.OnceValues(func() (*jsonschema.Schema, error) {
	file := os.Getenv("SPINECAT_FHIR_R4_SCHEMA")
	if file == "" {
		root := sharedref.Root()
		if root == "" {
			return nil, os.ErrNotExist
		}
		file = root + "/reference/fhir-json-schema/fhir.schema.r4-4.0.1.json"
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	const url = "http://hl7.org/fhir/json-schema/4.0"
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, bytes.NewReader(src)); err != nil {
		return nil, err
	}
	return c.Compile(url + "#/definitions/OperationOutcome")
})

func officialSchema(b testing.TB) *jsonschema.Schema {
	b.Helper()
	if os.Getenv("SPINECAT_FHIR_R4_SCHEMA") == "" {
		sharedref.Path(b, "reference", "fhir-json-schema", "fhir.schema.r4-4.0.1.json")
	}
	s, err := officialR4()
	if err != nil {
		b.Skipf("skipping: the official R4 schema does not compile: %v", err)
	}
	return s
}

// decodeAny is how a schema validator is fed: encoding/json into any, with
// numbers kept exact.
func decodeAny(body []byte) (any, error) {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(&doc)
	return doc, err
}
