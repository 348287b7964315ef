// Command mockserver is a mock of the e-RS R4 attachment endpoint (A042) for
// client tests: the API gateway's rules, then one handler answering with
// catalogue errors, then the API's own 404 for everything else.
//
//	go run ./examples/mockserver
//	curl -i -H 'Authorization: Bearer t0ken' -H 'NHSD-End-User-Organisation-ODS: RB8' \
//	     localhost:8080/FHIR/R4/Binary/pending
package main
