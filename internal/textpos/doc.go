// Package textpos is the module's one rule for where a byte offset of a
// text is: a 1-based line, counted by line feeds, and a 1-based column
// counting characters (runes; a byte that is not UTF-8 counts as one), not
// bytes, with a leading UTF-8 byte order mark not counted, as an editor
// shows it. Every positioned message the module writes (the syntax and
// structure of a body, a decoding error, a capture's notes, a catalogue or
// documentation file) places its offsets with it.
package textpos
