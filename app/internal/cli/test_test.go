package cli_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
)

// mpsim test fails before any session (exit 2, no Xvfb, no window) on
// outputs it cannot write and bad flags.
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
		{[]string{"test", good, "--junit", filepath.Join(good, "junit.xml")}, "--junit " + filepath.Join(good, "junit.xml") + ": " + good + " is not a directory"},
		{[]string{"test", good, "--html", dir}, "--html " + dir + " is a directory"},
		{[]string{"test", good, "--shard", "4/3"}, `--shard "4/3" is no shard`},
		{[]string{"test", good, "--parallel", "0"}, "--parallel 0: give at least 1"},
		{[]string{"test", good, "--retries", "-1"}, "--retries -1: give 0 or more"},
		{[]string{"test", good, "--watch", dir, "--json"}, "--watch runs again and again on the terminal: drop --json (--junit and --html files are written after each run)"},
		{[]string{"test", good, "--watch", good}, "--watch " + good + ": not a directory (give the portal's directory or its URL)"},
		{[]string{"test", good, "--run", "buy/(esim"}, `--run "buy/(esim": error parsing regexp: missing closing )`},
		{[]string{"test", good, "--run", "cancel"}, `--run "cancel" matches none of the 4 cells ('mpsim test … --list' prints their names)`},
		{[]string{"test", good, "--run", "biy"}, `--run "biy" matches none of the 4 cells; did you mean "buy"? ('mpsim test … --list' prints their names)`},
		{[]string{"test", good, "--run", "buy/esim/fr-BE"}, `--run "buy/esim/fr-BE" matches none of the 4 cells; did you mean "buy/esim/fr-FR"? ('mpsim test … --list' prints their names)`},
		{[]string{"test", good, "--run", "buy/(ps|es)im/de"}, `--run "buy/(ps|es)im/de" matches none of the 4 cells ('mpsim test … --list' prints their names)`},
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

// TestTestWatchEndsWhenRunMatchesNothing: mpsim test --watch with a --run
// that matches no cell (or is no regular expression) says so and exits 2
// at once, as without --watch, instead of watching with nothing to run.
func TestTestWatchEndsWhenRunMatchesNothing(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	portal := filepath.Join(dir, "portal")
	if err := os.Mkdir(portal, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ run, want string }{
		{"nomatch", `--run "nomatch" matches none of the 1 cell`},
		{"buy/(esim", `--run "buy/(esim": error parsing regexp`},
	} {
		t.Run(tc.run, func(t *testing.T) {
			done := make(chan result, 1)
			go func() { done <- mpsim(t, dir, "test", good, "--run", tc.run, "--watch", portal) }()
			select {
			case r := <-done:
				if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "not watching: no cell to run") {
					t.Errorf("exit %d, stderr:\n%s\nwant exit 2, %q and that it does not watch", r.code, r.stderr, tc.want)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("mpsim test --watch with a --run that matches no cell still watches after 30 s")
			}
		})
	}
}

