package jsontape

import (
	"bytes"
	"unicode/utf8"
)

// smallObject is how many keys of one object each new key is compared with
// one by one; beyond that the object's keys go into a map, so that finding
// duplicates stays linear in the size of the body.
const smallObject = 16

// keyRef is a key of an open object: its token, its opening quote at at,
// its raw text b[lo:hi], whether that text must be decoded before
// comparing (it has escapes, or bytes that are not UTF-8), and then the
// name it stands for.
type keyRef struct {
	tok, at, lo, hi int
	slow            bool
	name            string
}

// bigKey is a key of an object with more than smallObject keys, the object
// named by the offset of its {.
type bigKey struct {
	object int
	name   string
}

// seenKey is where a key of a big object was seen first and last.
type seenKey struct{ firstAt, lastTok int }

// key reads the key that starts at b[i] and checks it against the other
// keys of its object.
func (t *Tape) key(i int) (int, bool) {
	b := t.Body
	k := keyRef{at: i, tok: len(t.Tokens)}
	var end int
	var ok bool
	r, size := utf8.DecodeRune(b[i:])
	switch {
	case r == '"':
		k.lo = i + 1
		k.hi, k.slow, ok = t.content(i+1, -1, i)
		end = k.hi + 1
	case IsTypoQuote(r):
		k.lo, k.hi, end, k.slow, ok = t.typoString(i, r, size)
	default:
		t.stop(FaultKey, i, -1)
		return i, false
	}
	if !ok {
		return i, false
	}
	t.emit(Key, flagsOf(k.slow), i, end)
	t.stack[len(t.stack)-1].n++
	t.addKey(k)
	return end, true
}

// addKey records key k of the innermost object, and a fault if the object
// already has it; the earlier occurrences are marked Shadowed, since a
// reader keeps the last.
func (t *Tape) addKey(k keyRef) {
	if k.slow {
		k.name = string(AppendUnquoted(nil, t.Body[k.lo:k.hi]))
	}
	top := &t.stack[len(t.stack)-1]
	mine := t.keys[top.keys:]
	first := -1
	if len(mine) < smallObject {
		for _, o := range mine {
			if (o.slow || k.slow || o.hi-o.lo == k.hi-k.lo) && t.sameKey(o, k) {
				if first < 0 {
					first = o.at
				}
				t.Tokens[o.tok].Flags |= Shadowed
			}
		}
	} else {
		if t.bigKeys == nil {
			t.bigKeys = map[bigKey]seenKey{}
		}
		if len(mine) == smallObject {
			for _, o := range mine {
				bk := bigKey{top.At, t.keyName(o)}
				if s, dup := t.bigKeys[bk]; dup {
					s.lastTok = o.tok
					t.bigKeys[bk] = s
				} else {
					t.bigKeys[bk] = seenKey{o.at, o.tok}
				}
			}
		}
		bk := bigKey{top.At, t.keyName(k)}
		if s, dup := t.bigKeys[bk]; dup {
			first = s.firstAt
			t.Tokens[s.lastTok].Flags |= Shadowed
			s.lastTok = k.tok
			t.bigKeys[bk] = s
		} else {
			t.bigKeys[bk] = seenKey{k.at, k.tok}
		}
	}
	if first >= 0 {
		t.record(Fault{Kind: FaultDuplicateKey, Off: k.at, Ref: first, Lo: k.lo, Hi: k.hi})
	}
	t.keys = append(t.keys, k)
}

func (t *Tape) sameKey(a, b keyRef) bool {
	switch {
	case !a.slow && !b.slow:
		return bytes.Equal(t.Body[a.lo:a.hi], t.Body[b.lo:b.hi])
	case a.slow && b.slow:
		return a.name == b.name
	case a.slow:
		return string(t.Body[b.lo:b.hi]) == a.name
	}
	return string(t.Body[a.lo:a.hi]) == b.name
}

// keyName returns the name key k stands for.
func (t *Tape) keyName(k keyRef) string {
	if k.slow {
		return k.name
	}
	return string(t.Body[k.lo:k.hi])
}
