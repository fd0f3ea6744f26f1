package main

import (
	"os"
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
	home := t.TempDir() // every run's config, data and cache directories (runDemo)
	var seen []string
	for i := range 2 {
		r := runDemo(home, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s", "--no-axe")
		if r.err != nil || r.rep.Ended != session.EndedHandBack {
			t.Fatalf("session %d: %v, ended %q; want a hand-back\nstderr:\n%s", i+1, r.err, r.rep.Ended, r.stderr)
		}
		for _, c := range r.rep.Console {
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
	for _, dir := range []string{filepath.Join(home, "data", program), filepath.Join(home, "cache", program)} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("WebKit wrote website data to %s; want none on disk", dir)
		}
	}
}
