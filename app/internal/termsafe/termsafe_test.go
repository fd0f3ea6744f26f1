package termsafe

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, émoji ✓", "plain text, émoji ✓"},
		{"\x1b]0;pwned title\x07", `\x1b]0;pwned title\a`},
		{"bs\b ff\f vt\v", `bs\b ff\f vt\v`},
		{"before\x1b[2Jafter", `before\x1b[2Jafter`},
		{"a\nb\tc\rd", `a\nb\tc\rd`},
		{"del\x7f", `del\x7f`},
		{"c1 csi \u009b2J", `c1 csi \u009b2J`},
		{"raw byte \x9b2J", `raw byte \x9b2J`},
		{"bidi \u202eexe.txt", `bidi \u202eexe.txt`},
		{"nul\x00", `nul\x00`},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Line(tc.in); got != tc.want {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Line(tc.in); strings.ContainsAny(got, "\x1b\x07\x7f\n\r\u009b") {
			t.Errorf("Line(%q) = %q still holds a control character", tc.in, got)
		}
	}
}

// Every character Line escapes is written as %q writes it, so a page value
// escaped here reads as one that package bridge or session quoted with %q:
// the C0 controls, DEL, the C1 controls, the bidirectional controls and
// bytes that are not UTF-8.
func TestLineWritesWhatPercentQWrites(t *testing.T) {
	var ins []string
	for r := rune(0); r < 0x20; r++ {
		ins = append(ins, string(r))
	}
	for r := rune(0x7f); r <= 0x9f; r++ {
		ins = append(ins, string(r))
	}
	for _, r := range []rune{0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069} {
		ins = append(ins, string(r))
	}
	ins = append(ins, "\x80", "\x9b", "\xff")
	for _, in := range ins {
		quoted := strconv.Quote(in)
		if got, want := Line(in), quoted[1:len(quoted)-1]; got != want {
			t.Errorf("Line(%q) = %s, want %s as %%q writes it", in, got, want)
		}
		if got, want := `"`+Line("x"+in)+`"`, fmt.Sprintf("%q", "x"+in); got != want {
			t.Errorf("Line(x%q) = %s, %%q writes %s", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	if got, want := Text("line 1\n\tline 2\x1b[2J\x1b]0;t\x07"), "line 1\n\tline 2\\x1b[2J\\x1b]0;t\\a"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestJSON(t *testing.T) {
	in := map[string]string{"v": "osc \x1b]0;t\x07 del \x7f csi \u009b2J bidi \u202e"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(raw)
	if strings.ContainsAny(string(out), "\x1b\x07\x7f\u009b\u202e") {
		t.Errorf("JSON left a control character: %q", out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["v"] != in["v"] {
		t.Errorf("JSON changed the value: %q, %v", back["v"], err)
	}
	plain := []byte(`{"a":"b"}`)
	if got := JSON(plain); string(got) != string(plain) {
		t.Errorf("JSON(%s) = %s", plain, got)
	}
}

func FuzzLine(f *testing.F) {
	f.Add("\x1b]0;t\x07\x1b[2J")
	f.Add("\u009b\x9b\u202e ok")
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || unsafeRune(r) {
				t.Fatalf("Line(%q) = %q holds %U", s, out, r)
			}
		}
	})
}
