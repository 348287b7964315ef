package spinecattest_test

import (
	"fmt"
	"testing"

	"github.com/spinecat/spinecat/spinecattest"
)

// printTB stands in for the *testing.T of a real test, to show in this
// example what a failing capture reports.
type printTB struct{ testing.TB }

func (printTB) Helper()                           {}
func (printTB) Errorf(format string, args ...any) { fmt.Printf("FAIL "+format+"\n", args...) }
func (printTB) Fatalf(format string, args ...any) { fmt.Printf("FATAL "+format+"\n", args...) }
func (printTB) Logf(format string, args ...any)   {}

// In a project's own test, pass the test's t:
//
//	func TestCapturedResponses(t *testing.T) {
//		spinecattest.CheckDir(t, "testdata/captures/nrl", spinecattest.API("nrl"))
//	}
//
// Each capture is a subtest; this one fails with its error findings.
func ExampleCheckDir() {
	var t testing.TB = printTB{}
	spinecattest.CheckDir(t, "../testdata/captures/ers-stu3", spinecattest.API("ers"),
		spinecattest.AllowNonConformant("502-display-typo.http"))
	// Output:
	// FAIL 400-validation-failed-wrong-status: catalog.status HTTP status: HTTP status 400; ers.VALIDATION_FAILED (VALIDATION_FAILED) is documented with 422
}
