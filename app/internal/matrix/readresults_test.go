package matrix

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A results file that cannot be read says why in terms of what likely
// happened: an empty one is first of all a shard's whose job wrote nothing
// (its mpsim failed at start-up, was killed or was not found), the merged
// --json written into a merged folder only second; one cut short or not
// JSON says where the parse stopped. Every bad file of a merge is named,
// not only the first.
func TestReadResultsSaysWhatIsWrongWithAFile(t *testing.T) {
	var whole bytes.Buffer
	if err := WriteJSON(&whole, sampleResults()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
		want []string // in order
	}{
		{"empty", "", []string{"is empty: the job that wrote it produced no results", "failed before writing them, was killed, or was not found; check that job's log", "Or it is the merged --json of an earlier merge"}},
		{"white space", " \n", []string{"is empty: the job that wrote it produced no results"}},
		{"cut short", whole.String()[:300], []string{"is no results file of mpsim test --json: unexpected end of JSON input at byte 300 (line ", "the end of its 300 bytes: the file is cut short"}},
		{"not JSON", "{\n  \"tool\": mpsim\n}", []string{"is no results file of mpsim test --json: invalid character 'm' looking for beginning of value at byte 13 (line 2, column 11)"}},
		{"a wrong type", `{"tool": "mpsim", "seed": "one"}`, []string{"cannot unmarshal string into Go struct field Results.seed of type int64 at byte ", "(line 1, column "}},
		{"another tool", `{"tool": "jest"}`, []string{`its "tool" is "jest", not "mpsim"`}},
		// No telling whether such a cell passed: merged, it was skipped
		// in the summary and passed in the JUnit report (QA).
		{"a status it does not know", strings.Replace(whole.String(), `"status": "met"`, `"status": "weird"`, 1),
			[]string{`holds cell "`, `" with the status "weird", which this mpsim does not know (it knows met, unmet, error, skipped; a results file of a newer mpsim? merge with the mpsim that wrote it)`}},
		{"no status", strings.Replace(whole.String(), `"status": "met",`, "", 1), []string{`holds cell "`, `" with no "status" (was the file edited?)`}},
		{"an attempt of a status it does not know", strings.Replace(whole.String(), `"status": "met",`, `"status": "met", "earlier": [{"status": "flaky", "reason": "r", "durationMs": 1}],`, 1),
			[]string{`holds cell "`, `" whose attempt 1 has the status "flaky", which this mpsim does not know`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "shard-2.json")
			if err := os.WriteFile(p, []byte(tt.data), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := ReadResults([]string{p})
			if err == nil {
				t.Fatal("ReadResults read it")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, p+" ") {
				t.Errorf("the message does not start with the file: %q", msg)
			}
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message lacks %q (in order):\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
		})
	}
	dir := t.TempDir()
	for _, n := range []string{"shard-1.json", "shard-3.json"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "shard-2.json"), whole.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadResults([]string{dir})
	if err == nil || !strings.Contains(err.Error(), "shard-1.json is empty") || !strings.Contains(err.Error(), "shard-3.json is empty") {
		t.Errorf("two empty files of three: %v", err)
	}
}

// A directory of the shards' directories, as actions/download-artifact
// lays the artifacts out without merge-multiple, holds no *.json file
// itself: the error names the directories that do, and how to merge them
// (found by QA: it said only that the directory held no results file).
func TestReadResultsNamesTheDirectoriesHoldingResults(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"shard-1", "shard-2", "logs"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
		if sub != "logs" {
			if err := os.WriteFile(filepath.Join(dir, sub, sub+".json"), []byte("{}"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, err := ReadResults([]string{dir})
	want := dir + " holds no *.json results file, but its directories " + filepath.Join(dir, "shard-1") + ", " + filepath.Join(dir, "shard-2") +
		" do (merge reads only the *.json files right in the directories it is given): name those (mpsim report merge " + filepath.Join(dir, "*") + "/), or download the artifacts into one directory (actions/download-artifact with merge-multiple: true)"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v\nwant %s", err, want)
	}
	empty := t.TempDir()
	if _, err := ReadResults([]string{empty}); err == nil || strings.Contains(err.Error(), "but its") {
		t.Errorf("a directory of nothing: %v", err)
	}
}
