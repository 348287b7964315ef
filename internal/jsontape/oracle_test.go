package jsontape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/internal/jsonoracle"
)

// decoded rebuilds token i as encoding/json decodes it into an any with
// UseNumber, keeping the last of repeated keys, and checks that the
// token's Next, Len and Shadowed agree with what it holds.
func (t *Tape) decoded(tb testing.TB, i int) any {
	tok := t.Tokens[i]
	switch tok.Kind {
	case Null:
		return nil
	case True:
		return true
	case False:
		return false
	case Number:
		return json.Number(t.Raw(i))
	case String:
		return t.Text(i)
	case Object:
		m := map[string]any{}
		seen := map[string]bool{}
		j := i + 1
		for range tok.Len {
			if t.Tokens[j].Kind != Key {
				tb.Fatalf("token %d: a %s where a key belongs", j, t.Tokens[j].Kind)
			}
			name := t.Text(j)
			if t.Member(i, name) != j+1 {
				shadowed := t.Tokens[j].Flags&Shadowed != 0
				if !shadowed {
					tb.Fatalf("key %q at %d is repeated later but not Shadowed", name, t.Tokens[j].Start)
				}
			}
			seen[name] = true
			m[name] = t.decoded(tb, j+1)
			j = t.Tokens[j+1].Next
		}
		if j != tok.Next {
			tb.Fatalf("object at %d: members end at token %d, Next is %d", tok.Start, j, tok.Next)
		}
		return m
	case Array:
		a := []any{}
		j := i + 1
		for range tok.Len {
			a = append(a, t.decoded(tb, j))
			j = t.Tokens[j].Next
		}
		if j != tok.Next {
			tb.Fatalf("array at %d: items end at token %d, Next is %d", tok.Start, j, tok.Next)
		}
		return a
	}
	tb.Fatalf("token %d: kind %v", i, tok.Kind)
	return nil
}

// FuzzScanner holds the scanner to encoding/json: it rejects what json.Valid
// rejects and accepts what json.Valid accepts, except for the documented
// differences, which it finds exactly: duplicate keys, bytes that are not
// UTF-8 (both read through, as lenient readers do) and nesting deeper than
// MaxDepth (too deep to check). On what it accepts, the tape holds what
// encoding/json decodes.
func FuzzScanner(f *testing.F) {
	for _, s := range scannerSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkAgainstEncodingJSON(t, body) })
}

var scannerSeeds = []string{
	`{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "invalid"}]}`,
	`{"a": 1, "a": 2}`, `{"a": 1, "\u0061": 2}`, `{"\ud800": 1, "\ufffd": 2}`, "{\"\xff\": 1, \"\xfe\": 2}",
	`[1, 2,]`, `{"a": [1}`, `{"a": 01}`, `-`, `1e+`, `"\u12"`, `tru`, `{"a" 1}`, `[] x`, `// c`,
	"{“a”: ‘b’}", "[“a\", “b", `NaN`, strings.Repeat("[", MaxDepth+1), strings.Repeat(`{"a":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth),
	`{` + manyKeys(20) + `, "k3": 1, "k3": [2]}`, `{"a": "x\u00e9\"\\\/\b\f\n\r\t"}`, `{"s": "\ud83d\ude00 \ud83d x \udc00"}`,
	`[{}, [], "", 0, -0.5e-7, true, false, null, {"a": {"b": [[], {}]}}]`,
	`{"a": "x {{y}} z", "b$": "12345678#"}`, `["abcdefgh%", "<"]`,
}

// manyKeys returns n members "k0": 0, "k1": 1, … of an object.
func manyKeys(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"k%d": %d`, i, i)
	}
	return strings.Join(parts, ", ")
}

func TestScannerSeeds(t *testing.T) {
	for _, s := range scannerSeeds {
		checkAgainstEncodingJSON(t, []byte(s))
	}
}

func checkAgainstEncodingJSON(t *testing.T, body []byte) {
	t.Helper()
	tp := Scan(body, 0)
	defer tp.Release()
	stops := false
	var found [NumFaultKinds]bool
	for i, ft := range tp.Faults {
		if ft.Kind == FaultNone || ft.Kind >= NumFaultKinds || ft.Off < 0 || ft.Off > len(body) {
			t.Fatalf("bad fault %+v", ft)
		}
		if ft.Kind.Stops() {
			stops = true
			if i != len(tp.Faults)-1 && ft.Kind != FaultTypoQuote && ft.Kind != FaultTrailingComma {
				t.Fatalf("fault %+v that ends the scan is not the last: %+v", ft, tp.Faults)
			}
		}
		found[ft.Kind] = true
	}
	if stops == tp.Readable() {
		t.Fatalf("Readable is %v with faults %+v", tp.Readable(), tp.Faults)
	}
	if !json.Valid(body) {
		if !stops {
			t.Fatalf("encoding/json rejects the body, the scanner finds only %+v", tp.Faults)
		}
		return
	}
	dup, depth := jsonoracle.Facts(body)
	if depth > MaxDepth {
		if !found[FaultTooDeep] {
			t.Fatalf("nested %d deep, but the scanner finds %+v", depth, tp.Faults)
		}
		return
	}
	if stops {
		t.Fatalf("encoding/json accepts the body, the scanner finds %+v", tp.Faults)
	}
	if found[FaultDuplicateKey] != dup {
		t.Fatalf("duplicate keys: scanner %v, encoding/json's tokens %v", found[FaultDuplicateKey], dup)
	}
	if found[FaultUTF8] == utf8.Valid(body) {
		t.Fatalf("bytes that are not UTF-8: scanner %v, utf8.Valid %v", found[FaultUTF8], utf8.Valid(body))
	}
	want, err := jsonoracle.Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Tokens[0].Next != len(tp.Tokens) {
		t.Fatalf("the top-level value ends at token %d of %d", tp.Tokens[0].Next, len(tp.Tokens))
	}
	marks := false
	for i, tok := range tp.Tokens {
		if tok.Kind == String || tok.Kind == Key {
			marks = marks || bytes.ContainsAny(tp.Content(i), "{$#%<")
		}
	}
	if marks != tp.Placeholder {
		t.Fatalf("Placeholder is %v, but the strings' bytes say %v", tp.Placeholder, marks)
	}
	if diff := cmp.Diff(want, tp.decoded(t, 0)); diff != "" {
		t.Fatalf("the tape differs from encoding/json's decode (-encoding/json +tape):\n%s", diff)
	}
}
