package catalog

import "strings"

// braceText is one piece of a text with {references}, the grammar that
// diagnostics templates and parameter values share: literal text, or the
// name written inside braces.
type braceText struct {
	ref  bool
	text string
	at   int // byte offset of the piece in the source ('{' for a reference)
}

// braceError is a brace that does not pair, at byte offset at.
type braceError struct {
	unclosed bool // a '{' without its '}'; otherwise a '}' without its '{'
	at       int
}

// splitBraces splits s into literal text and {references}; "{{" and "}}"
// stand for literal braces. Adjacent literal text comes as one piece.
func splitBraces(s string) ([]braceText, *braceError) {
	var out []braceText
	var lit strings.Builder
	litAt := 0
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, braceText{text: lit.String(), at: litAt})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		if lit.Len() == 0 {
			litAt = i
		}
		switch c := s[i]; {
		case (c == '{' || c == '}') && i+1 < len(s) && s[i+1] == c:
			lit.WriteByte(c)
			i++
		case c == '}':
			return nil, &braceError{at: i}
		case c == '{':
			end := strings.IndexByte(s[i+1:], '}')
			if end < 0 {
				return nil, &braceError{unclosed: true, at: i}
			}
			flush()
			out = append(out, braceText{ref: true, text: s[i+1 : i+1+end], at: i})
			i += end + 1
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return out, nil
}
