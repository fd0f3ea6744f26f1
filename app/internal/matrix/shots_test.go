package matrix

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
)

// A portal of many pages takes a loaded screenshot after each page, more
// than the report embeds: the screenshots that say what happened (the
// failed step's, the hand-back's, the timeout's, first-paint, each one a
// screenshot step asked for) are embedded all the same, the page loads
// fill the rest, the latest first, and the cell says how many it left out,
// which and where they are. The same in a merged report, from the
// screenshots the shard's results carry. (Before: the first 6 in the
// order taken, so that a late failure's step-13-failed, which its message
// names, was not in the report, and nothing said so.)
func TestHTMLEmbedsTheScreenshotsThatMatter(t *testing.T) {
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	loaded := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "loaded"
		}
		return out
	}
	seq := func(parts ...any) []string {
		var out []string
		for _, p := range parts {
			switch v := p.(type) {
			case string:
				out = append(out, v)
			case []string:
				out = append(out, v...)
			}
		}
		return out
	}
	tests := []struct {
		name   string
		labels []string
		// left are the indexes (in labels) of the screenshots left out.
		left []int
	}{
		{"a late failed step", seq("first-load", "first-paint", loaded(8), "payment", "loaded", "step-13-failed"), []int{0, 2, 3}},
		{"the run r11 of the QA round", seq("first-load", "first-paint", "loaded", "loaded", "payment", "loaded", "loaded", "step-13-failed"), nil},
		{"a timeout after many pages", seq("first-paint", "first-load", loaded(12), "timeout"), []int{1, 2, 3, 4, 5}},
		{"a hand-back after many pages", seq("first-load", "first-paint", loaded(10), "handback"), []int{0, 2, 3}},
		{"more screenshot steps than the cap", seq("first-paint", "first-load", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "loaded", "handback"), []int{1, 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_CACHE_HOME", t.TempDir())
			dir := t.TempDir()
			res := sampleResults()
			rep := res.Cells[1].Report
			rep.Screenshots = nil
			for i, l := range tt.labels {
				p := filepath.Join(dir, fmt.Sprintf("%02d-%s.png", i+1, l))
				if err := os.WriteFile(p, pngBytes.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
				rep.Screenshots = append(rep.Screenshots, inspect.Screenshot{Label: l, Path: p})
			}
			isLeft := map[int]bool{}
			for _, i := range tt.left {
				isLeft[i] = true
			}
			check := func(t *testing.T, r Results) {
				t.Helper()
				var buf bytes.Buffer
				if err := WriteHTML(&buf, r); err != nil {
					t.Fatal(err)
				}
				page := buf.String()
				embedded := strings.Count(page, `<img src="data:image/png;base64,`)
				if want := len(tt.labels) - len(tt.left); embedded != want {
					t.Errorf("%d screenshots embedded, want %d", embedded, want)
				}
				for i, l := range tt.labels {
					if !pageLoadShot(l) && !strings.Contains(page, `alt="screenshot `+l+`"`) {
						t.Errorf("screenshot %d (%s) is not embedded", i+1, l)
					}
				}
				note := "more screenshot"
				if len(tt.left) == 0 {
					if strings.Contains(page, note) {
						t.Errorf("the report says screenshots were left out: every one is embedded")
					}
					return
				}
				var names []string
				for i, l := range tt.labels {
					if isLeft[i] {
						names = append(names, fmt.Sprintf("%s %02d-%s.png", l, i+1, l))
					}
				}
				what := fmt.Sprintf("%d more screenshots", len(tt.left))
				want := what + " not embedded (" + strings.Join(names, ", ") + "): see the report JSON (screenshots[]) or the screenshots directory"
				if !strings.Contains(page, want) {
					t.Errorf("the cell does not say %q", want)
				}
			}
			t.Run("mpsim test", func(t *testing.T) { check(t, res) })
			t.Run("report merge", func(t *testing.T) {
				shard := res
				shard.Cells = append([]CellResult(nil), res.Cells...)
				if errs := EmbedScreenshots(&shard); len(errs) > 0 {
					t.Fatal(errs)
				}
				if got, want := len(shard.Cells[1].ShotData), len(tt.labels)-len(tt.left); got != want {
					t.Errorf("the results carry %d screenshots, want the %d the report shows", got, want)
				}
				merged := mergeThroughFile(t, shard)
				check(t, merged)
			})
		})
	}
}

// mergeThroughFile writes res to a results file and merges it back, as
// mpsim report merge reads a shard's results.
func mergeThroughFile(t *testing.T, res Results) Results {
	t.Helper()
	f := filepath.Join(t.TempDir(), "shard.json")
	if err := WriteFile(f, func(w io.Writer) error { return WriteJSON(w, res) }); err != nil {
		t.Fatal(err)
	}
	parts, err := ReadResults([]string{f})
	if err != nil {
		t.Fatal(err)
	}
	merged, err := Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	return merged
}

// CI QA: the HTML report of 33 cells with screenshots was 10.7 MB, and
// masked (the default) it still showed identifiers inside the screenshots.
// With NoHTMLShots (--no-html-screenshots) it embeds none: each cell names
// every screenshot it has, the ones the report would have left out too,
// and the top of the report says they were left out and where they are,
// in a run's report and in a merged one; the masking note about
// screenshots goes, as none is shown.
func TestHTMLWithoutScreenshots(t *testing.T) {
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res := sampleResults()
	rep := res.Cells[1].Report
	for i, l := range []string{"first-paint", "loaded", "handback"} {
		p := filepath.Join(dir, fmt.Sprintf("%02d-%s.png", i+1, l))
		if err := os.WriteFile(p, pngBytes.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		rep.Screenshots = append(rep.Screenshots, inspect.Screenshot{Label: l, Path: p})
	}
	res.Redacted = true
	for _, tt := range []struct {
		name           string
		noShots, merge bool
		want, wantNot  []string
	}{
		{"embedded", false, false, []string{`<img src="data:image/png;base64,`, "the screenshots show the pages as they were"}, []string{"--no-html-screenshots"}},
		{"left out", true, false, []string{"3 screenshots left out of this report (--no-html-screenshots): first-paint 01-first-paint.png, loaded 02-loaded.png, handback 03-handback.png",
			"Screenshots left out of this report (--no-html-screenshots)", "The files are in the session history"}, []string{"data:image/png", "the screenshots show the pages as they were", dir}},
		{"left out of a merge", true, true, []string{"3 screenshots left out of this report", "The shards&#39; --json results name them"}, []string{"data:image/png", "The files are in the session history"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := res
			r.NoHTMLShots, r.Merged = tt.noShots, tt.merge
			if tt.merge {
				r.Cells = append([]CellResult(nil), res.Cells...)
				if errs := EmbedScreenshots(&r); len(errs) > 0 {
					t.Fatal(errs)
				}
			}
			var buf bytes.Buffer
			if err := WriteHTML(&buf, r); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("the report lacks %q", w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(page, w) {
					t.Errorf("the report has %q", w)
				}
			}
		})
	}
}
