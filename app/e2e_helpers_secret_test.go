package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// secretCase is a run of `mpsim test` that types secrets into a portal:
// what the portal serves, what its server records of each request, and
// the scenario file.
type secretCase struct {
	name     string                       // the scenario file's name, without .toml
	scenario string                       // the scenario file; its %s is the portal's base URL
	pages    map[string]string            // the portal: path → HTML (or text); any other path is not found
	record   func(r *http.Request) string // what the server keeps of a request, to see the secrets reached it
	env      []string                     // the run's environment besides its history (the value_env secrets)
	junit    bool                         // also write the JUnit XML (--junit)
}

// secretRun is what a secretCase's run wrote and what its portal got.
type secretRun struct {
	stdout string            // the --json results
	sent   string            // what the server recorded, a line a request
	files  map[string]string // path → text of every file the run wrote, and "stderr"
}

// runSecretCase serves c's portal, runs `mpsim test` on c's scenario
// with every output (the HAR, the HTML report, the history's report and
// entry, the --json results, the JUnit XML when c asks) under one
// directory, and reads them all back with stderr. The run must exit 0.
func runSecretCase(t *testing.T, c secretCase) secretRun {
	t.Helper()
	var mu sync.Mutex
	var got []string
	base := startPlainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := c.record(r)
		mu.Lock()
		got = append(got, rec)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if page, ok := c.pages[r.URL.Path]; ok {
			fmt.Fprint(w, page)
			return
		}
		http.NotFound(w, r)
	}))
	dir := t.TempDir()
	file := filepath.Join(dir, c.name+".toml")
	if err := os.WriteFile(file, []byte(fmt.Sprintf(c.scenario, base)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	args := []string{file, "--har-dir", filepath.Join(out, "har"), "--html", filepath.Join(out, "report.html")}
	if c.junit {
		args = append(args, "--junit", filepath.Join(out, "junit.xml"))
	}
	stdout, stderr, code := mpsimTestEnv(t, dir, append(c.env, "MPSIM_HISTORY_DIR="+filepath.Join(out, "history")), append(args, "--json")...)
	if err := os.WriteFile(filepath.Join(out, "results.json"), []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("mpsim test: exit %d, want 0\n%s", code, stdout)
	}
	files := map[string]string{"stderr": stderr}
	err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	return secretRun{stdout: stdout, sent: strings.Join(got, "\n"), files: files}
}

// portalGot stops the test unless the portal's server got each of wants
// (as it records them): without them the test proves nothing.
func (r secretRun) portalGot(t *testing.T, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(r.sent, want) {
			t.Fatalf("the portal did not get the secrets (no %q); the test proves nothing:\n%s", want, r.sent)
		}
	}
}

// wantFiles fails the test for each of wants that no file's path holds.
func (r secretRun) wantFiles(t *testing.T, wants ...string) {
	t.Helper()
	for _, want := range wants {
		found := false
		for path := range r.files {
			found = found || strings.Contains(path, want)
		}
		if !found {
			t.Errorf("no output file %s among %d", want, len(r.files))
		}
	}
}

// noSecret fails the test for each file that holds secret in one of its
// forms (as typed, or as a URL, JSON or HTML writes it), quoting where.
func (r secretRun) noSecret(t *testing.T, secret string, forms ...string) {
	t.Helper()
	for path, text := range r.files {
		for _, form := range forms {
			if i := strings.Index(text, form); i >= 0 {
				t.Errorf("%s holds the secret %q as %q: …%s…", path, secret, form, text[max(0, i-80):min(len(text), i+len(form)+20)])
			}
		}
	}
}

// secretTestForms are the ways a secret may be written in a file: as
// typed, URL-encoded by a form or by encodeURIComponent, JSON- or
// HTML-escaped.
func secretTestForms(s string) []string {
	r := strings.NewReplacer(" ", "+", "!", "%21", "&", "%26", "/", "%2F", "+", "%2B", "=", "%3D")
	c := strings.NewReplacer(" ", "%20", "&", "%26", "/", "%2F", "+", "%2B", "=", "%3D")
	return []string{s, r.Replace(s), c.Replace(s), strings.ReplaceAll(s, "&", `\u0026`), strings.ReplaceAll(s, "&", "&amp;")}
}
