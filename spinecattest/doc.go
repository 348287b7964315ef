// Package spinecattest checks captured API responses from a go test, so
// that a project's own conformance test is three lines:
//
//	func TestCapturedResponses(t *testing.T) {
//		spinecattest.CheckDir(t, "testdata/captures/nrl", spinecattest.API("nrl"))
//	}
//
// CheckDir walks the directory as "spinecat check" does (raw HTTP, HAR,
// bare bodies with .meta sidecars), checks every capture against FHIR, the
// API's profile and the spinecat catalogue, and runs one subtest per capture,
// named by its path inside the directory. A capture that is not conformant
// fails its subtest with one line per error finding: rule, location and
// message. Warnings and information findings are logged, so "go test -v"
// shows them without failing the test.
//
// A team's own API is checked the same way, with its registry:
//
//	reg := catalog.Merge(all.Registry(), appointments.Registry())
//	spinecattest.CheckDir(t, "testdata/captures", spinecattest.Registry(reg))
//
// It has a package of its own so that importing it into a test pulls in the
// checker but not the command line, and so that package testing stays out of
// the library proper.
package spinecattest
