// Package conformance holds the Clinic Appointments API's conformance test:
// it captures what the mock answers on each error path into
// testdata/captures, and checks the captures with spinecattest against the
// API's catalogue. "spinecat check --catalog ../appointments/appointments.yaml
// testdata/captures" checks the same captures from the command line.
package conformance
