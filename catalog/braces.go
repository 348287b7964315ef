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
// stand for literal braces. Adjacent literal text comes as one piece, a
// substring of s unless it holds an escaped brace: generated catalogues
// parse every template when their package starts.
func splitBraces(s string) ([]braceText, *braceError) {
	var out []braceText
	var esc strings.Builder // the literal so far, once it holds an escaped brace
	litAt, from := -1, 0    // where the current literal starts; where its run not yet in esc starts
	startLit := func(i int) {
		if litAt < 0 {
			litAt, from = i, i
		}
	}
	endLit := func(i int) { // the current literal ends before offset i
		if litAt < 0 {
			return
		}
		text := s[litAt:i]
		if esc.Len() > 0 {
			esc.WriteString(s[from:i])
			text = esc.String()
			esc.Reset()
		}
		out = append(out, braceText{text: text, at: litAt})
		litAt = -1
	}
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "{}")
		if j < 0 {
			startLit(i)
			break
		}
		if j > 0 {
			startLit(i)
		}
		i += j
		switch c := s[i]; {
		case i+1 < len(s) && s[i+1] == c:
			startLit(i)
			esc.WriteString(s[from:i])
			esc.WriteByte(c)
			i += 2
			from = i
		case c == '}':
			return nil, &braceError{at: i}
		default:
			end := strings.IndexByte(s[i+1:], '}')
			if end < 0 {
				return nil, &braceError{unclosed: true, at: i}
			}
			endLit(i)
			out = append(out, braceText{ref: true, text: s[i+1 : i+1+end], at: i})
			i += end + 2
		}
	}
	endLit(len(s))
	return out, nil
}
