package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/matrix"
)

// CI QA: report merge of shards written by two versions of mpsim merged
// without a word. Each shard's results record the build that wrote them;
// shards of one run written by different builds merge with a warning on
// standard error and a line in the HTML report, naming which shard which
// build wrote; shards of an older mpsim, which record none, merge with one
// note; shards of different runs (another cell list) are refused with
// exit 2, naming the files and the cells only one of them has.
func TestReportMergeTellsBuildsAndRunsApart(t *testing.T) {
	build := func(version, commit string) *matrix.Build {
		return &matrix.Build{Version: version, Commit: commit}
	}
	tests := []struct {
		name   string
		src3   string // shard 3's scenario file ("": that of the others)
		build  func(i int) *matrix.Build
		code   int
		stderr []string
		not    []string
		html   string // in the HTML report ("" for none)
	}{
		{"one build", "", func(int) *matrix.Build { return build("0.1.0", "0123456789abcdef0123") }, cli.ExitFindings,
			nil, []string{"different builds", "record no build"}, ""},
		{"another commit", "", func(i int) *matrix.Build {
			if i == 3 {
				return build("0.1.0", "fedcba9876543210fedc")
			}
			return build("0.1.0", "0123456789abcdef0123")
		}, cli.ExitFindings,
			[]string{"mpsim report merge: warning: the shards were written by different builds of mpsim: ", "shard-1.json (shard 1/3), ", "shard-2.json (shard 2/3) by mpsim 0.1.0 (commit 0123456789ab); ", "shard-3.json (shard 3/3) by mpsim 0.1.0 (commit fedcba987654). Their cells are merged"},
			[]string{"record no build"}, "<p class=\"sev-warning\">Warning: <bdi>the shards were written by different builds of mpsim"},
		{"another version, older results", "", func(i int) *matrix.Build {
			if i == 3 {
				return nil
			}
			return build("0.1.0", "0123456789abcdef0123")
		}, cli.ExitFindings,
			[]string{"shard-3.json (shard 3/3) by mpsim 0.0.9 (its commit not recorded)", "shard-3.json records no build of mpsim (written by an mpsim from before 2026-12-06): only its version is compared"}, nil, "by mpsim 0.0.9"},
		{"another matrix", twoLanguages + "[[scenario]]\nname = \"extra\"\ndemo_choice = \"buy\"\n", func(i int) *matrix.Build {
			if i == 3 {
				return build("0.0.9", "fedcba9876543210fedc")
			}
			return build("0.1.0", "0123456789abcdef0123")
		}, cli.ExitUsage,
			[]string{"shard-3.json (shard 3/3) was split from a run of 3 cells", "shard-1.json (shard 1/3) from one of 2 cells", "only " + "DIR/shard-3.json's run has extra/esim/en-US: their cells would not add up to one run"},
			[]string{"warning", "Their cells are merged"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeShards(t, dir, twoLanguages, 3, func(i int, r *matrix.Results) {
				r.Build = tt.build(i)
				if r.Build == nil {
					r.Version = "0.0.9"
				}
			})
			if tt.src3 != "" {
				other := t.TempDir()
				writeShards(t, other, tt.src3, 3, func(i int, r *matrix.Results) { r.Build = tt.build(i) })
				if err := os.Rename(filepath.Join(other, "shard-3.json"), filepath.Join(dir, "shard-3.json")); err != nil {
					t.Fatal(err)
				}
			}
			html := filepath.Join(t.TempDir(), "report.html")
			r := mpsim(t, dir, "report", "merge", dir, "--html", html)
			stderr := strings.ReplaceAll(r.stderr, dir+"/", "")
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			for _, w := range tt.stderr {
				if w = strings.ReplaceAll(w, "DIR/", ""); !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(stderr, w) {
					t.Errorf("stderr has %q:\n%s", w, stderr)
				}
			}
			for _, line := range strings.Split(stderr, "\n") {
				if strings.Count(stderr, line) > 1 && line != "" && strings.Contains(line, "build") {
					t.Errorf("said more than once: %q", line)
				}
			}
			data, err := os.ReadFile(html)
			switch {
			case tt.code == cli.ExitUsage:
				if err == nil {
					t.Errorf("a refused merge wrote %s", html)
				}
			case err != nil:
				t.Fatal(err)
			case tt.html == "" && strings.Contains(string(data), "different builds"):
				t.Errorf("the HTML report says the builds differ")
			case !strings.Contains(string(data), tt.html):
				t.Errorf("the HTML report lacks %q", tt.html)
			}
		})
	}
}
