package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/session"
)

// storagePage logs what website data an earlier session left (local storage,
// IndexedDB, a persistent cookie), stores its own, and hands back once the
// IndexedDB transaction has committed, that is once WebKit has written it.
const storagePage = `<!doctype html><html lang="en"><head><title>Storage</title></head><body><p>Storage</p><script>
var seen = {local: localStorage.getItem("mpsim-k"), cookie: document.cookie};
var open = indexedDB.open("mpsim-db", 1);
open.onupgradeneeded = function () { open.result.createObjectStore("s"); };
open.onsuccess = function () {
  var tx = open.result.transaction("s", "readwrite"), store = tx.objectStore("s");
  store.get("k").onsuccess = function (e) {
    seen.idb = e.target.result === undefined ? null : e.target.result;
    console.log("seen " + JSON.stringify(seen));
    store.put("set", "k");
  };
  tx.oncomplete = function () {
    localStorage.setItem("mpsim-k", "set");
    document.cookie = "mpsimk=set; Max-Age=86400; Path=/";
    ` + completedHandBackJS + `
  };
};
</script></body></html>`

// TestE2EWebsiteDataStaysInTheSession runs two sessions with the same user
// data and cache directories: the second must see nothing the first stored,
// and WebKit must have written no website data under them (it used to keep
// it in $XDG_DATA_HOME/<program> and $XDG_CACHE_HOME/<program>, shared by
// every session and every parallel matrix cell).
func TestE2EWebsiteDataStaysInTheSession(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": storagePage})
	home := t.TempDir()
	data, cache := filepath.Join(home, "data"), filepath.Join(home, "cache")
	var seen []string
	for i := range 2 {
		report := filepath.Join(home, "report.json")
		cmd := exec.Command(os.Args[0], "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s", "--no-axe", "--report", report)
		cmd.Env = append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(home, "config"),
			"XDG_DATA_HOME="+data, "XDG_CACHE_HOME="+cache, "DISPLAY=")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		var exitErr *exec.ExitError // a verdict other than pass exits 1: the report is what counts
		if err := cmd.Run(); err != nil && !errors.As(err, &exitErr) {
			t.Fatalf("session %d: %v\nstderr:\n%s", i+1, err, stderr.String())
		}
		raw, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		var rep session.Report
		if err := json.Unmarshal(raw, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Ended != session.EndedHandBack {
			t.Fatalf("session %d ended %q, want a hand-back\nstderr:\n%s", i+1, rep.Ended, stderr.String())
		}
		for _, c := range rep.Console {
			if s, ok := strings.CutPrefix(c.Text, "seen "); ok {
				seen = append(seen, s)
			}
		}
	}
	const nothing = `{"local":null,"cookie":"","idb":null}`
	if len(seen) != 2 || seen[0] != nothing || seen[1] != nothing {
		t.Errorf("what the sessions saw of earlier ones: %q; want %s twice", seen, nothing)
	}
	program := filepath.Base(os.Args[0]) // the window process is this binary
	for _, dir := range []string{filepath.Join(data, program), filepath.Join(cache, program)} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("WebKit wrote website data to %s; want none on disk", dir)
		}
	}
}
