package workspace

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/simulator"
)

// fillESIM saves h's eSIM holding n profiles of its operator, the first
// active.
func fillESIM(t *testing.T, h *Workspace, n int) simulator.Device {
	t.Helper()
	d := sessiontest.FillESIM(t, h.SavedDevice(), h.Operator, n)
	if err := h.SaveDevice(d); err != nil {
		t.Fatal(err)
	}
	return d
}

// sessionInstall is a session of req on h that installs one new profile of
// h's operator and makes it active: its configuration, the device it
// leaves and the profile's ICCID, or the error of the install.
func sessionInstall(t *testing.T, h *Workspace, req LaunchRequest, seed int64) (session.Config, simulator.Device, string, error) {
	t.Helper()
	cfg, err := h.SessionConfig(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	after := cloneDevice(cfg.Device)
	iccid := after.FailedDownloadICCID(h.Operator, simulator.NewGenerator(seed))
	if err := after.InstallProfile(simulator.Profile{ICCID: iccid, Operator: h.Operator.Name, State: simulator.ProfileActive}); err != nil {
		return cfg, after, iccid, err
	}
	return cfg, after, iccid, nil
}

// TestTheESIMNeverHoldsMoreThanItsCapacity: a full eSIM (8 profiles of
// the operator) stays full under esim-new-customer, whose view of it
// shows none of them (issue: the 9th buy passed); and two sessions that
// each found room for one more on an eSIM of 7 do not both add it at the
// end: the second's profile is left off the saved eSIM, as a download
// that failed with InsufficientSpaceOnCard, its active profile stays the
// first session's, and FinishSession says so (ErrProfileDidNotFit).
// Before, mergeProfiles added it: 9 profiles.
func TestTheESIMNeverHoldsMoreThanItsCapacity(t *testing.T) {
	t.Run("new-customer view of a full eSIM", func(t *testing.T) {
		h := openT(t, t.TempDir(), Options{Seed: seed(31)})
		fillESIM(t, h, simulator.ProfileCapacity)
		cfg, _, _, err := sessionInstall(t, h, LaunchRequest{Preset: "esim-new-customer", PortalURL: testPortal}, 1)
		if len(cfg.Device.Profiles) != 0 {
			t.Fatalf("the new customer's view shows %d profiles of the operator", len(cfg.Device.Profiles))
		}
		if !errors.Is(err, simulator.ErrEUICCFull) {
			t.Fatalf("install onto the new customer's view of a full eSIM = %v, want ErrEUICCFull", err)
		}
	})
	tests := []struct {
		name     string
		req      LaunchRequest
		readOnly bool
	}{
		{"two sessions in parallel", LaunchRequest{PortalURL: testPortal}, false},
		{"two new-customer sessions in parallel", LaunchRequest{Preset: "esim-new-customer", PortalURL: testPortal}, false},
		{"read-only configuration directory", LaunchRequest{PortalURL: testPortal}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			h := openT(t, dir, Options{Seed: seed(31)})
			before := fillESIM(t, h, simulator.ProfileCapacity-1)
			if tc.readOnly {
				ro, err := Open(dir, Options{Unwritable: &NotWritableError{Dir: filepath.Clean(dir), Err: unix.EROFS, advice: "remount"}})
				if err != nil {
					t.Fatal(err)
				}
				defer ro.Close()
				h = ro
			}
			cfg1, after1, first, err1 := sessionInstall(t, h, tc.req, 1)
			cfg2, after2, second, err2 := sessionInstall(t, h, tc.req, 2)
			if err1 != nil || err2 != nil {
				t.Fatalf("each session has room for one more: %v; %v", err1, err2)
			}
			if _, err := h.FinishSession(cfg1, session.Report{Device: &after1}); err != nil && !tc.readOnly {
				t.Fatalf("first session: %v", err)
			}
			saved, err := h.FinishSession(cfg2, session.Report{Device: &after2})
			if saved == tc.readOnly || !errors.Is(err, ErrProfileDidNotFit) || !strings.Contains(err.Error(), second) || !strings.Contains(err.Error(), "8 of its 8") {
				t.Fatalf("second session: FinishSession = %v, %v; want saved %v and ErrProfileDidNotFit naming %s and 8 of its 8", saved, err, !tc.readOnly, second)
			}
			d := h.SavedDevice()
			if d.ProfileCount() != simulator.ProfileCapacity {
				t.Fatalf("the saved eSIM holds %d profiles, want %d", d.ProfileCount(), simulator.ProfileCapacity)
			}
			if active, _ := d.ActiveProfile(); active.ICCID != first {
				t.Errorf("active profile %s, want the first session's %s", active.ICCID, first)
			}
			if n := len(d.LPAErrors); n != 1 || d.LPAErrors[0].Code != "InsufficientSpaceOnCard" || d.LPAErrors[0].ICCID != second {
				t.Errorf("LPA errors %+v, want one InsufficientSpaceOnCard for %s", d.LPAErrors, second)
			}
			if len(before.Profiles) != simulator.ProfileCapacity-1 {
				t.Errorf("fillESIM saved %d profiles", len(before.Profiles))
			}
		})
	}
}

// TestSessionConfigSaysWhenTheDeviceIsNotSaved: the session is told when
// the device it leaves is not saved (a read-only configuration directory,
// a view of another SIM kind, a matrix cell's device), so that its log does not promise that the
// next launch reports a failed download.
func TestSessionConfigSaysWhenTheDeviceIsNotSaved(t *testing.T) {
	dir := t.TempDir()
	rw := openT(t, dir, Options{Seed: seed(8)})
	ro, err := Open(dir, Options{Unwritable: &NotWritableError{Dir: dir, Err: unix.EROFS, advice: "remount"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	cell := openT(t, t.TempDir(), Options{Seed: seed(8), DeviceThrownAway: "a matrix cell's own device"})
	tests := []struct {
		name       string
		h          *Workspace
		req        LaunchRequest
		want       string
		wantMemory bool
	}{
		{"saved", rw, LaunchRequest{PortalURL: testPortal}, "", false},
		{"new customer, saved", rw, LaunchRequest{Preset: "esim-new-customer", PortalURL: testPortal}, "", false},
		{"read-only", ro, LaunchRequest{PortalURL: testPortal}, "read-only file system", true},
		{"view of another kind", rw, LaunchRequest{SIM: simulator.KindPSIM, PortalURL: testPortal}, "view for this session only", false},
		// A matrix cell's device goes with its directory: no later launch
		// (mpsim test's "installed … sent in iccids at the next launch").
		{"thrown away", cell, LaunchRequest{PortalURL: testPortal}, "a matrix cell's own device", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := tc.h.SessionConfig(tc.req, nil)
			if err != nil {
				t.Fatal(err)
			}
			if (tc.want == "") != (cfg.DeviceNotSaved == "") || !strings.Contains(cfg.DeviceNotSaved, tc.want) || cfg.DeviceKeptInMemory != tc.wantMemory {
				t.Errorf("DeviceNotSaved %q, in memory %v; want %q, %v", cfg.DeviceNotSaved, cfg.DeviceKeptInMemory, tc.want, tc.wantMemory)
			}
		})
	}
}
