package jsonoracle

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Facts reads a body that encoding/json accepts with its tokenizer and
// reports whether an object repeats a key (compared as encoding/json
// decodes them) and how deep objects and arrays nest: an account of the
// scanner's departures from json.Valid that does not use the scanner. It
// panics on a body json.Valid rejects.
func Facts(body []byte) (dup bool, depth int) {
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
			panic("jsonoracle.Facts on a body json.Valid rejects: " + err.Error())
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

// Decode decodes one JSON value as encoding/json does with UseNumber, and
// fails when anything but white space follows it.
func Decode(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("jsonoracle: more content after the JSON value")
	}
	return v, nil
}
