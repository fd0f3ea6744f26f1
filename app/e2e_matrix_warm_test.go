package main

// `mpsim test` starts the window of each worker's next cell while a cell
// runs, when the machine has a core to spare (issue 14, QA at scale): the
// cells after the first begin in a window whose view and WebKit web process
// are up already, and each still gets its own languages. MPSIM_WARM=0
// starts none, and no idle window outlives the run, nor a kill -9 of it.

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
	} `json:"report"`
}

// warmReady reports whether the cell's window said it was made ahead.
func (c warmCell) warmReady() bool {
	for _, e := range c.Report.Log {
		if e.Kind == "ready" {
			return e.Text == window.WarmReady
		}
	}
	return false
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
	if runtime.NumCPU() < 2 {
		t.Skip("mpsim test starts the next cell's window ahead only when a core is to spare")
	}
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
	// The first cell's window and, once its page is under way, the next
	// one's: two portal window processes of this run.
	for deadline := time.Now().Add(45 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if len(portalProcessesWith(mine)) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("no second portal window process within 45 s: %v", portalProcessesWith(mine))
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

func TestE2EMatrixWarmWindows(t *testing.T) {
	needE2E(t)
	if runtime.NumCPU() < 2 {
		t.Skip("mpsim test starts the next cell's window ahead only when a core is to spare")
	}
	tests := []struct {
		name string
		env  []string
		warm int // cells that begin in a window made ahead
	}{
		{name: "by default", warm: 2},
		{name: "MPSIM_WARM=0", env: []string{"MPSIM_WARM=0"}, warm: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "warm.toml")
			if err := os.WriteFile(file, []byte(warmScenario), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, _, code := mpsimTestEnv(t, dir, tc.env, file, "--parallel", "1", "--json")
			if code != 0 {
				t.Fatalf("mpsim test: exit code %d, want 0", code)
			}
			var res struct {
				Cells []warmCell `json:"cells"`
			}
			if err := json.Unmarshal([]byte(stdout), &res); err != nil {
				t.Fatalf("results: %v", err)
			}
			warm := 0
			for _, c := range res.Cells {
				if c.Status != "met" {
					t.Errorf("%s: %s", c.ID, c.Status)
				}
				if c.warmReady() {
					warm++
				}
				// The window made ahead takes the cell's languages.
				want := strings.Split(c.Lang, ",")[0]
				if !strings.HasPrefix(c.Report.Server.AcceptLanguage, want) {
					t.Errorf("%s: the portal got Accept-Language %q, want %s first", c.ID, c.Report.Server.AcceptLanguage, want)
				}
			}
			if warm != tc.warm {
				t.Errorf("%d of %d cells began in a window made ahead, want %d", warm, len(res.Cells), tc.warm)
			}
			// The idle window of the last cell is killed; WebKit's
			// processes end once they see it gone.
			waitGone(t, "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "the run")
		})
	}
}
