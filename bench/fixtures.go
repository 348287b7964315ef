package bench

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/operationoutcome"
)

// Fixture is one captured response as the benchmarks and peers see it.
type Fixture struct {
	Name   string // file-name stem: API, FHIR release and status, e.g. "nrlf-r4-404"
	API    string // the API's name, as catalog.Evidence takes it
	FHIR   operationoutcome.Version
	Status int
	Header http.Header
	Body   []byte
	Err    *catalog.Error // the error it was emitted from
}

// Clock and ID make emitted bodies deterministic.
var (
	fixedTime = time.Date(2025, 3, 11, 9, 41, 27, 318_000_000, time.UTC)
	fixedID   = "6f0e5b6a-2c4d-4f1e-9a3b-8d7c6e5f4a31"
)

// Stamp is the options that make an emitted OperationOutcome deterministic.
func Stamp() []catalog.Option {
	return []catalog.Option{
		catalog.WithClock(func() time.Time { return fixedTime }),
		catalog.WithIDSource(func(p catalog.IDPolicy) string {
			if p == catalog.IDUUIDDigits20 {
				return fixedID + "-40918273645566778899"
			}
			return fixedID
		}),
	}
}

// Fixtures returns the shared inputs, emitted by the catalogue itself so that
// each is a conformant response of its API: an R4 NRLF 404 (the primary input
// of the side-by-side comparisons, since the peers check against the official
// R4 schema), an R4 e-RS 403 and an STU3 NRL 404.
func Fixtures() []Fixture {
	mk := func(e *catalog.Error) Fixture {
		oo := e.OperationOutcome(Stamp()...)
		h := http.Header{}
		h.Set("Content-Type", operationoutcome.FormatJSON.ContentType())
		api, fhir := catalog.APIOf(e.Entry()).Name, e.Entry().Dialect.FHIR
		name := fmt.Sprintf("%s-%s-%d", api, strings.ToLower(string(fhir)), e.HTTPStatus())
		return Fixture{Name: name, API: api, FHIR: fhir, Status: e.HTTPStatus(), Header: h, Body: oo.AppendJSON(nil), Err: e}
	}
	return []Fixture{
		mk(nrlf.NoRecordFound()),
		mk(ers.R4NoRelationship("Binary", "c5d2f1a0-3b4e-4c6d-8e9f-a0b1c2d3e4f5")),
		mk(nrl.NoRecordFoundDocumentReference("8e0c3f2a-5b71-4d9e-a6c4-2f1b0e9d8c7a")),
	}
}

// Primary is the fixture the one-line ratios are computed on.
func Primary() Fixture { return Fixtures()[0] }