// A scenario file with errors fails the cells of its broken scenarios,
// with file:line, in the progress, the summary and the JUnit XML, and the
// other cells still run: here --bail skips them, so no session starts.
func TestTestBrokenScenariosFailTheirCells(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	os.WriteFile(good, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\", \"psim\"]\n"), 0o644)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[[scenario]]\nname = \"x\"\nlanguages = [\"fr-FR\"]\n[scenario.expect]\nverdit = \"pass\"\n\n[[scenario]]\nname = \"y\"\npreset = \"nope\"\n"), 0o644)
	syntax := filepath.Join(dir, "syntax.toml")
	os.WriteFile(syntax, []byte("[[scenario]]\nname = \"z\"\nsims = [\"esim\"\n"), 0o644)
	junit := filepath.Join(dir, "junit.xml")

	r := mpsim(t, dir, "test", bad, syntax, "--junit", junit)
	if r.code != cli.ExitUsage {
		t.Errorf("only broken cells: exit %d, want 2\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		bad + `:5:1: unknown key "scenario.expect.verdit"`,
		bad + `:9: scenario "y": no preset "nope"`,
		syntax + ":3:",
		"[1/3] ERROR   " + syntax,
		"ERROR   x/esim/fr-FR",
		"ERROR   y/esim/en-US",
		"0 met, 0 not met, 3 could not run",
	} {
		if !strings.Contains(r.stderr+r.stdout, want) {
			t.Errorf("output lacks %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); strings.Count(s, "<testcase ") != 3 || strings.Count(s, `type="could-not-run"`) != 3 || !strings.Contains(s, "no preset &#34;nope&#34;") {
		t.Errorf("JUnit:\n%s", s)
	}

	// No cell ran (the broken ones could not, --bail skipped the rest):
	// exit 2, as the exit codes say (CI QA: 1 said others had run).
	r = mpsim(t, dir, "test", good, bad, "--bail")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "4 cells from 3 scenarios in 2 files") ||
		!strings.Contains(r.stderr, "2 cannot run: their scenario file has errors") || !strings.Contains(r.stderr, "cannot run, --bail stops the run at them, so the others are skipped:") || !strings.Contains(r.stdout, "0 met, 0 not met, 2 could not run, 2 skipped") {
		t.Errorf("--bail with broken cells: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = mpsim(t, dir, "test", good, bad, "--list")
	if r.code != cli.ExitUsage || !strings.Contains(r.stdout, "buy/psim/en-US\t"+good+":1\n") ||
		!strings.Contains(r.stdout, "y/esim/en-US\t"+bad+":7\tcannot run") {
		t.Errorf("--list with broken cells: exit %d\n%s%s", r.code, r.stdout, r.stderr)
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

// The TOML files a scenario directory's walk skipped are named, with why,
// under --list (on standard error: standard output is the cells), in a
// run's summary, in its --json results and in a merge of them. The cells
// here cannot run (an unknown preset), so no session starts.
func TestTestNamesTheFilesItSkipped(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "scenarios")
	os.MkdirAll(filepath.Join(scen, ".wip"), 0o755)
	os.WriteFile(filepath.Join(scen, "a.toml"), []byte("[[scenario]]\nname = \"a\"\npreset = \"nope\"\n"), 0o644)
	os.WriteFile(filepath.Join(scen, "b.toml"), []byte("[[scenarios]]\nname = \"b\"\n"), 0o644)
	os.WriteFile(filepath.Join(scen, ".wip", "c.toml"), []byte("[[scenarios]]\nname = \"c\"\n"), 0o644)
	note := "not read: " + filepath.Join(scen, "b.toml") + ": no [[scenario]] table: line 1 has [[scenarios]]; write [[scenario]]\n"
	results := filepath.Join(dir, "results.json")

	tests := []struct {
		name         string
		args         []string
		code         int
		stdout       string // wanted in standard output
		stderr       string // wanted in standard error
		stdoutLacks  string
		checkResults bool
	}{
		{"--list", []string{"test", scen, "--list"}, cli.ExitUsage, "a/esim/en-US\t", "mpsim test: " + note, "not read", false},
		{"a run's summary", []string{"test", scen}, cli.ExitUsage, note, "", "", false},
		{"--json", []string{"test", scen, "--json"}, cli.ExitUsage, `"reason": "no [[scenario]] table: line 1 has [[scenarios]]; write [[scenario]]"`, note, "", true},
		{"report merge", []string{"report", "merge", results}, cli.ExitUsage, note, "", "", false},
	}
	for _, tt := range tests {
		r := mpsim(t, dir, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) ||
			tt.stdoutLacks != "" && strings.Contains(r.stdout, tt.stdoutLacks) || strings.Contains(r.stdout+r.stderr, "c.toml") {
			t.Errorf("%s: exit %d, want %d; stdout:\n%s\nstderr:\n%s\nwant stdout with %q, stderr with %q", tt.name, r.code, tt.code, r.stdout, r.stderr, tt.stdout, tt.stderr)
		}
		if tt.checkResults {
			if err := os.WriteFile(results, []byte(r.stdout), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// The errors of the scenario files printed before a run mask the
// identifiers a portal URL carries, as the cells' lines and the summary
// do, unless --no-redact; before, the list showed the EID whole.
func TestScenarioErrorsBeforeTheRunAreMasked(t *testing.T) {
	const eid = "89049032000000000000000000000999"
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(file, []byte("[[scenario]]\nname = \"bad\"\nportal = \"http://127.0.0.1:1/p?eid="+eid+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		whole bool // the EID whole in the list
	}{
		{"masked", []string{"test", file}, false},
		{"masked in --list", []string{"test", file, "--list"}, false},
		{"--no-redact", []string{"test", file, "--no-redact"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mpsim(t, dir, tt.args...)
			_, list, ok := strings.Cut(r.stderr, "the scenario files have errors;")
			if !ok {
				t.Fatalf("no error list: exit %d\n%s", r.code, r.stderr)
			}
			list, _, _ = strings.Cut(list, "\nmpsim test: ")
			if !strings.Contains(list, "port 1 is one browsers refuse") {
				t.Fatalf("the list lacks the error:\n%s", list)
			}
			if strings.Contains(list, eid) != tt.whole || !tt.whole && !strings.Contains(list, "XXXXXXXXXXXXXXXXXXXXXXXXXXXX0999") {
				t.Errorf("the EID whole: %v, want %v:\n%s", strings.Contains(list, eid), tt.whole, list)
			}
		})
	}
}

// A mistake in presets.toml or operators.toml is said to be that file's:
// the list before the run blames it (its error once, then the scenarios
// that use it), as do the run's first line, each cell's reason and
// --list. Before, all of them said the scenario file had errors, the
// presets file's code excerpt joined into the cell's line with "; ".
func TestAConfigFileMistakeIsNotTheScenarioFiles(t *testing.T) {
	tests := []struct {
		name, file, body, key, value, use string
	}{
		{"presets", "presets.toml", "[[preset]]\nname = \"mine\"\nexpect_statuz = 3\n", "preset", "mine", "name a preset"},
		{"operators", "operators.toml", "[[operator]\n", "operator", "acme", "name an operator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "s.toml")
			if err := os.WriteFile(file, []byte("[[scenario]]\nname = \"uses\"\n"+tt.key+" = \""+tt.value+"\"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			r := mpsim(t, dir, "test", file)
			for _, want := range []string{
				"mpsim test: the " + tt.name + " file has errors, not the scenarios that " + tt.use + "; their cells cannot run, the others do:\n",
				"  the scenarios: \"uses\" (" + file + ":1)\n",
				"; 1 cannot run: the " + tt.name + " file has errors)",
				"          the " + tt.name + " file has errors (the scenario file is fine): ",
			} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("no %q in\n%s", want, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "scenario file has errors") || strings.Contains(r.stderr, "; 1| ") {
				t.Errorf("the scenario file is blamed, or the excerpt joined:\n%s", r.stderr)
			}
			if l := mpsim(t, dir, "test", file, "--list"); !strings.Contains(l.stdout, "\tcannot run: the "+tt.name+" file has errors\n") {
				t.Errorf("--list: %q", l.stdout)
			}
		})
	}
}

// mpsimWatching runs mpsim (the test binary as mpsim, TestMain) in a
// child process with the configuration and history directories in dir,
// waits until its standard error holds until (at most 60 s), then
// interrupts it as Ctrl+C does and returns what it did. A child that ends
// before it says until is returned as it ended.
func mpsimWatching(t *testing.T, dir, until string, args ...string) (r result, watched bool) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1", "DISPLAY=", "LC_ALL=C.UTF-8",
		workspace.ConfigDirEnv+"="+dir, "MPSIM_HISTORY_DIR="+filepath.Join(dir, "history"))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	seen := make(chan struct{})
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(pipe)
		once := false
		for sc.Scan() {
			stderr.WriteString(sc.Text() + "\n")
			if !once && strings.Contains(sc.Text(), until) {
				once = true
				close(seen)
			}
		}
	}()
	select {
	case <-seen:
		watched = true
		_ = cmd.Process.Signal(os.Interrupt)
	case <-copied:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Errorf("mpsim %v did not say %q in 60 s", args, until)
	}
	<-copied
	_ = cmd.Wait()
	return result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}, watched
}

// TestTestWatchWaitsForAnUnreadableFileWithRun: mpsim test --watch with a
// --run that matches no cell while a scenario file cannot be read (a
// syntax error in the middle of an edit) says the file's errors and that
// --run may match once it reads, and watches for the fix, as it does
// without --run (before, it exited 2 at once, counting the file's
// stand-in as "the 1 cell" --run matched none of).
func TestTestWatchWaitsForAnUnreadableFileWithRun(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad2.toml")
	if err := os.WriteFile(bad, []byte("[[scenario]]\nname = \"bad2\"\nportal = \"http://127.0.0.1:18461/ok.html\"\nbogus = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	portal := filepath.Join(dir, "portal")
	if err := os.Mkdir(portal, 0o755); err != nil {
		t.Fatal(err)
	}
	r, watched := mpsimWatching(t, dir, "watching "+portal, "test", bad, "--run", "bad2/esim", "--watch", portal)
	if !watched {
		t.Errorf("exit %d without watching, stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		bad + ":4:",
		`--run "bad2/esim" matches none of the 0 cells read, and ` + bad + " cannot be read: it may match once that file reads",
		"waiting for a change",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "not watching") || strings.Contains(r.stderr, "of the 1 cell") {
		t.Errorf("stderr:\n%s", r.stderr)
	}

	// Without --watch, the same --run is an error (exit 2).
	if r := mpsim(t, dir, "test", bad, "--run", "bad2/esim"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "it may match once that file reads") {
		t.Errorf("without --watch: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestTestWatchEndsOnAnEmptyShard: mpsim test --watch whose --shard picks
// no cell of files that all read says so and exits as without --watch
// (exit 0, "no cells to run") instead of watching for ever with nothing
// to run; with a file that cannot be read it watches for the fix.
func TestTestWatchEndsOnAnEmptyShard(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[[scenario]]\nname = \"x\"\nbogus = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	portal := filepath.Join(dir, "portal")
	if err := os.Mkdir(portal, 0o755); err != nil {
		t.Fatal(err)
	}
	r, watched := mpsimWatching(t, dir, "watching "+portal, "test", good, "--shard", "2/2", "--watch", portal)
	if watched || r.code != cli.ExitOK || !strings.Contains(r.stdout, "no cells to run") || !strings.Contains(r.stderr, "not watching: no cell to run (every scenario file read)") {
		t.Errorf("empty shard: watched %v, exit %d, stdout:\n%s\nstderr:\n%s", watched, r.code, r.stdout, r.stderr)
	}
	// Two cells, one of them the unreadable file's stand-in: shard 3/3
	// is empty until the file reads, and may not be after.
	r, watched = mpsimWatching(t, dir, "watching "+portal, "test", good, bad, "--shard", "3/3", "--watch", portal)
	if !watched {
		t.Errorf("empty shard with an unreadable file: exit %d without watching, stderr:\n%s", r.code, r.stderr)
	}
}
