package fhirschema

import "bytes"

// knownPatterns holds, for each pattern the embedded schemas use, a matcher
// that decides exactly what Go's regexp decides for it (fast_test.go checks
// each against regexp on generated and fuzzed strings). A schema with a
// pattern not listed here does not build.
var knownPatterns = map[string]func([]byte) bool{
	`^[ \r\n\t\S]+$`:                 matchFHIRString,
	`^[^\s]+(\s[^\s]+)*$`:            matchCode,
	`^[A-Za-z0-9\-\.]{1,64}$`:        matchID,
	`^\S+$`:                          matchNoSpace,
	`^[A-Z][A-Za-z]+$`:               matchResourceType,
	`^\s*<div[\s>][\s\S]*</div>\s*$`: matchXHTML,
	`^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$`:          matchInstant,
	`^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$`: matchDateTime,
	`^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$`:                                                                                                         matchDate,
}

// isSpace is RE2's \s: ASCII tab, newline, form feed, carriage return and
// space only.
func isSpace(c byte) bool { return spaces[c] }

var spaces = [256]bool{'\t': true, '\n': true, '\f': true, '\r': true, ' ': true}

// matchFHIRString: one or more characters, any but a form feed ([ \r\n\t\S]
// leaves out only \f of \s). Invalid UTF-8 reads as U+FFFD, which is \S.
func matchFHIRString(s []byte) bool { return len(s) > 0 && bytes.IndexByte(s, '\f') < 0 }

// matchCode: no leading, trailing or repeated white space.
func matchCode(s []byte) bool {
	if len(s) == 0 || isSpace(s[0]) || isSpace(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if isSpace(s[i]) && isSpace(s[i-1]) {
			return false
		}
	}
	return true
}

func matchID(s []byte) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func matchNoSpace(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) {
			return false
		}
	}
	return true
}

func matchResourceType(s []byte) bool {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// matchXHTML: white space, "<div", a white space or '>', anything,
// "</div>", white space.
func matchXHTML(s []byte) bool {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	t := s[i:j]
	return len(t) >= 11 && string(t[:4]) == "<div" && (isSpace(t[4]) || t[4] == '>') && string(t[len(t)-6:]) == "</div>"
}

func digit(c byte) bool { return c >= '0' && c <= '9' }

// two reads two digits at s[i:] as a number, or -1.
func two(s []byte, i int) int {
	if i+2 > len(s) || !digit(s[i]) || !digit(s[i+1]) {
		return -1
	}
	return int(s[i]-'0')*10 + int(s[i+1]-'0')
}

// year matches the four-digit year of the date patterns (any but 0000) and
// returns what follows.
func year(s []byte) ([]byte, bool) {
	if len(s) < 4 || !digit(s[0]) || !digit(s[1]) || !digit(s[2]) || !digit(s[3]) || string(s[:4]) == "0000" {
		return s[:0], false
	}
	return s[4:], true
}

// monthDay matches "-MM" and returns what follows.
func month(s []byte) ([]byte, bool) {
	if len(s) < 3 || s[0] != '-' {
		return s[:0], false
	}
	m := two(s, 1)
	return s[3:], m >= 1 && m <= 12
}

func day(s []byte) ([]byte, bool) {
	if len(s) < 3 || s[0] != '-' {
		return s[:0], false
	}
	d := two(s, 1)
	return s[3:], d >= 1 && d <= 31
}

// timeZone matches "Thh:mm:ss(.f+)?(Z|±hh:mm)" to the end of s.
func timeZone(s []byte) bool {
	if len(s) < 9 || s[0] != 'T' || s[3] != ':' || s[6] != ':' {
		return false
	}
	h, m, sec := two(s, 1), two(s, 4), two(s, 7)
	if h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60 {
		return false
	}
	s = s[9:]
	if len(s) > 0 && s[0] == '.' {
		k := 1
		for k < len(s) && digit(s[k]) {
			k++
		}
		if k == 1 {
			return false
		}
		s = s[k:]
	}
	if len(s) == 1 && s[0] == 'Z' {
		return true
	}
	if len(s) != 6 || s[0] != '+' && s[0] != '-' || s[3] != ':' {
		return false
	}
	zh, zm := two(s, 1), two(s, 4)
	if zh < 0 || zm < 0 {
		return false
	}
	return zh <= 13 && zm <= 59 || zh == 14 && zm == 0
}

func matchInstant(s []byte) bool {
	s, ok := year(s)
	if !ok {
		return false
	}
	if s, ok = month(s); !ok {
		return false
	}
	if s, ok = day(s); !ok {
		return false
	}
	return timeZone(s)
}

func matchDateTime(s []byte) bool {
	s, ok := year(s)
	if !ok {
		return false
	}
	if len(s) == 0 {
		return true
	}
	if s, ok = month(s); !ok {
		return false
	}
	if len(s) == 0 {
		return true
	}
	if s, ok = day(s); !ok {
		return false
	}
	return len(s) == 0 || timeZone(s)
}

func matchDate(s []byte) bool {
	s, ok := year(s)
	if !ok {
		return false
	}
	if len(s) == 0 {
		return true
	}
	if s, ok = month(s); !ok {
		return false
	}
	if len(s) == 0 {
		return true
	}
	s, ok = day(s)
	return ok && len(s) == 0
}
