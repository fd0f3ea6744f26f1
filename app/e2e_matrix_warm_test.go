package main

// Each worker of `mpsim test` has one window process serve its cells one
// after another (issue 14, QA at scale): the cells after the first begin in
// that process, in a view made (and WebKit's web process started) while the
// cell before was wrapped up, and each still gets its own languages and no
// website data or pinned certificate of the cells before. MPSIM_WARM=0
// starts a process per cell, and no window process outlives the run, nor a
// kill -9 of it.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/window"
)

const warmScenario = `
[[scenario]]
name = "buy"
demo_choice = "buy"
sims = ["esim"]
languages = ["en-US", "fr-FR,fr,en", "de-DE,de,en"]
[scenario.expect]
status = ["Complete"]
`

// warmCell is the part of a cell's result the test reads.
type warmCell struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Lang   string `json:"lang"`
	Report struct {
		Log []struct {
			Kind string `json:"kind"`
			Text string `json:"text"`
		} `json:"log"`
		Server struct {
			AcceptLanguage string `json:"acceptLanguage"`
		} `json:"server"`
		Console []struct {
			Text string `json:"text"`
		} `json:"console"`
		Navigations []struct {
			Kind string `json:"kind"`
			URL  string `json:"url"`
		} `json:"navigations"`
		Findings []struct {
			Code string `json:"code"`
		} `json:"findings"`
		Policies []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"policies"`
	} `json:"report"`
}

// ownDownloads lists what the cell's report says the page downloaded,
// which on the demo portal can only be the window's own network warm-up
// (webkit.WarmNetwork), and the findings and policy statuses that follow
// from it.
func (c warmCell) ownDownloads() []string {
	var out []string
	for _, n := range c.Report.Navigations {
		if n.Kind == "download" {
			out = append(out, "download "+n.URL)
		}
	}
	for _, f := range c.Report.Findings {
		if f.Code == "download-blocked" {
			out = append(out, "finding "+f.Code)
		}
	}
	for _, p := range c.Report.Policies {
		if p.ID == "security-no-installs" && p.Status != "pass" {
			out = append(out, "policy "+p.ID+" "+p.Status)
		}
	}
	return out
}

// readyText is what the cell's window said when it was ready.
func (c warmCell) readyText() string {
	for _, e := range c.Report.Log {
		if e.Kind == "ready" {
			return e.Text
		}
	}
	return ""
}

// processesWith lists the processes (but this one) whose environment holds
// kv.
func processesWith(kv string) []proc {
	var out []proc
	for _, p := range processes() {
		if p.pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", p.pid))
		if err == nil && slices.Contains(strings.Split(string(env), "\x00"), kv) {
			out = append(out, p)
		}
	}
	return out
}

// pidsWith lists the pids of processesWith(kv).
func pidsWith(kv string) []int {
	var pids []int
	for _, p := range processesWith(kv) {
		pids = append(pids, p.pid)
	}
	return pids
}

// waitGone waits up to 5 s for the processes whose environment holds kv to
// end, and reports those left.
func waitGone(t *testing.T, kv, what string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		left := pidsWith(kv)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("processes outlived %s by 5 s: %v", what, left)
			return
		}
	}
}

func TestE2EMatrixWarmWindowsDieWithTheRun(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "long.toml")
	const long = "[[scenario]]\nname = \"wait\"\nlanguages = [\"en-US\", \"fr-FR\"]\ntimeout = \"60s\"\n[scenario.expect]\nended = \"timeout\"\n"
	if err := os.WriteFile(file, []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	mine := "MPSIM_CONFIG_DIR=" + filepath.Join(dir, "config")
	cmd := exec.Command(os.Args[0], "test", "--headless", "--parallel", "1", file)
	cmd.Env = append(filteredEnv(), testMainEnv+"=1", mine, "DISPLAY=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The first cell's window process, with WebKit's processes under it.
	for deadline := time.Now().Add(45 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if len(portalProcessesWith(mine)) >= 1 && len(processesWith(mine)) >= 4 {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("no portal window with WebKit's processes within 45 s: %v", processesWith(mine))
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	waitGone(t, mine, "a kill -9 of mpsim test")
}

// portalProcessesWith lists the pids of the portal window processes (the
// test binary run as `portal`) whose environment holds kv.
func portalProcessesWith(kv string) []int {
	var out []int
	for _, p := range processesWith(kv) {
		if len(p.args) > 1 && p.args[1] == "portal" {
			out = append(out, p.pid)
		}
	}
	return out
}

// ahead is what a reused window's ready message adds with n workers on
// this machine: the view made ahead only with a CPU to spare.
func ahead(n int) string {
	if n < runtime.NumCPU() {
		return ", " + window.AheadReady
	}
	return ""
}

func TestE2EMatrixWarmWindows(t *testing.T) {
	needE2E(t)
	tests := []struct {
		name     string
		env      []string
		parallel string
		// ready are what the cells' windows say they were, in order.
		ready []string
	}{
		// With a CPU to spare each cell's view is made while the cell before
		// it runs: the demo portal's purchase lasts well beyond the 300 ms
		// after its page committed at which the window makes it.
		{name: "by default", parallel: "1", ready: []string{
			window.WarmReady,
			window.WarmReady + "; " + window.ReusedReady(2) + ahead(1),
			window.WarmReady + "; " + window.ReusedReady(3) + ahead(1),
		}},
		{name: "MPSIM_WARM=0", parallel: "1", env: []string{"MPSIM_WARM=0"}, ready: []string{"", "", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "warm.toml")
			if err := os.WriteFile(file, []byte(warmScenario), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, _, code := mpsimTestEnv(t, dir, tc.env, file, "--parallel", tc.parallel, "--json")
			if code != 0 {
				t.Fatalf("mpsim test: exit code %d, want 0", code)
			}
			var res struct {
				Cells []warmCell `json:"cells"`
			}
			if err := json.Unmarshal([]byte(stdout), &res); err != nil {
				t.Fatalf("results: %v", err)
			}
			var ready []string
			for _, c := range res.Cells {
				if c.Status != "met" {
					t.Errorf("%s: %s", c.ID, c.Status)
				}
				ready = append(ready, c.readyText())
				// The window's warm-up download is not the page's: the
				// demo portal downloads nothing.
				if own := c.ownDownloads(); len(own) > 0 {
					t.Errorf("%s: the report holds the window's own warm-up: %q", c.ID, own)
				}
				// A reused window takes the cell's languages.
				want := strings.Split(c.Lang, ",")[0]
				if !strings.HasPrefix(c.Report.Server.AcceptLanguage, want) {
					t.Errorf("%s: the portal got Accept-Language %q, want %s first", c.ID, c.Report.Server.AcceptLanguage, want)
				}
			}
			if !slices.Equal(ready, tc.ready) {
				t.Errorf("the cells' windows said %q when ready; want %q", ready, tc.ready)
			}
			// The last window process is killed; WebKit's processes end
			// once they see it gone.
			waitGone(t, "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "the run")
		})
	}
}

// TestE2EMatrixReusedWindowKeepsNothing runs cells one after another in one
// window process: none sees the website data the cells before it stored,
// nor is a certificate a cell before it pinned trusted for it.
func TestE2EMatrixReusedWindowKeepsNothing(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": storagePage})
	dir := t.TempDir()
	file := filepath.Join(dir, "isolated.toml")
	scenarios := fmt.Sprintf(`
[[scenario]]
name = "a-stores"
portal = %[1]q
trust_certs = [%[2]q]
languages = ["en-US", "fr-FR", "de-DE"]
no_axe = true
[scenario.expect]
ended = "handBack"

[[scenario]]
name = "b-not-trusted"
portal = %[1]q
languages = ["en-US"]
no_axe = true
[scenario.expect]
ended = "loadFailed"
`, p.base, p.certPath)
	if err := os.WriteFile(file, []byte(scenarios), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code := mpsimTestEnv(t, dir, nil, file, "--parallel", "1", "--json")
	var res struct {
		Cells []warmCell `json:"cells"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("results: %v (exit code %d)", err, code)
	}
	if len(res.Cells) != 4 {
		t.Fatalf("mpsim test: %d cells, want 4 (exit code %d)", len(res.Cells), code)
	}
	if code != 0 {
		t.Errorf("mpsim test: exit code %d, want 0", code)
	}
	const nothing = `{"local":null,"cookie":"","idb":null}`
	for i, c := range res.Cells {
		if c.Status != "met" {
			t.Errorf("%s: %s", c.ID, c.Status)
		}
		if i > 0 && !strings.Contains(c.readyText(), window.ReusedReady(i+1)) {
			t.Errorf("%s: the window said %q; want it to be the reused process's session %d", c.ID, c.readyText(), i+1)
		}
		for _, m := range c.Report.Console {
			if s, ok := strings.CutPrefix(m.Text, "seen "); ok && s != nothing {
				t.Errorf("%s saw what an earlier cell stored: %s", c.ID, s)
			}
		}
	}
	waitGone(t, "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "the run")
}
