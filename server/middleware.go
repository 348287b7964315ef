package server

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/operationoutcome"
)

// Middleware applies the request rules of an API's front door to every
// request before next sees it, and answers a request that breaks one with the
// error the real front door sends (see the package documentation for the
// rules of each API). Requests that pass get the API's response headers
// (e-RS X-Request-ID and X-Correlation-ID, NRLF X-Request-Id and
// X-Correlation-Id) and reach next, which can answer errors with the same
// options through WriteError or Writer.
//
// api is "nrl", "nrlf" or "ers"; with any other value every request is
// answered with a plain-text 500 naming the mistake.
func Middleware(api string, next http.Handler, opts ...Option) http.Handler {
	c := newConfig(append(append([]Option(nil), opts...), WithAPI(api))) // the api argument wins
	if !validAPI(api) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writePlain(w, r, http.StatusInternalServerError, "text/plain; charset=utf-8",
				"spinecat/server: unknown API "+Sanitize(api)+" (want nrl, nrlf or ers)")
		})
	}
	if next == nil {
		next = http.NotFoundHandler()
	}
	m := &middleware{c: c, wr: &Writer{c: c}, next: next}
	return m
}

type middleware struct {
	c    config
	wr   *Writer
	next http.Handler
}

func (m *middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setResponseHeaders(w, r, m.c.api, m.c.transactionID)
	var err error
	frontDoor := true
	switch m.c.api {
	case NRL:
		err = m.checkNRL(r)
	case NRLF:
		err = checkNRLF(r)
	case ERS:
		frontDoor, err = m.checkERS(r)
	}
	if err != nil {
		m.wr.write(w, r, err, frontDoor)
		return
	}
	m.next.ServeHTTP(w, r)
}

// checkNRL applies, in order, the Spine core's media type check and the NRL
// header checks of the reference implementation: Authorization (and, unless
// turned off, the JWT's structure), fromASID, toASID.
//
// The NRL guidance calls header names case-sensitive. Go's server
// canonicalises them ("fromASID" arrives as "Fromasid"), as HTTP/1.1 and
// HTTP/2 allow, so they are read case-insensitively: a mock cannot tell the
// spellings apart.
func (m *middleware) checkNRL(r *http.Request) error {
	if _, err := operationoutcome.Negotiate(r, dialectFormats(nrl.DialectNRLSTU3)); err != nil {
		return nrl.UnsupportedMediaType()
	}
	auth, ok := single(r, "Authorization")
	if !ok {
		return nrl.MissingOrInvalidHeaderAuthorization()
	}
	if !m.c.laxJWT {
		if err := checkJWT(auth); err != nil {
			return err
		}
	}
	if _, ok := single(r, "fromASID"); !ok {
		return nrl.MissingOrInvalidHeaderFromASID()
	}
	if _, ok := single(r, "toASID"); !ok {
		return nrl.MissingOrInvalidHeaderToASID()
	}
	return nil
}

// checkJWT checks what the reference implementation's JwtHelper checks first:
// a "Bearer " JWT of three sections whose body is a JSON object of claims.
// Nothing of the header is put in the diagnostics.
func checkJWT(auth string) error {
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nrl.MissingOrInvalidHeaderJWTInvalid()
	}
	parts := strings.Split(strings.TrimSpace(token), ".")
	if len(parts) != 3 {
		return nrl.MissingOrInvalidHeaderJWTSections()
	}
	body, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nrl.MissingOrInvalidHeaderJWTInvalid()
	}
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(body, &claims); err != nil {
		return nrl.MissingOrInvalidHeaderJWTInvalid()
	}
	if len(claims) == 0 {
		return nrl.MissingOrInvalidHeaderJWTNoClaims()
	}
	return nil
}

// checkNRLF applies NRLF v3's header checks in its order: X-Request-Id, then
// NHSD-Correlation-Id (which the API platform sets; a client calling the
// backend directly, as it calls this mock, sets it itself).
func checkNRLF(r *http.Request) error {
	if _, ok := single(r, "X-Request-Id"); !ok {
		return nrlf.MissingOrInvalidHeaderRequestID()
	}
	if _, ok := single(r, "NHSD-Correlation-Id"); !ok {
		return nrlf.MissingOrInvalidHeaderCorrelationID()
	}
	return nil
}

// The e-RS business functions of the specification's enum.
var ersBusinessFunctions = map[string]bool{
	"REFERRING_CLINICIAN": true, "REFERRING_CLINICIAN_ADMIN": true, "REFERRING_ADMIN": true,
	"COMMISSIONER": true, "SERVICE_PROVIDER_CLINICIAN_ADMIN": true, "SERVICE_PROVIDER_CLINICIAN": true,
	"SERVICE_PROVIDER_ADMIN": true, "INFORMATION_ANALYST": true, "BOOKING_MANAGER": true,
	"ADDITIONAL_REQUIREMENTS_MANAGER": true,
}

