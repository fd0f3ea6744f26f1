package workspace

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// RecordedPath keeps a UTF-8 path as it is and records any other (or one
// that reads as a file URL) as a file URL that FilePathOf reads back byte
// for byte.
func TestRecordedPathIsLossless(t *testing.T) {
	for _, tc := range []struct {
		path string
		kept bool // recorded as it is
	}{
		{"/tmp/shots/01-first-load.png", true},
		{"/tmp/скриншоты/01 a%20b#c?.png", true},
		{"", true},
		{"/tmp/shots\xff/01.png", false},
		{"/tmp/\xc3\x28/%FF.png", false},
		{"file:x.png", false},
		{"file:///etc/passwd", false},
	} {
		rec := RecordedPath(tc.path)
		if kept := rec == tc.path; kept != tc.kept {
			t.Errorf("RecordedPath(%q) = %q; kept %v, want %v", tc.path, rec, kept, tc.kept)
		}
		if !utf8.ValidString(rec) {
			t.Errorf("RecordedPath(%q) = %q is not UTF-8", tc.path, rec)
		}
		got := FilePathOf(rec)
		if !tc.kept && !strings.HasPrefix(tc.path, "/") {
			if abs, _ := filepath.Abs(tc.path); got != abs {
				t.Errorf("FilePathOf(%q) = %q, want %q, the absolute path of %q", rec, got, abs, tc.path)
			}
			continue
		}
		if got != tc.path {
			t.Errorf("FilePathOf(RecordedPath(%q)) = %q", tc.path, got)
		}
	}
}
