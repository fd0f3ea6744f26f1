package workspace

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// workerEnv makes this test binary, re-executed, one mpsim process:
// "MODE,ID,DIR" with MODE "finish" or "open".
const workerEnv = "MPSIM_WORKSPACE_WORKER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(workerEnv); spec != "" {
		f := strings.SplitN(spec, ",", 3)
		if len(f) != 3 {
			fmt.Fprintln(os.Stderr, "worker: bad", workerEnv, spec)
			os.Exit(3)
		}
		if err := worker(f[0], f[2], f[1]); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// barrier says this worker is ready and waits for the test's go, so that
// every worker has read the device before any of them writes.
func barrier(dir, id string) error {
	if err := os.WriteFile(filepath.Join(dir, "ready-"+id), nil, 0o600); err != nil {
		return err
	}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			return nil
		}
	}
	return fmt.Errorf("no go")
}

func worker(mode, dir, id string) error {
	n, _ := strconv.Atoi(id)
	cfgDir := filepath.Join(dir, "cfg")
	switch mode {
	case "open": // a first run: open the empty directory, print the device's IMEI
		if err := barrier(dir, id); err != nil {
			return err
		}
		h, err := Open(cfgDir, Options{}) // seeded from the clock: each process would make another device
		if err != nil {
			return err
		}
		fmt.Print(h.SavedDevice().IMEI)
		return nil
	case "finish": // one session that installs a profile of its own
		h, err := Open(cfgDir, Options{})
		if err != nil {
			return err
		}
		cfg, err := h.SessionConfig(LaunchRequest{PortalURL: testPortal}, nil)
		if err != nil {
			return err
		}
		after := cloneDevice(cfg.Device)
		p := simulator.Profile{ICCID: simulator.NewGenerator(int64(1000 + n)).ICCID(h.Operator), Operator: h.Operator.Name}
		if err := after.InstallProfile(p); err != nil {
			return err
		}
		if err := barrier(dir, id); err != nil {
			return err
		}
		saved, err := h.FinishSession(cfg, session.Report{Device: &after})
		if saved && errors.Is(err, ErrProfileDidNotFit) {
			fmt.Print("dropped:" + p.ICCID) // the eSIM was full (simulator.ProfileCapacity)
			return nil
		}
		if err != nil || !saved {
			return fmt.Errorf("FinishSession = %v, %v", saved, err)
		}
		fmt.Print(p.ICCID)
		return nil
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// runWorkers starts n worker processes on dir, lets them go together once
// all are ready, and returns what each printed.
func runWorkers(t *testing.T, dir, mode string, n int) []string {
	t.Helper()
	cmds := make([]*exec.Cmd, n)
	outs := make([]*strings.Builder, n)
	for i := range n {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), workerEnv+"="+mode+","+strconv.Itoa(i)+","+dir)
		outs[i] = &strings.Builder{}
		cmd.Stdout, cmd.Stderr = outs[i], os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		ready, _ := filepath.Glob(filepath.Join(dir, "ready-*"))
		if len(ready) == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d workers got ready", len(ready), n)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("worker %d: %v", i, err)
		}
		got = append(got, outs[i].String())
	}
	return got
}

// TestParallelFinishSessionsLoseNoProfile: 4, 7 and then 12 processes each
// run a session on one configuration directory that installs a profile;
// every one of them reads the device before any saves. All profiles
// survive as long as the eSIM has room for them (before the store lock and
// the merge: 3 of 4, 15 of 16 were lost); beyond simulator.ProfileCapacity
// the sessions that come too late have their profile left off, with an
// InsufficientSpaceOnCard LPA error each, and the eSIM never holds more
// (before: 17 profiles of 8).
func TestParallelFinishSessionsLoseNoProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns worker processes")
	}
	for _, n := range []int{4, simulator.ProfileCapacity - 1, 12} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			dir := t.TempDir()
			base := openT(t, filepath.Join(dir, "cfg"), Options{Seed: seed(77)}).SavedDevice()
			out := runWorkers(t, dir, "finish", n)
			final := openT(t, filepath.Join(dir, "cfg"), Options{}).SavedDevice()
			have := map[string]bool{}
			for _, p := range final.Profiles {
				have[p.ICCID] = true
			}
			room := simulator.ProfileCapacity - len(base.Profiles)
			lost, kept, dropped := 0, 0, 0
			for _, o := range out {
				if iccid, ok := strings.CutPrefix(o, "dropped:"); ok {
					dropped++
					if have[iccid] {
						t.Errorf("profile %s was said not to fit but is on the eSIM", iccid)
					}
					continue
				}
				if !have[o] {
					lost++
				}
				kept++
			}
			t.Logf("%d parallel sessions: %d profiles kept, %d lost, %d did not fit; device has %d profiles", n, kept, lost, dropped, len(final.Profiles))
			if lost > 0 || kept != min(n, room) || len(final.Profiles) != len(base.Profiles)+min(n, room) {
				t.Errorf("%d kept and %d lost of %d installed profiles, room for %d; device profiles %+v", kept, lost, n, room, final.Profiles)
			}
			if dropped != max(n-room, 0) || len(final.LPAErrors) != dropped {
				t.Errorf("%d profiles did not fit and %d LPA errors recorded; want %d", dropped, len(final.LPAErrors), max(n-room, 0))
			}
			if errs := final.Validate(); len(errs) > 0 {
				t.Errorf("merged device invalid: %v", errs)
			}
		})
	}
}

// TestParallelFirstRunsMakeOneDevice: processes opening an empty
// configuration directory together end up with the same device (before:
// each generated and saved its own).
func TestParallelFirstRunsMakeOneDevice(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns worker processes")
	}
	dir := t.TempDir()
	imeis := runWorkers(t, dir, "open", 4)
	final := openT(t, filepath.Join(dir, "cfg"), Options{}).SavedDevice()
	for i, imei := range imeis {
		if imei != final.IMEI {
			t.Errorf("process %d uses device %q; the saved device is %q (all: %v)", i, imei, final.IMEI, imeis)
		}
	}
}
