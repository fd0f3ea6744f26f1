package ipc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
)

// A start's screenshot directory and a screenshot's path reach the other
// side byte for byte, whatever their encoding: before, a directory named
// in Latin-1 ("caf\xe9") arrived as "caf\uFFFD", another directory. A
// valid UTF-8 path is still a plain JSON string.
func TestPathsCrossByteForByte(t *testing.T) {
	for _, tc := range []struct {
		name, dir string
		plain     bool // sent as a plain JSON string
	}{
		{"ascii", "/tmp/shots", true},
		{"utf-8", "/tmp/café-照片", true},
		{"latin-1", "/tmp/caf\xe9-shots", false},
		{"lone continuation bytes", "/tmp/\x80\xbf/\xff", false},
		{"empty", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			start := Message{Type: TypeStart, Start: &StartSpec{URL: "https://portal.example/", ScreenshotDir: Path(tc.dir)}}
			shot := Message{Type: TypeScreenshot, Screenshot: &inspect.Screenshot{Label: "first-load", Path: tc.dir + "/01-first-load.png"}, ShotPath: Path(tc.dir + "/01-first-load.png")}
			for _, m := range []Message{start, shot} {
				if err := w.Send(m); err != nil {
					t.Fatal(err)
				}
			}
			line, _, _ := strings.Cut(buf.String(), "\n")
			if want := `"screenshotDir":"`; tc.dir != "" && strings.Contains(line, want) != tc.plain {
				t.Errorf("start line %s: plain string %v, want %v", line, !tc.plain, tc.plain)
			}
			sc := bufio.NewScanner(&buf)
			var got []Message
			for sc.Scan() {
				var m Message
				if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
					t.Fatalf("%s: %v", sc.Text(), err)
				}
				got = append(got, m)
			}
			if len(got) != 2 || got[0].Start == nil {
				t.Fatalf("read %+v", got)
			}
			if d := string(got[0].Start.ScreenshotDir); d != tc.dir {
				t.Errorf("screenshot directory %q arrived as %q", tc.dir, d)
			}
			if p := string(got[1].ShotPath); p != tc.dir+"/01-first-load.png" {
				t.Errorf("screenshot path arrived as %q", p)
			}
		})
	}
}

// A path in neither form is an error, not a silent other name.
func TestPathRefusesOtherJSON(t *testing.T) {
	for _, in := range []string{`42`, `{"base64": "not base64!"}`, `["a"]`} {
		var p Path
		if err := json.Unmarshal([]byte(in), &p); err == nil {
			t.Errorf("%s read as %q, want an error", in, p)
		}
	}
}
