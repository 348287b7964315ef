// Package client is the client side of spinecat: it turns any HTTP response
// of an NHS Spine-style FHIR API (NRL, NRLF, e-RS and its Patient Care API,
// PDS FHIR, GP Connect, EPS, or a team's own) into a
// typed catalogue error that a program can branch on:
//
//	resp, err := httpClient.Do(req)
//	if err != nil { ... }
//	defer resp.Body.Close()
//	if err := client.FromResponse(resp); err != nil {
//		if errors.Is(err, nrl.ErrNoRecordFoundDocumentReference) {
//			p, _ := nrl.NoRecordFoundDocumentReferenceParamsOf(err)
//			...
//		}
//		return err // its Error() names the API, status, code and a hint
//	}
//
// The error is always a *catalog.Error (errors.As, catalog.FromError): it
// carries the HTTP status (HTTPStatus) and the OperationOutcome received
// (Received), whether or not the catalogue knows the code; it has an Entry
// when the response is one the API documents, including the documented
// responses without an OperationOutcome (the e-RS STU3 gateway's empty 401),
// which the catalogue identifies from the status, the body, the request's
// method and the surface of its path (catalog.Registry.IdentifyBody). A
// response nothing identifies says what came back: "502 Bad Gateway: an HTML
// page, not an OperationOutcome; a proxy or gateway answered".
//
// An entry is named only on evidence, as the checker names one:
//
//   - with the API given (Options.API), its entry that best explains the
//     issue, with whatever departs from it;
//   - else, when the request URL's path is under the base path of one API
//     of the registry (/referrals for e-RS, /record-locator for NRLF), that
//     API's entry, likewise;
//   - else only an entry the issue matches exactly, or as a documented
//     variant: status, severity, issue-type, coding, display and
//     diagnostics. A code that other APIs share (an EPS 400 INVALID_VALUE
//     under the R4 Spine code system, which an NRLF entry's variant also
//     documents, with 409) names no entry, and neither does a body two
//     APIs document alike (EPS's proxy sends PDS's templates): the error is
//     unidentified, and still has the status, the OperationOutcome and the
//     code.
//
// A team's own API works the same: pass its registry merged with the
// shipped one (catalog.Merge(all.Registry(), mine.Registry())) and its API
// value (docs/own-catalog.md).
//
// The package owns reading the body (capped, and left readable afterwards)
// and the HTTP-level decisions: which statuses are errors, and what a
// bodiless or HTML response means.
package client
