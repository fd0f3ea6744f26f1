package termsafe

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// UTF8Locale reports whether the character set of the locale that the
// environment getenv reads is UTF-8, as the C library's
// setlocale(LC_CTYPE, "") reads it: the first of LC_ALL, LC_CTYPE and LANG
// that is set to a non-empty value names the locale; none set is the C
// locale. Only a locale that names its character set as UTF-8 (C.UTF-8,
// en_US.utf8, de_DE.UTF-8@euro) has it: C, POSIX and a name without a
// character set (en_US, whose glibc character set is ISO-8859-1) do not.
// LANGUAGE chooses message languages only, never the character set.
func UTF8Locale(getenv func(string) string) bool {
	locale := "C"
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(name); v != "" {
			locale = v
			break
		}
	}
	_, codeset, ok := strings.Cut(locale, ".")
	if !ok {
		return false
	}
	codeset, _, _ = strings.Cut(codeset, "@")
	codeset = strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(codeset))
	return codeset == "utf8"
}

// asciiStandIns are the ASCII stand-ins of the typographic marks mpsim's
// own messages use (and of their close relatives), for a terminal whose
// locale cannot show them. A single-column mark gets a single-character
// stand-in where one reads well, so the columns of the test summary stay
// aligned.
var asciiStandIns = map[rune]string{
	'—': "--", '–': "-", '―': "--", '‐': "-", '‑': "-", '‒': "-", '−': "-",
	'…': "...",
	'✓': "+", '✔': "+", '✗': "x", '✘': "x", '×': "x",
	'§': "s.", '¶': "P.",
	'→': "->", '←': "<-", '↔': "<->", '⇒': "=>", '⇐': "<=",
	'·': ".", '•': "*", '■': "#", '□': "-", '⚠': "!",
	'“': `"`, '”': `"`, '„': `"`, '‘': "'", '’': "'", '‚': "'",
	'«': "<<", '»': ">>",
	'≤': "<=", '≥': ">=", '≠': "!=", '±': "+/-", '≈': "~",
	'©': "(c)", '®': "(R)",
}

// ASCII returns s written in ASCII, for a terminal whose locale's character
// set is not UTF-8 (UTF8Locale): a typographic mark gets its ASCII stand-in
// (— as --, ✓ as +, ✗ as x, § as s., … as ..., → as ->); a character whose
// Unicode compatibility decomposition (NFKD) is ASCII gets that (ﬁ as fi,
// ² as 2, a no-break space as a space); any other character, such as the
// letters of a plan name in another script or an accented letter, is
// escaped as strconv.QuoteToASCII escapes it (\u00e9, \u0416,
// \U0001f642), so that it reads back exactly; a byte that is not UTF-8 is
// escaped as \x9b, as Line does. ASCII text, control characters included,
// is unchanged: Line and Text escape those.
func ASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			var b strings.Builder
			b.Grow(len(s) + 16)
			b.WriteString(s[:i])
			writeASCII(&b, s[i:])
			return b.String()
		}
	}
	return s
}

func writeASCII(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < utf8.RuneSelf:
			b.WriteByte(s[i])
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(b, `\x%02x`, s[i])
		default:
			b.WriteString(asciiRune(r))
		}
		i += size
	}
}

// asciiRune is the ASCII of the non-ASCII rune r (see ASCII).
func asciiRune(r rune) string {
	if s, ok := asciiStandIns[r]; ok {
		return s
	}
	var buf [utf8.UTFMax]byte
	if d := norm.NFKD.String(string(buf[:utf8.EncodeRune(buf[:], r)])); isPrintableASCII(d) {
		return d
	}
	if r > 0xffff {
		return fmt.Sprintf(`\U%08x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

func isPrintableASCII(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// ASCIIWriter is a writer that writes what it is given to W in ASCII (see
// ASCII): the standard output and error of mpsim's commands under a locale
// whose character set is not UTF-8. A UTF-8 sequence split between two
// writes is kept until it is complete. Machine-readable output (JSON, the
// portal window's protocol) goes to Raw's writer instead. It is safe for
// concurrent use.
type ASCIIWriter struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // the start of a UTF-8 sequence the next write completes
}

// NewASCIIWriter returns an ASCIIWriter on w.
func NewASCIIWriter(w io.Writer) *ASCIIWriter { return &ASCIIWriter{w: w} }

// Write writes p to the underlying writer in ASCII. It reports len(p) when
// all of it was written or kept for the next write.
func (a *ASCIIWriter) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	data := p
	if len(a.pending) > 0 {
		data = append(a.pending, p...)
		a.pending = nil
	}
	// An incomplete UTF-8 sequence at the end waits for the next write.
	if cut := incompleteTail(data); cut < len(data) {
		a.pending = append([]byte(nil), data[cut:]...)
		data = data[:cut]
	}
	if len(data) == 0 {
		return len(p), nil
	}
	if _, err := io.WriteString(a.w, ASCII(string(data))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// incompleteTail returns where an incomplete but so far valid UTF-8
// sequence at the end of p starts, or len(p) when there is none.
func incompleteTail(p []byte) int {
	for back := 1; back < utf8.UTFMax && back <= len(p); back++ {
		c := p[len(p)-back]
		if c < utf8.RuneSelf {
			return len(p)
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(p[len(p)-back:]) {
				return len(p) - back
			}
			return len(p)
		}
	}
	return len(p)
}

// Unwrap returns the writer a writes to.
func (a *ASCIIWriter) Unwrap() io.Writer { return a.w }

// Raw returns the writer under w when w is an ASCIIWriter, else w: where
// JSON, a report or another machine-readable output is written unchanged,
// in UTF-8, whatever the locale.
func Raw(w io.Writer) io.Writer {
	if a, ok := w.(*ASCIIWriter); ok {
		return a.w
	}
	return w
}
