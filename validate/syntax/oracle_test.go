package syntax

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// jsonFacts reads a body that encoding/json accepts with its tokenizer and
// reports whether an object repeats a key (compared as encoding/json
// decodes them) and how deep objects and arrays nest: an account of the
// scanner's departures from json.Valid that does not use the scanner.
func jsonFacts(body []byte) (dup bool, depth int) {
	type open struct {
		keys    map[string]bool // nil for an array
		wantKey bool
	}
	var stack []*open
	afterValue := func() {
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // numbers out of float64 range are valid JSON
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return dup, depth
		}
		if err != nil {
			panic("jsonFacts on a body json.Valid rejects: " + err.Error())
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &open{keys: map[string]bool{}, wantKey: true})
			case '[':
				stack = append(stack, &open{})
			default:
				stack = stack[:len(stack)-1]
				afterValue()
			}
			depth = max(depth, len(stack))
		case string:
			if n := len(stack); n > 0 && stack[n-1].keys != nil && stack[n-1].wantKey {
				dup = dup || stack[n-1].keys[t]
				stack[n-1].keys[t] = true
				stack[n-1].wantKey = false
				continue
			}
			afterValue()
		default:
			afterValue()
		}
	}
}

// FuzzScanner holds the scanner to encoding/json: it rejects what json.Valid
// rejects and accepts what json.Valid accepts, except for the documented
// differences, which it finds exactly: duplicate keys, bytes that are not
// UTF-8 (both read through, as lenient readers do) and nesting deeper than
// MaxDepth (too deep to check).
func FuzzScanner(f *testing.F) {
	for _, s := range []string{
		valid, `{"a": 1, "a": 2}`, `{"a": 1, "\u0061": 2}`, `{"\ud800": 1, "\ufffd": 2}`, "{\"\xff\": 1, \"\xfe\": 2}",
		`[1, 2,]`, `{"a": [1}`, `{"a": 01}`, `-`, `1e+`, `"\u12"`, `tru`, `{"a" 1}`, `[] x`, `// c`,
		"{“a”: ‘b’}", "[“a\", “b", `NaN`, strings.Repeat("[", MaxDepth+1), strings.Repeat(`{"a":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth),
		`{` + manyKeys(20) + `, "k3": 1}`, `{"a": "x\u00e9\"\\\/\b\f\n\r\t"}`, "\xEF\xBB\xBF{}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var s scanner
		s.scan(body, 0)
		stops := false
		var found [numFaultKinds]bool
		for i, ft := range s.faults {
			if ft.kind == faultNone || ft.kind >= numFaultKinds || ft.off < 0 || ft.off > len(body) {
				t.Fatalf("bad fault %+v", ft)
			}
			if faultRules[ft.kind].class != lenient {
				stops = true
				if i != len(s.faults)-1 && ft.kind != faultTypoQuote && ft.kind != faultTrailingComma {
					t.Fatalf("fault %+v that ends the scan is not the last: %+v", ft, s.faults)
				}
			}
			found[ft.kind] = true
		}
		if !json.Valid(body) {
			if !stops {
				t.Fatalf("encoding/json rejects the body, the scanner finds only %+v", s.faults)
			}
			return
		}
		dup, depth := jsonFacts(body)
		if depth > MaxDepth {
			if !found[faultTooDeep] {
				t.Fatalf("nested %d deep, but the scanner finds %+v", depth, s.faults)
			}
			return
		}
		if stops {
			t.Fatalf("encoding/json accepts the body, the scanner finds %+v", s.faults)
		}
		if found[faultDuplicateKey] != dup {
			t.Fatalf("duplicate keys: scanner %v, encoding/json's tokens %v", found[faultDuplicateKey], dup)
		}
		if found[faultUTF8] == utf8.Valid(body) {
			t.Fatalf("bytes that are not UTF-8: scanner %v, utf8.Valid %v", found[faultUTF8], utf8.Valid(body))
		}
	})
}
