package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
)

// mpsim test fails before any session (exit 2, no Xvfb, no window) on bad
// scenario files, outputs it cannot write and bad flags.
func TestTestFailsBeforeAnySession(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	os.WriteFile(good, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\", \"psim\"]\nlanguages = [\"en-US\", \"fr-FR\"]\n"), 0o644)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[[scenario]]\nname = \"x\"\npreset = \"nope\"\n[scenario.expect]\nverdit = \"pass\"\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"test", bad}, bad + `:5:1: unknown key "scenario.expect.verdit"`},
		{[]string{"test", good, "--junit", filepath.Join(dir, "no", "junit.xml")}, "--junit " + filepath.Join(dir, "no", "junit.xml") + ": the directory " + filepath.Join(dir, "no") + " does not exist"},
		{[]string{"test", good, "--html", dir}, "--html " + dir + " is a directory"},
		{[]string{"test", good, "--shard", "4/3"}, `--shard "4/3" is no shard`},
		{[]string{"test", good, "--parallel", "0"}, "--parallel 0: give at least 1"},
		{[]string{"test", good, "--retries", "-1"}, "--retries -1: give 0 or more"},
		{[]string{"test", good, "--run", "buy/(esim"}, `--run "buy/(esim": error parsing regexp: missing closing )`},
		{[]string{"test", good, "--run", "cancel"}, `--run "cancel" matches none of the 4 cells ('mpsim test … --list' prints their names)`},
		{[]string{"test"}, "name scenario files or directories"},
		{[]string{"test", filepath.Join(dir, "missing.toml")}, "missing.toml: no such file or directory"},
		{[]string{"report", "merge", dir}, "holds no *.json results file"},
	}
	for _, c := range cases {
		r := mpsim(t, dir, c.args...)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("mpsim %v: exit %d, stderr:\n%s\nwant exit 2 and %q", c.args, r.code, r.stderr, c.want)
		}
		if strings.Contains(r.stderr, "[1/") {
			t.Errorf("mpsim %v started a session", c.args)
		}
	}
}

func TestTestListAndShards(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.toml")
	os.WriteFile(file, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\", \"psim\"]\nlanguages = [\"en-US\", \"fr-FR,fr\", \"ja-JP\"]\n"), 0o644)
	all := mpsim(t, dir, "test", file, "--list")
	if all.code != cli.ExitOK || strings.Count(all.stdout, "\n") != 6 || !strings.Contains(all.stdout, "buy/psim/fr-FR\t"+file+":1") {
		t.Fatalf("--list: exit %d\n%s%s", all.code, all.stdout, all.stderr)
	}
	var joined []string
	for _, s := range []string{"1/4", "2/4", "3/4", "4/4"} {
		r := mpsim(t, dir, "test", file, "--list", "--shard", s)
		joined = append(joined, strings.Split(strings.TrimSpace(r.stdout), "\n")...)
	}
	if len(joined) != 6 {
		t.Errorf("shards list %d cells, want 6: %v", len(joined), joined)
	}
	// --run keeps the cells whose name matches, before the shard.
	r := mpsim(t, dir, "test", file, "--list", "--run", "psim/(fr|ja)")
	if got := strings.TrimSpace(r.stdout); r.code != cli.ExitOK || got != "buy/psim/fr-FR\t"+file+":1\nbuy/psim/ja-JP\t"+file+":1" {
		t.Errorf("--list --run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = mpsim(t, dir, "test", file, "--list", "--run", "psim", "--shard", "2/2")
	if got := strings.TrimSpace(r.stdout); r.code != cli.ExitOK || strings.Count(got, "\n") != 0 || !strings.HasPrefix(got, "buy/psim/fr-FR\t") {
		t.Errorf("--list --run --shard 2/2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(all.stdout), "\n") {
		n := 0
		for _, j := range joined {
			if j == line {
				n++
			}
		}
		if n != 1 {
			t.Errorf("cell %q is in %d shards", line, n)
		}
	}
}
