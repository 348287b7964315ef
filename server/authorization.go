package server

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
)

// authorize applies an authorization rule: the header is present once, its
// scheme is the rule's (case-insensitive, RFC 9110 §11.1, unless the rule
// says exactly) and its credentials a token68 (RFC 6750 §2.1) that the
// token table knows, and, with a JWT check, a JWT whose body is a JSON
// object of claims. Each fault has its answer where the rule gives one: a
// blank header, a single word, another scheme. It sets the caller's access
// mode from the token. Nothing of the credentials is put in an answer.
func (m *middleware) authorize(rule *catalog.RequestRule, req *request) *catalog.Reply {
	vs := req.r.Header.Values("Authorization")
	if len(vs) == 0 {
		return rule.Missing.For(req.surface)
	}
	v := strings.TrimSpace(vs[0])
	if v == "" {
		return or(rule.Blank, rule.Missing).For(req.surface)
	}
	if len(vs) > 1 {
		return rule.Invalid.For(req.surface)
	}
	if m.lenient(rule, req, catalog.AcceptAnyValue) {
		return nil
	}
	scheme, token, twoWords := strings.Cut(v, " ")
	token = strings.TrimLeft(token, " ")
	switch {
	case !twoWords || token == "":
		if !isToken68(v) || !m.lenient(rule, req, catalog.AcceptBareToken) {
			return or(rule.NoCredentials, rule.Invalid).For(req.surface)
		}
		token = v
	case rule.ExactScheme && scheme != rule.Scheme, !strings.EqualFold(scheme, rule.Scheme):
		return or(rule.WrongScheme, rule.Invalid).For(req.surface)
	case !isToken68(token):
		return rule.Invalid.For(req.surface)
	}
	if m.c.tokens != nil {
		mode, known := m.c.tokens[token]
		if !known {
			return rule.Invalid.For(req.surface)
		}
		req.mode = mode
	} else if mode := m.api.ModeOf(token); mode != nil {
		req.mode = mode.Name
	}
	if rule.JWT != nil {
		return checkJWT(token, rule.JWT, req.surface)
	}
	return nil
}

// or returns a, or b when a is empty: a rule's answer to a particular
// fault, else its answer to the wider one.
func or(a, b catalog.Answer) catalog.Answer {
	if len(a) > 0 {
		return a
	}
	return b
}

// lenient reports whether a leniency of the rule that accepts what and
// applies to the request was asked for.
func (m *middleware) lenient(rule *catalog.RequestRule, req *request, what catalog.Allowance) bool {
	for _, l := range rule.Leniencies {
		if l.Accept == what && slices.Contains(m.c.lenient, l.Name) && l.When.Holds(req.mode, req.surface, req.r.Method, req.r.URL.Path) {
			return true
		}
	}
	return false
}

// isToken68 reports whether s is an RFC 9110 token68: the form of a bearer
// token (RFC 6750 §2.1).
func isToken68(s string) bool {
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

// checkJWT checks a JWT's structure: three sections, the second a base64url
// JSON object with at least one claim.
func checkJWT(token string, j *catalog.JWTCheck, s *catalog.Surface) *catalog.Reply {
	claims, fault := jwtClaims(token)
	switch {
	case fault == jwtSections:
		return j.Sections.For(s)
	case fault == jwtBody:
		return j.Invalid.For(s)
	case len(claims) == 0:
		return j.NoClaims.For(s)
	}
	return nil
}

// The faults of a JWT's structure.
const (
	jwtOK       = iota
	jwtSections // not three dot-separated sections
	jwtBody     // the body is not base64url JSON of an object
)

// jwtClaims decodes the claims of a JWT, or says what is wrong with it.
func jwtClaims(token string) (map[string]json.RawMessage, int) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, jwtSections
	}
	body, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, jwtBody
	}
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(body, &claims); err != nil {
		return nil, jwtBody
	}
	return claims, jwtOK
}

// checkClaim applies a claim rule to the bearer token's claims: a token
// that is not a JWT, or lacks the claim, is missing it; a claim outside the
// values allowed is invalid. A claim that is not a string is compared as
// its JSON text.
func checkClaim(rule *catalog.RequestRule, req *request) *catalog.Reply {
	_, token, _ := strings.Cut(strings.TrimSpace(req.r.Header.Get("Authorization")), " ")
	claims, _ := jwtClaims(strings.TrimSpace(token))
	raw, ok := claims[rule.Claim]
	if !ok {
		return rule.Missing.For(req.surface)
	}
	v := string(raw)
	var s string
	if json.Unmarshal(raw, &s) == nil {
		v = s
	}
	if !rule.Accepts(v) {
		return rule.Invalid.For(req.surface)
	}
	return nil
}
