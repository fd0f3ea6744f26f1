package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"mpsim/simulator"
)

// Four `mpsim run` at once on one configuration directory, each buying an
// eSIM plan on the demo portal: every installed profile is on the saved
// device afterwards, none lost to another run's write (issue 12 item 3, end
// to end; the workspace's concurrency test covers the store itself).
func TestE2EParallelRunsKeepEveryProfile(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	run := func(name string, args ...string) error {
		cmd := exec.Command(os.Args[0], append(args, "--report", filepath.Join(dir, name+".json"))...)
		cmd.Env = append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+config, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "DISPLAY=")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 0 {
				return fmt.Errorf("%s: %v\n%s", name, err, stderr.String())
			}
		}
		return nil
	}
	// buy-async downloads a new profile (F6) and returns control; a legacy
	// buy would put the plan on the profile already there (F2).
	base := []string{"run", "--headless", "--sim", "esim", "--demo-choice", "buy-async", "--timeout", "90s", "--screenshots", "-"}
	if err := run("first", base...); err != nil {
		t.Fatal(err)
	}
	before := loadDevice(t, config)
	const parallel = 4
	var wg sync.WaitGroup
	errs := make([]error, parallel)
	for i := range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = run(fmt.Sprintf("run%d", i), base...)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	after := loadDevice(t, config)
	if after.EID != before.EID {
		t.Fatalf("the device changed identity: EID %s → %s", before.EID, after.EID)
	}
	seen := map[string]bool{}
	for _, p := range after.Profiles {
		if seen[p.ICCID] {
			t.Errorf("profile %s twice on the device", p.ICCID)
		}
		seen[p.ICCID] = true
	}
	for i := range parallel {
		var rep struct {
			Result *struct {
				ICCID string `json:"iccid"`
			} `json:"result"`
		}
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("run%d.json", i)))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &rep); err != nil || rep.Result == nil || rep.Result.ICCID == "" {
			t.Fatalf("run%d: no handed-back ICCID (%v): %.300s", i, err, b)
		}
		if !seen[rep.Result.ICCID] {
			t.Errorf("run%d installed %s; the saved device has %d profiles without it", i, rep.Result.ICCID, len(after.Profiles))
		}
	}
	if got, want := len(after.Profiles), len(before.Profiles)+parallel; got != want {
		t.Errorf("%d profiles on the device after %d parallel purchases, want %d", got, parallel, want)
	}
}

func loadDevice(t *testing.T, config string) simulator.Device {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(config, "device.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d simulator.Device
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("device.json: %v", err)
	}
	return d
}
