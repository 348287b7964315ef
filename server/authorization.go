package server

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
)

// authorize applies an authorization rule: the header is present once, its
// scheme is the rule's (case-insensitive, RFC 9110 §11.1) and its
// credentials a token68 (RFC 6750 §2.1) that the token table knows, and,
// with a JWT check, a JWT whose body is a JSON object of claims. It sets
// the caller's access mode from the token. Nothing of the header is put in
// an answer.
func (m *middleware) authorize(rule *catalog.RequestRule, req *request) *catalog.Reply {
	vs := req.r.Header.Values("Authorization")
	if len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
		return rule.Missing.For(req.surface)
	}
	if len(vs) > 1 {
		return rule.Invalid.For(req.surface)
	}
	v := strings.TrimSpace(vs[0])
	if m.lenient(rule, req, catalog.AcceptAnyValue) {
		return nil
	}
	token, ok := credentials68(v, rule.Scheme)
	if !ok {
		if !isToken68(v) || !m.lenient(rule, req, catalog.AcceptBareToken) {
			return rule.Invalid.For(req.surface)
		}
		token = v
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

// lenient reports whether a leniency of the rule that accepts what and
// applies to the request was asked for.
func (m *middleware) lenient(rule *catalog.RequestRule, req *request, what catalog.Lenience) bool {
	for _, l := range rule.Leniencies {
		if l.Accept == what && slices.Contains(m.c.lenient, l.Name) && l.When.Holds(req.mode, req.surface, req.r.URL.Path) {
			return true
		}
	}
	return false
}

// credentials68 returns the credentials of "<scheme> <token68>".
func credentials68(v, scheme string) (string, bool) {
	s, rest, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(s, scheme) {
		return "", false
	}
	token := strings.TrimLeft(rest, " ")
	return token, isToken68(token)
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
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return j.Sections.For(s)
	}
	body, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return j.Invalid.For(s)
	}
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(body, &claims); err != nil {
		return j.Invalid.For(s)
	}
	if len(claims) == 0 {
		return j.NoClaims.For(s)
	}
	return nil
}
