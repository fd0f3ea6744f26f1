package session

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCutTextKeepsCharactersWhole checks that a long URL named in a
// walled-garden message is cut between characters: a cut inside a
// multi-byte character left invalid UTF-8 in the report and the History.
func TestCutTextKeepsCharactersWhole(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short stays", "https://a.example/", 300, "https://a.example/"},
		{"ascii cut at n", "https://a.example/abcdef", 20, "https://a.example/ab…"},
		{"two-byte letter across n", "https://a.example/é", 19, "https://a.example/…"},
		{"three-byte letter across n", "https://a.example/日本", 20, "https://a.example/…"},
		{"accent kept with its letter", "https://a.example/e\u0301x", 19, "https://a.example/…"},
		{"emoji flag kept whole", "https://a.example/🇫🇷", 22, "https://a.example/…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cutText(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("cutText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("cutText(%q, %d) = %q is not valid UTF-8", tt.in, tt.n, got)
			}
			if kept := strings.TrimSuffix(got, "…"); len(kept) > tt.n {
				t.Errorf("cutText kept %d bytes, more than %d", len(kept), tt.n)
			}
		})
	}
}
