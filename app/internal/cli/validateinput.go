package cli

import (
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"mpsim/app/internal/termsafe"
)

// payloadText reads what `mpsim validate` judges from a payload file (or
// standard input) r: its text, without the byte order mark an editor or a
// shell wrote before it. A UTF-8 file may start with one (Notepad's "UTF-8
// with BOM"); a UTF-16 one with its BOM is decoded to UTF-8 (what Windows
// PowerShell's > and Out-File write). A portal's payload never has a BOM:
// JSON.stringify gives a string of characters, and the page passes that,
// so the mark is the file's, not the payload's. The text is read up to
// limit bytes of UTF-8 (limit+1 when there are more).
func payloadText(r io.Reader, limit int64) ([]byte, error) {
	dec := transform.NewReader(r, unicode.BOMOverride(transform.Nop))
	return io.ReadAll(io.LimitReader(dec, limit+1))
}

// encodingProblem says, for the text of the payload file name (read by
// payloadText), why it is not UTF-8 text a portal could have passed, and
// how to save it as UTF-8: UTF-16 without a byte order mark (NUL bytes
// between ASCII characters), or bytes that are no UTF-8 (a file saved in
// a Windows code page). nil when it is UTF-8. These are problems of the
// file, not of the JSON the portal built, so the JSON findings' advice
// (build it with JSON.stringify) would mislead.
func encodingProblem(text []byte, name string) error {
	const saveAs = "save it as UTF-8 (PowerShell: Out-File -Encoding utf8 or Set-Content -Encoding utf8; Notepad: Save as, Encoding UTF-8)"
	if looksUTF16(text) {
		return fmt.Errorf("%s looks like UTF-16 text without a byte order mark (a NUL byte next to each character); %s", termsafe.Line(name), saveAs)
	}
	if !utf8.Valid(text) {
		at := 0
		for at < len(text) {
			r, n := utf8.DecodeRune(text[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return fmt.Errorf("%s is not UTF-8 text: the byte 0x%02X at offset %d starts no UTF-8 character (a file saved in another encoding, such as Windows-1252); %s",
			termsafe.Line(name), text[at], at, saveAs)
	}
	return nil
}

// looksUTF16 says whether text is most likely UTF-16 without a byte order
// mark: in its first 32 code units, one byte of each pair is NUL in at
// least three pairs out of four and the other byte never is, as in ASCII
// text (a JSON payload mostly is) encoded as UTF-16 LE or BE. UTF-8 text
// has no NUL bytes (JSON escapes U+0000).
func looksUTF16(text []byte) bool {
	n := min(len(text), 64) &^ 1
	if n == 0 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if text[i] == 0 {
			even++
		}
		if text[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	return (even*4 >= pairs*3 && odd == 0) || (odd*4 >= pairs*3 && even == 0)
}
