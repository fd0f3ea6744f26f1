// Package termsafe makes text that a portal page, a report or a state file
// controls safe to print to a terminal: control characters are shown as
// escapes instead of being sent to the terminal, so a value cannot clear
// the screen, move the cursor, set the window title (ESC ] 0 ; … BEL) or
// hide text behind bidirectional overrides.
//
// The escapes are Go's quoted-string notation, the one %q and
// strconv.Quote write (\x1b, \a, \n, \u009b, \u202e), and the only one mpsim
// prints page text in on a terminal: the finding messages of package bridge
// and the step hints of package session quote page values with %q (bridge
// cannot import this package), so a value escaped here reads the same as
// one quoted there, and a user can paste it back into a Go string, a
// Python string or a shell's $'…'. JSON output (--json) stays JSON, whose
// notation is \u001b; JSON escapes what encoding/json leaves raw that way.
//
// Under a locale whose character set is not UTF-8 (UTF8Locale: LANG=C, no
// locale) the command line's standard output and error are ASCIIWriters:
// ASCII writes mpsim's typographic marks as ASCII stand-ins and escapes
// other letters in the same Go notation; JSON goes to Raw's writer.
package termsafe

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Line returns s for printing inside one line: every C0 control character
// (including newline and tab), DEL, every C1 control character, invalid
// UTF-8 and the Unicode bidirectional overrides are written as escapes,
// each the one strconv.Quote writes for it (\x1b, \a, \n, \u009b, \u202e);
// everything else is unchanged. A string that needs no escaping is
// returned as is.
func Line(s string) string { return escape(s, false) }

// Text is Line for multi-line text: newline and tab are kept.
func Text(s string) string { return escape(s, true) }

func escape(s string, keepNewlines bool) string {
	if safe(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepNewlines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case shortEscape(r) != "":
			b.WriteString(shortEscape(r))
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// shortEscape is the escape of a C0 control that strconv.Quote writes with
// a letter rather than in hex (\a, \b, \f, \r, \v; newline and tab are
// the caller's), "" for any other rune.
func shortEscape(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\r':
		return `\r`
	case '\v':
		return `\v`
	}
	return ""
}

// safe reports whether s prints as itself.
func safe(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return safeUTF8(s[i:], keepNewlines)
		}
		if c < 0x20 || c == 0x7f {
			if keepNewlines && (c == '\n' || c == '\t') {
				continue
			}
			return false
		}
	}
	return true
}

func safeUTF8(s string, keepNewlines bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && !(keepNewlines && (r == '\n' || r == '\t')) || r == 0x7f || unsafeRune(r) {
			return false
		}
	}
	return true
}

// unsafeRune reports the non-ASCII runes a terminal may act on: C1 controls
// (U+0080–U+009F, e.g. U+009B is CSI) and the bidirectional embeddings,
// overrides and isolates, which reorder what follows them on screen.
func unsafeRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f
}

// JSON returns encoded JSON with DEL, C1 controls and bidirectional
// controls inside strings written as \u escapes (encoding/json already
// escapes C0). The result decodes to the same value: outside strings JSON
// has only ASCII syntax, so such runes can only be inside strings.
func JSON(data []byte) []byte {
	if !bytes.ContainsFunc(data, func(r rune) bool { return r == 0x7f || unsafeRune(r) }) {
		return data
	}
	var b bytes.Buffer
	b.Grow(len(data) + 16)
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == 0x7f || unsafeRune(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.Write(data[:size])
		}
		data = data[size:]
	}
	return b.Bytes()
}
