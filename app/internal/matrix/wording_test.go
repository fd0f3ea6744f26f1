package matrix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// CI QA: `timeout = 20s` gave "strings must be quoted" and no word of
// how; a duration written bare now says to quote it. Other syntax errors
// get no such hint.
func TestBareDurationSaysToQuoteIt(t *testing.T) {
	tests := []struct {
		line, want string // want "" for no hint
	}{
		{`timeout = 20s`, `; quote it: timeout = "20s"`},
		{`max_duration = 1m30s # a comment`, `; quote it: max_duration = "1m30s"`},
		{"wait=150ms\r", `; quote it: wait = "150ms"`},
		{`timeout = twenty`, ""},
		{`[scenario.expect`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			_, broken := ParseEach("s.toml", []byte("[[scenario]]\nname = \"x\"\ndemo_choice = \"buy\"\n"+tt.line+"\n"), nil)
			if len(broken) != 1 || len(broken[0].Errors) != 1 {
				t.Fatalf("broken = %+v, want one syntax error", broken)
			}
			msg := broken[0].Errors[0].Error()
			if !strings.HasPrefix(msg, "s.toml:4:") || (tt.want == "") == strings.Contains(msg, "quote it") || !strings.HasSuffix(msg, tt.want) {
				t.Errorf("error %q; want it at s.toml:4 ending %q", msg, tt.want)
			}
		})
	}
}

// CI QA: a scenario file named as ./examples//x.toml had its cells (a
// syntax error's one cell is named after the file) and their places under
// that name, where the same file found in its directory is examples/x.toml.
// A file named is now cleaned as a directory's walk names it.
func TestFileNamedIsCleaned(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.MkdirAll(filepath.Join("ex", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("ex", "x.toml"), []byte("[[scenario]]\nname = \"x\"\ntimeout = 20s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{"./ex//x.toml", "ex/sub/../x.toml", "ex/x.toml", "./ex/"} {
		t.Run(typed, func(t *testing.T) {
			found, err := Find([]string{typed})
			if err != nil {
				t.Fatal(err)
			}
			if len(found.Files) != 1 || found.Files[0] != "ex/x.toml" {
				t.Fatalf("files %q, want [ex/x.toml]", found.Files)
			}
			_, broken := LoadEach(found.Files, nil)
			if len(broken) != 1 || broken[0].File != "ex/x.toml" || !strings.HasPrefix(broken[0].Errors[0].Error(), "ex/x.toml:3:") {
				t.Errorf("broken = %+v", broken)
			}
		})
	}
}
