package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// mergeScenario is one scenario of two cells (one per SIM kind) that
// closes a plain page at once; %s is the portal, %s the description that
// tells the two versions of the file apart.
const mergeScenario = `[[scenario]]
name = "close-at-once"
description = "%s"
portal = "%s"
sims = ["esim", "psim"]
no_axe = true
timeout = "30s"
[[scenario.steps]]
wait_text = "Hello"
[[scenario.steps]]
close = true
[scenario.expect]
ended = "closed"
verdict = "no-callback"
`

// Shard 1/2 run from one version of a scenario file and shard 2/2 from
// another have the same cell list: report merge refuses them all the
// same, naming the scenario and both files, and merges the shards of one
// version.
func TestE2EMergeRefusesShardsOfTwoScenarioVersions(t *testing.T) {
	needE2E(t)
	base := startPlainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hi</title></head><body><p>Hello</p></body></html>`)
	}))
	dir := t.TempDir()
	file := filepath.Join(dir, "close.toml")
	shard := func(description, label, out string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(fmt.Sprintf(mergeScenario, description, base)), 0o644); err != nil {
			t.Fatal(err)
		}
		stdout, _, code := mpsimTestEnv(t, dir, []string{"MPSIM_HISTORY_DIR=" + filepath.Join(dir, "history")}, file, "--shard", label, "--json")
		if code != 0 {
			t.Fatalf("shard %s: exit %d\n%s", label, code, stdout)
		}
		if err := os.WriteFile(filepath.Join(dir, out), []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shard("version one", "1/2", "s1.json")
	shard("version one", "2/2", "s2.json")
	shard("version two", "2/2", "s2-new.json")

	merge := func(parts ...string) (string, int) {
		t.Helper()
		args := []string{"report", "merge", "--json"}
		for _, p := range parts {
			args = append(args, filepath.Join(dir, p))
		}
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "DISPLAY=")
		var errOut strings.Builder
		cmd.Stdout, cmd.Stderr = new(strings.Builder), &errOut
		err := cmd.Run()
		var exitErr *exec.ExitError
		switch {
		case err == nil:
			return errOut.String(), 0
		case errors.As(err, &exitErr):
			return errOut.String(), exitErr.ExitCode()
		}
		t.Fatalf("report merge: %v", err)
		return "", -1
	}
	if stderr, code := merge("s1.json", "s2.json"); code != 0 {
		t.Errorf("shards of one version: exit %d\n%s", code, stderr)
	}
	stderr, code := merge("s1.json", "s2-new.json")
	if code != 2 {
		t.Errorf("shards of two versions: exit %d, want 2\n%s", code, stderr)
	}
	for _, want := range []string{`scenario "close-at-once"`, "s2-new.json (shard 2/2)", "s1.json (shard 1/2)", "run every shard on the same version of the scenario files"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("report merge does not say %q:\n%s", want, stderr)
		}
	}
}
