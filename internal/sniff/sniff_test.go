package sniff

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestUTF16(t *testing.T) {
	body := `{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "invalid", "diagnostics": "café 日本"}]}`
	tests := []struct {
		name         string
		in           []byte
		big, bom, ok bool
	}{
		{"LE with BOM", append([]byte{0xFF, 0xFE}, utf16Bytes(body, false)...), false, true, true},
		{"BE with BOM", append([]byte{0xFE, 0xFF}, utf16Bytes(body, true)...), true, true, true},
		{"LE", utf16Bytes(body, false), false, false, true},
		{"BE", utf16Bytes(body, true), true, false, true},
		{"UTF-8", []byte(body), false, false, false},
		{"short", []byte("{\x00"), false, false, false},
		{"binary", []byte("\x00\x00\x00\x00\x00\x00\x00\x00"), false, false, false},
		{"mostly CJK", utf16Bytes(strings.Repeat("日本語", 30), false), false, false, false},
	}
	for _, tt := range tests {
		big, bom, ok := UTF16(tt.in)
		if big != tt.big || bom != tt.bom || ok != tt.ok {
			t.Errorf("%s: UTF16 = %v %v %v, want %v %v %v", tt.name, big, bom, ok, tt.big, tt.bom, tt.ok)
		}
	}
}

func TestHTML(t *testing.T) {
	for in, want := range map[string]bool{
		"<!DOCTYPE html><html>": true, "  \n<html lang=en>": true, "<HTML>": true, "<html": true, "\ufeff<html>": true,
		"<htmlx>": false, "<?xml version='1.0'?><html>": false, "<OperationOutcome>": false, "{}": false, "": false,
		"<!doctype htm": false,
	} {
		if got := HTML([]byte(in)); got != want {
			t.Errorf("HTML(%q) = %v, want %v", in, got, want)
		}
	}
}
