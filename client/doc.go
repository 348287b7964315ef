// Package client is the client side of spinecat: it turns any HTTP response
// of an NHS Spine-style FHIR API (NRL, NRLF, e-RS) into a typed catalogue
// error that a program can branch on:
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
// The package owns reading the body (capped, and left readable afterwards)
// and the HTTP-level decisions: which statuses are errors, and what a
// bodiless or HTML response means.
package client
