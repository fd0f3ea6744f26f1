package matrix

import (
	"path/filepath"
	"strings"
	"testing"
)

// digestBase is a scenario file; the cases of TestContentDigest say it in
// other words or change it.
const digestBase = `[[scenario]]
name = "buy"
demo_choice = "buy"
sims = ["esim", "psim"]
[[scenario.steps]]
fill = "#password"
value = "Hunter2-digest"
[scenario.expect]
verdict = "pass"
`

// A scenario's digest does not change with its file's comments, layout,
// key order or path, nor with a secret literal (which is not hashed); it
// changes with any value.
func TestContentDigest(t *testing.T) {
	digest := func(path, src string) string {
		t.Helper()
		ss, err := Parse(path, []byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		if ss[0].Digest == "" || ss[0].Digest != ss[0].ContentDigest() {
			t.Fatalf("digest %q, ContentDigest %q", ss[0].Digest, ss[0].ContentDigest())
		}
		return ss[0].Digest
	}
	base := digest("a.toml", digestBase)
	tests := []struct {
		name, path, src string
		same            bool
	}{
		{"another path", "ci/b.toml", digestBase, true},
		{"comments and blank lines", "a.toml", "# the buy scenario\n\n" + strings.ReplaceAll(digestBase, "\n[", "\n\n# next\n["), true},
		{"key order", "a.toml", strings.Replace(digestBase, "demo_choice = \"buy\"\nsims = [\"esim\", \"psim\"]", "sims = [\"esim\", \"psim\"]\ndemo_choice = \"buy\"", 1), true},
		{"another secret literal", "a.toml", strings.Replace(digestBase, "Hunter2-digest", "other-password", 1), true},
		{"another expectation", "a.toml", strings.Replace(digestBase, `verdict = "pass"`, `verdict = "fail"`, 1), false},
		{"another demo choice", "a.toml", strings.Replace(digestBase, `demo_choice = "buy"`, `demo_choice = "cancel"`, 1), false},
		{"one more step", "a.toml", strings.Replace(digestBase, "[scenario.expect]", "[[scenario.steps]]\nclick = \"#go\"\n[scenario.expect]", 1), false},
	}
	for _, tt := range tests {
		if got := digest(tt.path, tt.src); (got == base) != tt.same {
			t.Errorf("%s: digest %s, base %s; want the same: %v", tt.name, got, base, tt.same)
		}
	}
}

// Shards run from different versions of one scenario file have the same
// cell list; report merge refuses them all the same: each cell carries
// its scenario's digest, and the whole run's content (ContentFingerprint)
// differs. Shards of results from before the digest still merge.
func TestMergeRefusesShardsOfAnotherScenarioVersion(t *testing.T) {
	oldFile, newFile := digestBase, strings.Replace(digestBase, `verdict = "pass"`, `verdict = "fail"`, 1)
	cells := func(src string) []Cell {
		t.Helper()
		ss, err := Parse(filepath.Join("ci", "buy.toml"), []byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		return Expand(ss, nil)
	}
	oldCells, newCells := cells(oldFile), cells(newFile)
	if len(oldCells) != 2 || oldCells[0].ID != newCells[0].ID || oldCells[1].ID != newCells[1].ID {
		t.Fatalf("cells %v and %v", CellIDs(oldCells), CellIDs(newCells))
	}
	ids := CellIDs(oldCells)
	shard := func(label, from string, whole []Cell, c Cell, content bool) Results {
		r := Results{Tool: "mpsim", Seed: 1, Shard: label, From: from, AllCells: len(ids), AllCellsFingerprint: CellsFingerprint(ids), AllCellIDs: ids,
			Cells: []CellResult{{Cell: c, Status: StatusMet, Checks: []Check{}}}}
		if content {
			r.AllCellsContent = ContentFingerprint(whole)
		}
		return r
	}
	if ContentFingerprint(oldCells) == ContentFingerprint(newCells) || CellsFingerprint(CellIDs(newCells)) != CellsFingerprint(ids) {
		t.Fatal("the fingerprints do not tell the versions apart")
	}
	noDigest := func(c Cell) Cell {
		c.Scenario.Digest = ""
		return c
	}
	runMergeCases(t, []mergeCase{
		{"one version", []Results{shard("1/2", "s1.json", oldCells, oldCells[0], true), shard("2/2", "s2.json", oldCells, oldCells[1], true)}, ""},
		{"two versions", []Results{shard("1/2", "s1.json", oldCells, oldCells[0], true), shard("2/2", "s2.json", newCells, newCells[1], true)},
			`scenario "buy" of s2.json (shard 2/2) is not the one of s1.json (shard 1/2)`},
		{"two versions, the run's content", []Results{shard("1/2", "s1.json", oldCells, oldCells[0], true), shard("2/2", "s2.json", newCells, newCells[1], true)},
			"s2.json (shard 2/2) was split from a run of other versions of the same scenarios than s1.json (shard 1/2)"},
		{"two versions, cells without digests", []Results{shard("1/2", "s1.json", oldCells, noDigest(oldCells[0]), true), shard("2/2", "s2.json", newCells, noDigest(newCells[1]), true)},
			"run every shard on the same version of the scenario files"},
		{"two versions, no run content", []Results{shard("1/2", "s1.json", oldCells, oldCells[0], false), shard("2/2", "s2.json", newCells, newCells[1], false)},
			`scenario "buy" of s2.json (shard 2/2) is not the one of s1.json (shard 1/2)`},
		{"results from before the digests", []Results{shard("1/2", "s1.json", oldCells, noDigest(oldCells[0]), false), shard("2/2", "s2.json", newCells, noDigest(newCells[1]), false)}, ""},
	})
}
