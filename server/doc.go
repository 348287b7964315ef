// Package server is the server side of spinecat: it writes catalogue errors
// the way the real NHS Spine-style services write them, applies the request
// rules of their front doors as HTTP middleware, and runs mocks of them
// driven by small YAML scenario files ("spinecat serve").
//
// It has a room of its own, apart from package operationoutcome (which knows
// no catalogue) and package catalog (which knows no HTTP server), because
// what a service does around an OperationOutcome (which status, which format
// for which Accept, which 415 or 406, which headers, which checks before the
// request reaches the service) is per API behaviour, and a mock that gets it
// wrong lets a client ship a bug the real service then catches (as in the e-RS
// developer community thread "401 Access Denied on call to A0042": a sandbox
// that did not check the "Bearer " prefix).
//
// # Writing errors
//
// WriteError (or a Writer, for options set once) sends any error: a
// catalogue error as its entry documents, any other error as the API's
// documented 500. See Writer.WriteError for the details: status, JSON or
// XML by _format and Accept, the dialect's 415 or 406, id and
// meta.lastUpdated from an injectable clock and id source, the echoed
// correlation headers, Retry-After, HEAD, and the sanitising of diagnostics
// parameters (Sanitize).
//
// How each API answers a format it does not produce:
//
//	API        formats (default first)  unsupported _format or Accept
//	nrl        xml, json                415 nrl.UNSUPPORTED_MEDIA_TYPE (Spine core, spine-operationoutcome-1-0),
//	                                    in JSON when a supported Accept asks for it, else XML
//	nrlf       json                     no check: NRLF v3 always answers JSON, and the catalogue
//	                                    documents no negotiation error for it
//	ers R4     json                     406 ers.R4_REC_NOT_ACCEPTABLE
//	ers STU3   json                     406 ers.NOT_ACCEPTABLE_TEXT (text/plain)
//
// Gateway-built bodies (the e-RS and NRLF gateways' own errors, the Spine
// core 415) are JSON or the dialect's default whatever the request asked, as
// the gateways do not negotiate.
//
// # Request rules
//
// Middleware applies, before routing and in the order the real front doors
// do, these rules:
//
//	API   rule                                                     answer
//	ers   Authorization missing, repeated, not "Bearer <token68>"   401 ers.R4_ACCESS_DENIED_INVALID_TOKEN ("Invalid access token")
//	      (scheme case-insensitive, RFC 9110 §11.1), or a token     on /FHIR/R4/ paths; 401 ers.INVALID_TOKEN_NO_BODY elsewhere;
//	      not in the WithTokens table                               both with WWW-Authenticate: Bearer error="invalid_token"
//	ers   user-restricted: NHSD-End-User-Organisation-ODS missing   400 ers.R4_MISSING_ODS_HEADER / ers.MISSING_ODS_HEADER
//	      or empty (not on /FHIR/R4/PractitionerRole, A030)
//	ers   user-restricted: ODS code not in WithODSAllowList         403 ers.R4_ACCESS_DENIED_ODS_NOT_ALLOWED / ers.NO_ACCESS_ODS_NOT_ALLOWED
//	ers   user-restricted: NHSD-eRS-Business-Function is an         403 ers.R4_ACCESS_DENIED_BUSINESS_FUNCTION /
//	      *AUTHORISED_APPLICATION one, or not in the enum           ers.NO_ACCESS_BUSINESS_FUNCTION
//	ers   application-restricted: any of x-ers-ods-code,            403, empty text/plain: ers.R4_APP_RESTRICTED_HEADER_SENT /
//	      x-ers-business-function, x-ers-user-id,                   ers.APP_RESTRICTED_HEADER_SENT
//	      NHSD-End-User-Organisation-ODS, NHSD-eRS-Business-Function,
//	      NHSD-eRS-On-Behalf-Of-User-ID sent
//	ers   Accept or _format other than JSON                         406 (see above)
//	nrl   Accept or _format not in NRL's MIME table                 415 nrl.UNSUPPORTED_MEDIA_TYPE
//	nrl   Authorization missing or empty                            400 nrl.MISSING_OR_INVALID_HEADER_AUTHORIZATION
//	nrl   Authorization not "Bearer <JWT>", not 3 sections, body    400 nrl.MISSING_OR_INVALID_HEADER_JWT_INVALID / _JWT_SECTIONS /
//	      not a JSON object of claims (WithoutJWTChecks: off)       _JWT_NO_CLAIMS (the reference implementation's checks)
//	nrl   fromASID missing or empty                                 400 nrl.MISSING_OR_INVALID_HEADER_FROM_ASID
//	nrl   toASID missing or empty                                   400 nrl.MISSING_OR_INVALID_HEADER_TO_ASID
//	nrlf  X-Request-Id missing or empty                             400 nrlf.MISSING_OR_INVALID_HEADER_REQUEST_ID
//	nrlf  NHSD-Correlation-Id missing or empty                      400 nrlf.MISSING_OR_INVALID_HEADER_CORRELATION_ID
//
// e-RS access modes: the mock cannot introspect a token, so it decides the
// access mode from a token table given with WithTokens (any other token is
// then refused like an expired one) or, without one, from the token itself:
// a token starting "app-" is application-restricted, any other
// user-restricted. The gateway's ASID, IAL, scope and rate-limit checks need
// the platform's application registry and are not imitated; a scenario can
// still answer with their entries.
//
// Header names: the NRL guidance calls fromASID and toASID case-sensitive,
// but Go's server canonicalises header names ("fromASID" arrives as
// "Fromasid") as HTTP allows, so the mock reads them case-insensitively.
// Response headers are written in the spelling each API documents
// (X-Correlation-ID and X-Request-ID for e-RS, X-Request-Id and
// X-Correlation-Id for NRLF).
//
// # Mocks
//
// NewMock puts Middleware in front of the routes of a scenario file
// (ParseScenarios documents the format) and answers every other request
// with NotFound; RunServe and Command run it as "spinecat serve", with a log
// line per request (LogRequests) and a graceful shutdown.
package server
