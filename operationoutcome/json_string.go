package operationoutcome

import "unicode/utf8"

// jsonSafe marks the ASCII bytes that need no escaping in a JSON string.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// jsonSafe256 is jsonSafe over every byte value (false from 0x80), so that
// the common case costs one lookup.
var jsonSafe256 = func() (t [256]bool) {
	copy(t[:], jsonSafe[:])
	return t
}()

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string exactly as
// [OperationOutcome.AppendJSON] writes string values, for encoders that write
// OperationOutcome JSON without building the struct (package catalog's
// Error.AppendJSON).
func AppendJSONString(dst []byte, s string) []byte { return appendJSONString(dst, s) }

// appendJSONString appends s as a JSON string. Like encoding/json it replaces
// invalid UTF-8 with U+FFFD and escapes U+2028 and U+2029; unlike it, it does
// not escape <, > and &, so narrative XHTML stays readable.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; ; {
		i += safeRun(s[i:])
		for i < len(s) && jsonSafe256[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			start = i + size
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			start = i + size
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// safeRun returns how long a run of eight-byte blocks at the start of s
// needs no escaping: no byte of them is a quote, a backslash, a control
// character or outside ASCII. Most strings of an OperationOutcome are
// plain ASCII, read eight bytes at a time.
func safeRun(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	n := 0
	for ; n+16 <= len(s); n += 16 {
		t := s[n : n+16]
		w := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		v := uint64(t[8]) | uint64(t[9])<<8 | uint64(t[10])<<16 | uint64(t[11])<<24 |
			uint64(t[12])<<32 | uint64(t[13])<<40 | uint64(t[14])<<48 | uint64(t[15])<<56
		q, b := w^(ones*'"'), w^(ones*'\\')
		r, c := v^(ones*'"'), v^(ones*'\\')
		if (w|v|(q-ones)&^q|(b-ones)&^b|(w-ones*0x20)&^w|(r-ones)&^r|(c-ones)&^c|(v-ones*0x20)&^v)&highs != 0 {
			break
		}
	}
	for ; n+8 <= len(s); n += 8 {
		t := s[n : n+8]
		w := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		q, b := w^(ones*'"'), w^(ones*'\\')
		if (w|(q-ones)&^q|(b-ones)&^b|(w-ones*0x20)&^w)&highs != 0 {
			break
		}
	}
	return n
}
