// Package timefmt writes the one time layout spinecat sends and logs,
// "2006-01-02T15:04:05.000Z07:00" (a FHIR instant in milliseconds, and the
// time of slog's text handler), digit by digit: time.AppendFormat parses its
// layout on every call and takes twice as long, on every response the mock
// sends and every line it logs.
package timefmt
