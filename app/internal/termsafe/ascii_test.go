package termsafe

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"
)

func TestUTF8Locale(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"nothing set is the C locale", nil, false},
		{"LANG=C", map[string]string{"LANG": "C"}, false},
		{"LANG=POSIX", map[string]string{"LANG": "POSIX"}, false},
		{"LANG=C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, true},
		{"LANG=en_US.utf8", map[string]string{"LANG": "en_US.utf8"}, true},
		{"a modifier after the character set", map[string]string{"LANG": "de_DE.UTF-8@euro"}, true},
		{"no character set", map[string]string{"LANG": "en_US"}, false},
		{"another character set", map[string]string{"LANG": "fr_FR.ISO-8859-1"}, false},
		{"LC_ALL=C wins over LANG", map[string]string{"LC_ALL": "C", "LANG": "en_US.UTF-8"}, false},
		{"LC_ALL wins over LC_CTYPE", map[string]string{"LC_ALL": "C.UTF-8", "LC_CTYPE": "C"}, true},
		{"LC_CTYPE wins over LANG", map[string]string{"LC_CTYPE": "POSIX", "LANG": "C.UTF-8"}, false},
		{"LC_CTYPE=UTF-8 over LANG=C", map[string]string{"LC_CTYPE": "en_GB.UTF-8", "LANG": "C"}, true},
		{"an empty LC_ALL is unset", map[string]string{"LC_ALL": "", "LANG": "C.UTF-8"}, true},
		{"LC_MESSAGES has no say", map[string]string{"LC_MESSAGES": "C.UTF-8", "LANG": "C"}, false},
		{"LANGUAGE has no say", map[string]string{"LANGUAGE": "fr_FR.UTF-8", "LANG": "C"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := UTF8Locale(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Errorf("UTF8Locale(%v) = %t, want %t", tc.env, got, tc.want)
			}
		})
	}
}

func TestASCII(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ASCII, \x1b[2J kept for Line", "plain ASCII, \x1b[2J kept for Line"},
		{"mpsim run: handBack — verdict pass", "mpsim run: handBack -- verdict pass"},
		{"✓ valid", "+ valid"},
		{"✗ not met", "x not met"},
		{"contract §5 #17", "contract s.5 #17"},
		{"waiting…", "waiting..."},
		{"esim → psim ← ↔", "esim -> psim <- <->"},
		{"scenario × sim · lang", "scenario x sim . lang"},
		{"[■■□□] ⚠ •", "[##--] ! *"},
		{"“quoted” ‘single’ «guillemets»", `"quoted" 'single' <<guillemets>>`},
		{"1–2, ≤ 3, ≥ 4", "1-2, <= 3, >= 4"},
		{"no\u00a0break, ﬁne, x²", "no break, fine, x2"},
		{"Télécom", `T\u00e9l\u00e9com`},
		{"Тариф 5 ГБ", `\u0422\u0430\u0440\u0438\u0444 5 \u0413\u0411`},
		{"無制限 🙂", `\u7121\u5236\u9650 \U0001f642`},
		{"bad \xff byte", `bad \xff byte`},
		{"", ""},
	}
	for _, tc := range tests {
		got := ASCII(tc.in)
		if got != tc.want {
			t.Errorf("ASCII(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for i := 0; i < len(got); i++ {
			if got[i] >= 0x80 {
				t.Errorf("ASCII(%q) = %q holds byte %#x", tc.in, got, got[i])
				break
			}
		}
	}
}

// A letter of another script reads back exactly: the escapes are Go's, as
// strconv.QuoteToASCII writes them.
func TestASCIIEscapesReadBack(t *testing.T) {
	for _, s := range []string{"Тариф", "T\u00e9l\u00e9com", "無制限", "🙂", "עברית"} {
		back, err := strconv.Unquote(`"` + ASCII(s) + `"`)
		if err != nil || back != s {
			t.Errorf("ASCII(%q) = %q reads back as %q, %v", s, ASCII(s), back, err)
		}
	}
}

// A UTF-8 sequence split between two writes is written whole, once.
func TestASCIIWriterSplitSequences(t *testing.T) {
	text := "verdict — pass ✓ Тариф\n"
	for cut := 0; cut <= len(text); cut++ {
		var out bytes.Buffer
		w := NewASCIIWriter(&out)
		for _, part := range []string{text[:cut], text[cut:]} {
			if n, err := w.Write([]byte(part)); n != len(part) || err != nil {
				t.Fatalf("Write(%q) = %d, %v", part, n, err)
			}
		}
		if want := ASCII(text); out.String() != want {
			t.Errorf("split at %d: %q, want %q", cut, out.String(), want)
		}
	}
}

func TestRaw(t *testing.T) {
	var out bytes.Buffer
	if Raw(&out) != io.Writer(&out) {
		t.Error("Raw changed a writer that is no ASCIIWriter")
	}
	w := NewASCIIWriter(&out)
	if Raw(w) != io.Writer(&out) {
		t.Error("Raw(ASCIIWriter) is not its writer")
	}
	io.WriteString(Raw(w), "{\"plan\":\"Тариф — 5 ГБ\"}")
	if !strings.Contains(out.String(), "Тариф — 5 ГБ") {
		t.Errorf("Raw's writer changed the text: %q", out.String())
	}
}
