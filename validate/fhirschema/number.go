package fhirschema

import (
	"math/big"
	"strconv"
)

// decimal is the exact value of a JSON number's text, digits × 10^exp:
// the significant digits without leading or trailing zeros ("" for zero),
// and the exponent of the last of them. The exponent saturates far beyond
// any bound a schema states, so that 1e999999999999 costs no more than 1e9.
type decimal struct {
	neg    bool
	digits []byte
	exp    int64
}

// maxExp is where the exponent saturates.
const maxExp = 1 << 40

// parseDecimal reads raw, a number the scanner has checked against the
// JSON grammar, into buf's memory.
func parseDecimal(raw []byte, buf []byte) decimal {
	var d decimal
	i := 0
	if i < len(raw) && raw[i] == '-' {
		d.neg = true
		i++
	}
	digits := buf[:0]
	point, scale := false, int64(0) // scale: digits after the point
	for ; i < len(raw) && raw[i] != 'e' && raw[i] != 'E'; i++ {
		c := raw[i]
		if c == '.' {
			point = true
			continue
		}
		if point {
			scale++
		}
		if len(digits) > 0 || c != '0' {
			digits = append(digits, c)
		}
	}
	exp := int64(0)
	if i < len(raw) {
		i++
		sign := int64(1)
		if raw[i] == '+' || raw[i] == '-' {
			if raw[i] == '-' {
				sign = -1
			}
			i++
		}
		for ; i < len(raw); i++ {
			if exp < maxExp {
				exp = exp*10 + int64(raw[i]-'0')
			}
		}
		exp = min(exp, maxExp) * sign
	}
	exp -= scale
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	d.digits, d.exp = digits, exp
	if len(digits) == 0 {
		d.neg, d.exp = false, 0
	}
	return d
}

// isInteger reports whether d is a whole number.
func (d decimal) isInteger() bool { return len(d.digits) == 0 || d.exp >= 0 }

// magnitude is the power of ten of d's first digit.
func (d decimal) magnitude() int64 { return int64(len(d.digits)) + d.exp - 1 }

// cmp compares d with bound, exactly: -1, 0 or +1.
func (d decimal) cmp(bound *big.Rat) int {
	const far = 400 // beyond any bound a schema states
	switch m := d.magnitude(); {
	case len(d.digits) == 0:
		return -bound.Sign()
	case m > far:
		if d.neg {
			return -1
		}
		return 1
	case m < -far:
		// As close to zero as makes no difference to the bound, but not zero.
		if s := bound.Sign(); s != 0 {
			return -s
		}
		if d.neg {
			return -1
		}
		return 1
	}
	r, _ := new(big.Rat).SetString(d.String())
	return r.Cmp(bound)
}

// String writes d as a number in scientific notation.
func (d decimal) String() string {
	s := string(d.digits)
	if s == "" {
		return "0"
	}
	if d.neg {
		s = "-" + s
	}
	return s + "e" + strconv.FormatInt(d.exp, 10)
}