// ersUserHeaders are the headers an application-restricted call must not
// send: the gateway's internal x-ers-* headers, which it refuses, and the
// user headers the specification marks "Not allowed for application-restricted
// access".
var ersUserHeaders = []string{
	"x-ers-ods-code", "x-ers-business-function", "x-ers-user-id",
	"NHSD-End-User-Organisation-ODS", "NHSD-eRS-Business-Function", "NHSD-eRS-On-Behalf-Of-User-ID",
}

// checkERS applies the e-RS API gateway's checks in its order: the bearer
// token; for user-restricted calls the ODS header (not on A030, R4
// PractitionerRole) and its allow-list, then the business function; for
// application-restricted calls the user headers. Last comes the backend's
// format check (406). frontDoor is false for that last one, which the backend
// answers.
func (m *middleware) checkERS(r *http.Request) (frontDoor bool, err error) {
	r4 := isERSR4(r)
	mode, ok := m.ersToken(r, r4)
	if !ok {
		if r4 {
			return true, ers.R4AccessDeniedInvalidToken("Invalid access token")
		}
		return true, ers.InvalidTokenNoBody()
	}
	switch mode {
	case UserRestricted:
		if !(r4 && strings.Contains(r.URL.Path, "/FHIR/R4/PractitionerRole")) {
			ods, ok := single(r, "NHSD-End-User-Organisation-ODS")
			if !ok {
				if r4 {
					return true, ers.R4MissingODSHeader()
				}
				return true, ers.MissingODSHeader()
			}
			if m.c.odsAllowList != nil && !m.c.odsAllowList[ods] {
				if r4 {
					return true, ers.R4AccessDeniedODSNotAllowed()
				}
				return true, ers.NoAccessODSNotAllowed()
			}
		}
		if vs := r.Header.Values("NHSD-eRS-Business-Function"); len(vs) > 0 {
			bf := strings.TrimSpace(vs[0])
			if len(vs) > 1 || !ersBusinessFunctions[bf] {
				// *_AUTHORISED_APPLICATION is refused by the gateway; any
				// other value outside the enum by e-RS, with the same 403.
				if r4 {
					return true, ers.R4AccessDeniedBusinessFunction()
				}
				return true, ers.NoAccessBusinessFunction()
			}
		}
	case AppRestricted:
		for _, h := range ersUserHeaders {
			if len(r.Header.Values(h)) > 0 {
				if r4 {
					return true, ers.R4AppRestrictedHeaderSent()
				}
				return true, ers.AppRestrictedHeaderSent()
			}
		}
	}
	if _, nerr := operationoutcome.Negotiate(r, []operationoutcome.Format{operationoutcome.FormatJSON}); nerr != nil {
		var uf *operationoutcome.UnsupportedFormatError
		if errors.As(nerr, &uf) {
			return false, unsupportedFormat(r, ERS)
		}
	}
	return false, nil
}

// ersToken reads the bearer token and its access mode. The scheme is matched
// case-insensitively, as RFC 9110 §11.1 says auth schemes are; the gateway's
// documented form is "Bearer <token>". A bare token (the developer community
// thread "401 Access Denied on call to A0042") is refused
// unless WithBareTokenOnSTU3 allows it on a STU3 path.
func (m *middleware) ersToken(r *http.Request, r4 bool) (AccessMode, bool) {
	vs := r.Header.Values("Authorization")
	if len(vs) != 1 {
		return 0, false
	}
	token, ok := bearer(vs[0])
	if !ok {
		if r4 || !m.c.bareSTU3 || !isToken68(strings.TrimSpace(vs[0])) {
			return 0, false
		}
		token = strings.TrimSpace(vs[0])
	}
	if m.c.tokens != nil {
		mode, known := m.c.tokens[token]
		return mode, known
	}
	if strings.HasPrefix(token, "app-") {
		return AppRestricted, true
	}
	return UserRestricted, true
}

// bearer returns the credentials of an "Authorization: Bearer <token>" value.
func bearer(v string) (string, bool) {
	scheme, rest, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token := strings.TrimLeft(rest, " ")
	if !isToken68(token) {
		return "", false
	}
	return token, true
}

// isToken68 reports whether s is an RFC 9110 token68: the form of a bearer
// token (RFC 6750 §2.1).
func isToken68(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/') {
			break
		}
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}

// single returns a header's value when it is present and not blank.
func single(r *http.Request, name string) (string, bool) {
	vs := r.Header.Values(name)
	if len(vs) == 0 {
		return "", false
	}
	v := strings.TrimSpace(vs[0])
	return v, v != ""
}
