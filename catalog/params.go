package catalog

import (
	"fmt"
	"strconv"
)

// ParamType is a type a diagnostics parameter can have: its name in the
// catalogue YAML (`type:`) and the rule its values follow. The rules are
// defined here once; the loader, the generated ParamsOf accessors and the
// checker all use them.
type ParamType struct {
	Name string
	Rule string // what a value of the type is, one sentence
	ok   func(string) bool
}

// Validate returns nil when v follows the type's rule, else an error saying
// what the value should be.
func (t ParamType) Validate(v string) error {
	if t.ok == nil || t.ok(v) {
		return nil
	}
	return fmt.Errorf("%q is not of type %s (%s)", v, t.Name, t.Rule)
}

// ParamTypes are the parameter types, in the order docs/catalog-format.md
// lists them.
var ParamTypes = []ParamType{
	{Name: "string", Rule: "any text (an id, a name, a token)"},
	{Name: "text", Rule: "any text, usually a whole sentence from the service"},
	{Name: "int", Rule: "a whole number in decimal digits, optionally signed", ok: isInt},
	{Name: "nhs-number", Rule: "10 digits whose last is the modulus 11 check digit of the first nine", ok: isNHSNumber},
	{Name: "ods-code", Rule: "3 to 12 letters and digits, optionally followed by a dot and an extension of letters and digits", ok: isODSCode},
	{Name: "asid", Rule: "1 to 12 digits (Spine issues ASIDs as 12-digit numbers)", ok: isASID},
	{Name: "uuid", Rule: "a UUID: 32 hexadecimal digits in groups of 8-4-4-4-12", ok: isUUID},
}

// LookupParamType returns the parameter type with that name.
func LookupParamType(name string) (ParamType, bool) {
	for _, t := range ParamTypes {
		if t.Name == name {
			return t, true
		}
	}
	return ParamType{}, false
}

// Validate returns nil when v follows the rule of the parameter's type,
// else an error naming the parameter and saying what the value should be.
// A type the catalogue does not know accepts any value (the loader reports
// it).
func (p Param) Validate(v string) error {
	t, ok := LookupParamType(p.Type)
	if !ok {
		return nil
	}
	if err := t.Validate(v); err != nil {
		return fmt.Errorf("{%s}: %w", p.Name, err)
	}
	return nil
}

func isInt(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return s != ""
}

// isNHSNumber applies the NHS number check digit: weights 10 down to 2 on
// the first nine digits, 11 minus the sum modulo 11, 11 read as 0, and 10
// never valid.
func isNHSNumber(s string) bool {
	if len(s) != 10 || !allDigits(s) {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(s[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(s[9]-'0')
}

func isODSCode(s string) bool {
	code, ext := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			code, ext = s[:i], s[i+1:]
			if !isAlnum(ext) || len(ext) > 12 {
				return false
			}
			break
		}
	}
	return len(code) >= 3 && len(code) <= 12 && isAlnum(code)
}

func isASID(s string) bool { return len(s) <= 12 && allDigits(s) }

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}
