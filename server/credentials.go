package server

import (
	"net/http"
	"slices"
	"strings"
)

// redacted is what a request's credentials are replaced with wherever a
// request value would echo them.
const redacted = "[redacted]"

// maxAuthorizationValues is how many Authorization headers a request's
// credentials are read from. A request with more (which every front door
// refuses) has every value it would echo redacted whole, so that the work
// stays linear in the request.
const maxAuthorizationValues = 4

// credentialSet is what of a request's Authorization headers must never be
// echoed: each value and its credentials after the scheme, of any length,
// as sent and as clean makes them, longest first. It is a value without
// pointers to the heap of its own, so that working it out costs a request
// no allocation.
type credentialSet struct {
	secrets [4 * maxAuthorizationValues]string
	n       int
	all     bool // too many Authorization headers: redact every value whole
}

// credentialsOf returns the credentials of r's Authorization headers.
func credentialsOf(r *http.Request) credentialSet {
	var cs credentialSet
	if r == nil {
		return cs
	}
	vs := r.Header["Authorization"] // Go's server canonicalises names
	if len(vs) > maxAuthorizationValues {
		cs.all = true
		return cs
	}
	for _, v := range vs {
		v = strings.TrimSpace(v)
		cs.add(v)
		if _, cred, ok := strings.Cut(v, " "); ok {
			cs.add(cred)
		}
	}
	// Longest first, so that a whole value goes before the credentials in
	// it (an insertion sort: there are a few).
	for i := 1; i < cs.n; i++ {
		for j := i; j > 0 && len(cs.secrets[j]) > len(cs.secrets[j-1]); j-- {
			cs.secrets[j], cs.secrets[j-1] = cs.secrets[j-1], cs.secrets[j]
		}
	}
	return cs
}

// add adds a secret as sent and, when cleaning changes it, as clean makes
// it.
func (cs *credentialSet) add(s string) {
	s = strings.TrimSpace(s)
	cs.put(s)
	if !plainASCII(s) {
		cs.put(strings.TrimSpace(clean(s)))
	}
}

func (cs *credentialSet) put(v string) {
	if v != "" && !slices.Contains(cs.secrets[:cs.n], v) {
		cs.secrets[cs.n] = v
		cs.n++
	}
}

// redact replaces every occurrence of the credentials in s by "[redacted]"
// (a short one where it stands alone: see shortSecret).
// Text already "[redacted]" is left alone, so redacting twice changes
// nothing, even for a credential of one letter of it.
func (cs *credentialSet) redact(s string) string {
	switch {
	case cs.all && s != "":
		return redacted
	case cs.n == 0 || !cs.occursIn(s):
		return s
	}
	return redactEach(s, cs.secrets[:cs.n])
}

func (cs *credentialSet) occursIn(s string) bool {
	for _, sec := range cs.secrets[:cs.n] {
		if indexSecret(s, sec) >= 0 {
			return true
		}
	}
	return false
}

// shortSecret is the length under which a credential is redacted only where
// it stands alone: a token of a few letters ("tok") is also a part of many
// words ("token"), and redacting it there would garble a message without
// hiding anything. Alone, as a value or a word of one, it is redacted
// whatever its length.
const shortSecret = 8

// indexSecret returns the index of the first occurrence of sec in s, or -1;
// a short secret counts only where no letter or digit touches it on either
// side.
func indexSecret(s, sec string) int {
	if sec == "" {
		return -1
	}
	if len(sec) >= shortSecret {
		return strings.Index(s, sec)
	}
	for from := 0; from <= len(s)-len(sec); {
		i := strings.Index(s[from:], sec)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(sec)
		if (i == 0 || !isAlnum(s[i-1])) && (end == len(s) || !isAlnum(s[end])) {
			return i
		}
		from = i + 1
	}
	return -1
}

// splitAtSecret splits s around the occurrences of sec that indexSecret
// finds, as strings.Split splits around every occurrence.
func splitAtSecret(s, sec string) []string {
	var parts []string
	for {
		i := indexSecret(s, sec)
		if i < 0 {
			return append(parts, s)
		}
		parts = append(parts, s[:i])
		s = s[i+len(sec):]
	}
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// redactEach redacts the secrets in s, longest first, never inside a
// marker: text already redacted is split off first, and the parts around a
// secret hold neither it nor a marker when the shorter ones are redacted.
func redactEach(s string, secrets []string) string {
	switch {
	case len(secrets) == 0 || s == "":
		return s
	case strings.Contains(s, redacted):
		parts := strings.Split(s, redacted)
		for i, p := range parts {
			parts[i] = redactEach(p, secrets)
		}
		return strings.Join(parts, redacted)
	}
	if parts := splitAtSecret(s, secrets[0]); len(parts) > 1 {
		for i, p := range parts {
			parts[i] = redactEach(p, secrets[1:])
		}
		return strings.Join(parts, redacted)
	}
	return redactEach(s, secrets[1:])
}

// cleanValue is what a request value becomes in a response: cleaned, the
// credentials taken out, then cut to max runes, in that order so that no
// cut leaves part of a credential behind.
func cleanValue(v string, cs *credentialSet, max int) string {
	return cut(cs.redact(clean(v)), max)
}

// RequestSanitizer returns Sanitize for values taken from request r:
// besides what Sanitize does, every occurrence of r's Authorization
// credentials, however short (one of a few characters where it stands
// alone, not inside a longer word), is replaced by "[redacted]" before the value
// is cut, so that no part of one survives the cut. Every answer this
// package builds from a request uses it; a handler that puts request values
// into its own errors can too, though Writer redacts them again.
func RequestSanitizer(r *http.Request) func(string) string {
	cs := credentialsOf(r)
	return func(v string) string { return cleanValue(v, &cs, DefaultMaxParamRunes) }
}
