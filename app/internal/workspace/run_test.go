package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator"
)

func TestLaunchRequestValidate(t *testing.T) {
	tests := []struct {
		name    string
		req     LaunchRequest
		wantErr string
	}{
		{"defaults", LaunchRequest{}.Defaults(), ""},
		{"https portal", LaunchRequest{PortalURL: "https://portal.example/buy"}, ""},
		{"loopback http portal", LaunchRequest{PortalURL: "http://127.0.0.1:8080/"}, ""},
		{"ftp portal", LaunchRequest{PortalURL: "ftp://portal.example/"}, "give an https://"},
		{"no host", LaunchRequest{PortalURL: "https:///path"}, "has no host"},
		{"relative", LaunchRequest{PortalURL: "portal.example"}, "give an https://"},
		// WebKit refuses these ports without a load failure (an empty page
		// instead): refused here, before any window, with the reason.
		{"blocked port", LaunchRequest{PortalURL: "https://127.0.0.1:6000/"}, "port 6000 is one browsers refuse to connect to"},
		{"port 1", LaunchRequest{PortalURL: "https://127.0.0.1:1/"}, "serve the portal on another port"},
		{"bad SIM", LaunchRequest{SIM: "dual"}, `SIM kind "dual"`},
		{"bad generation", LaunchRequest{Generation: "2017"}, `generation "2017"`},
		{"bad language", LaunchRequest{Languages: []string{"not a tag!"}}, "languages:"},
		{"nameless extra", LaunchRequest{Extra: []simulator.Param{{Name: " ", Value: "1"}}}, "has no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate() = %v, want it to say %q", err, tt.wantErr)
			}
		})
	}
}

// TestRunnerOpensThePlannedLaunch: the launch a plan shows is the launch the
// window opens, and a finished session saves the device it left.
func TestRunnerOpensThePlannedLaunch(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(3)})
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }}
	r := Runner{Workspace: h, Opener: opener}
	plan, err := r.Plan(Request{
		Launch:      LaunchRequest{PortalURL: testPortal}.Defaults(),
		NotifyHosts: []string{"notify.example"}, Timeout: time.Minute, Placed: true, X: 5, Y: 6, Token: "tok",
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Run(context.Background(), plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	spec := opener.Windows()[0].Spec
	if spec.URL != plan.Config.Launch.URL || out.Report.Launch.URL != plan.Config.Launch.URL {
		t.Errorf("opened %q, reported %q, planned %q", spec.URL, out.Report.Launch.URL, plan.Config.Launch.URL)
	}
	if spec.X != 5 || spec.Y != 6 || plan.Config.AllowedHosts[0] != "notify.example" || plan.Config.Token != "tok" {
		t.Errorf("the request did not reach the session: spec %+v, config %+v", spec, plan.Config)
	}
	if out.Report.Ended != session.EndedClosed || !out.DeviceSaved || out.DeviceSaveErr != nil {
		t.Errorf("outcome = ended %q, saved %v, %v", out.Report.Ended, out.DeviceSaved, out.DeviceSaveErr)
	}
	if plan.Demo || out.Report.Server != nil {
		t.Errorf("an own portal got demo server observations")
	}
}

func TestPlanRefusesBadInput(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(3)})
	for name, req := range map[string]Request{
		"ftp portal":                {Launch: LaunchRequest{PortalURL: "ftp://x/"}},
		"negative timeout":          {Launch: LaunchRequest{PortalURL: testPortal}, Timeout: -time.Second},
		"unknown preset":            {Launch: LaunchRequest{PortalURL: testPortal, Preset: "nope"}},
		"compare without recording": {Launch: LaunchRequest{PortalURL: testPortal}, CompareLanguages: []string{"fr-FR"}, NoInspect: true},
		"compare bad language":      {Launch: LaunchRequest{PortalURL: testPortal}, CompareLanguages: []string{"fr FR"}},
	} {
		if _, err := h.Plan(req); err == nil {
			t.Errorf("%s: Plan accepted it", name)
		}
	}
}

// TestRunnerComparesLanguages: with CompareLanguages the runner first runs
// the same launch in those languages, in a window of the CompareOpener, and
// the session's report keeps that run for the audit.
func TestRunnerComparesLanguages(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(3)})
	main := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }}
	other := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }}
	r := Runner{Workspace: h, Opener: main, CompareOpener: other}
	plan, err := r.Plan(Request{Launch: LaunchRequest{PortalURL: testPortal}.Defaults(), CompareLanguages: []string{"fr-FR", "fr"}, ScreenshotDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Run(context.Background(), plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(main.Windows()) != 1 || len(other.Windows()) != 1 {
		t.Fatalf("%d main windows, %d comparison windows; want 1 and 1", len(main.Windows()), len(other.Windows()))
	}
	spec := other.Windows()[0].Spec
	if spec.URL != plan.Config.Launch.URL || !slices.Equal(spec.Languages, []string{"fr-FR", "fr"}) || spec.ScreenshotDir != "" {
		t.Errorf("comparison window spec = %+v; want the same launch in fr-FR, fr, without screenshots", spec)
	}
	if got := main.Windows()[0].Spec.Languages; slices.Equal(got, spec.Languages) {
		t.Errorf("the main window got the comparison's languages %v", got)
	}
	c := out.Report.Compare
	if c == nil || !slices.Equal(c.Languages, []string{"fr-FR", "fr"}) || c.Ended != session.EndedClosed || c.Error != "" {
		t.Errorf("report compare = %+v; want the fr-FR run, ended closed", c)
	}
}

// TestRunnerComparesOnlyWithItsOpener: without a CompareOpener (the host
// window) the comparison languages open no second window.
func TestRunnerComparesOnlyWithItsOpener(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(3)})
	main := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }}
	r := Runner{Workspace: h, Opener: main}
	plan, err := r.Plan(Request{Launch: LaunchRequest{PortalURL: testPortal}.Defaults(), CompareLanguages: []string{"fr-FR"}, ScreenshotDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Run(context.Background(), plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(main.Windows()) != 1 || out.Report.Compare != nil {
		t.Errorf("%d windows, compare %+v; want 1 window and no comparison", len(main.Windows()), out.Report.Compare)
	}
}

// meetingRecorder is a Recorder that waits, up to a second, for the
// Runner's Write to start too.
type meetingRecorder struct {
	recorded, written chan struct{}
	met               bool
	rep               session.Report
}

func (m *meetingRecorder) Record(_ Plan, rep session.Report) (string, error) {
	m.rep = rep
	close(m.recorded)
	select {
	case <-m.written:
		m.met = true
	case <-time.After(time.Second):
	}
	return "id-1", nil
}

// TestRunnerSavesTheHistoryAndFilesTogether: once the window has closed,
// the history and the session's own files (Runner.Write) are saved at the
// same time, with the device, and each outcome comes back.
func TestRunnerSavesTheHistoryAndFilesTogether(t *testing.T) {
	for _, tc := range []struct {
		name     string
		writeErr error
	}{
		{"written", nil},
		{"write failed", errors.New("disk full")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := openT(t, t.TempDir(), Options{Seed: seed(3)})
			rec := &meetingRecorder{recorded: make(chan struct{}), written: make(chan struct{})}
			var writtenRep session.Report
			var metRecorder bool
			r := Runner{
				Workspace: h, Opener: &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }},
				Recorder: rec,
				Write: func(rep session.Report) error {
					writtenRep = rep
					close(rec.written)
					select {
					case <-rec.recorded:
						metRecorder = true
					case <-time.After(time.Second):
					}
					return tc.writeErr
				},
			}
			plan, err := r.Plan(Request{Launch: LaunchRequest{PortalURL: testPortal}.Defaults(), Timeout: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			out, err := r.Run(context.Background(), plan, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !rec.met || !metRecorder {
				t.Errorf("the history and the files were saved one after the other (recorder saw the write: %v, write saw the recorder: %v)", rec.met, metRecorder)
			}
			if out.HistoryID != "id-1" || out.HistoryErr != nil || !errors.Is(out.WriteErr, tc.writeErr) || !out.DeviceSaved {
				t.Errorf("outcome: history %q %v, write %v, device saved %v", out.HistoryID, out.HistoryErr, out.WriteErr, out.DeviceSaved)
			}
			if rec.rep.Launch.URL != plan.Config.Launch.URL || writtenRep.Launch.URL != plan.Config.Launch.URL {
				t.Errorf("saved the launches %q and %q, want %q", rec.rep.Launch.URL, writtenRep.Launch.URL, plan.Config.Launch.URL)
			}
		})
	}
}

// TestPlanKnowsTheLaunchedICCID: a negative preset breaks the physical
// SIM's iccid in the launch; a portal that echoes what it was launched with
// is not told the ICCID is not the device's SIM (iccid-not-on-device).
func TestPlanKnowsTheLaunchedICCID(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(3)})
	for _, preset := range []string{"bad-iccid-check-digit", "iccid-padding-not-stripped"} {
		plan, err := h.Plan(Request{Launch: LaunchRequest{PortalURL: testPortal, Preset: preset}})
		if err != nil {
			t.Fatalf("%s: %v", preset, err)
		}
		launched, _ := plan.Config.Launch.Param("iccid")
		payload := fmt.Sprintf(`{"ver":"1","success":true,"iccid":%q,"transactionId":%q,"purchaseResult":"{\"userAccount\":\"New\",\"purchaseInstrument\":\"New\",\"line\":\"Existing\",\"moDirectStatus\":\"Complete\",\"planName\":\"P\"}"}`,
			strings.TrimRight(launched, "F"), plan.Config.Expect.TransactionID)
		arg, _ := json.Marshal(payload) // the page passes the JSON text
		_, findings := bridge.DecodeLegacy(arg, plan.Config.Expect)
		for _, f := range findings {
			if f.Code == bridge.CodeICCIDNotOnDevice {
				t.Errorf("%s: echoing the launched iccid %s gave %s: %s", preset, launched, f.Code, f.Message)
			}
		}
	}
}

// TestSaveFailureSaysHowToMakeRoom: a save that failed on a full disk says
// how to make room, as retention removes old sessions only after a save
// (crowd QA: a full history volume kept its oldest sessions for good);
// other failures are told as they are.
func TestSaveFailureSaysHowToMakeRoom(t *testing.T) {
	full := fmt.Errorf("history: save: %w", &os.PathError{Op: "write", Path: "report.json", Err: syscall.ENOSPC})
	if got := SaveFailure(full); !strings.Contains(got, "no space left on device (free space on that disk, or make room with `mpsim history prune --keep N`") {
		t.Errorf("full disk: %q", got)
	}
	if got := SaveFailure(errors.New("history: save: permission denied")); got != "history: save: permission denied" {
		t.Errorf("other: %q", got)
	}
}

// TestPlanPassesTheAllowedHosts: --allow-host reaches the session whether
// or not the walled garden is on (the no-popups policy counts those hosts as
// the purchase's own), and with it they are in the garden too.
func TestPlanPassesTheAllowedHosts(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(3)})
	for _, walled := range []bool{false, true} {
		plan, err := h.Plan(Request{Launch: LaunchRequest{PortalURL: testPortal}, WalledGarden: walled, AllowHosts: []string{"idp.example"}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(plan.Config.AllowHosts, []string{"idp.example"}) {
			t.Errorf("walled garden %v: session's allowed hosts %v, want [idp.example]", walled, plan.Config.AllowHosts)
		}
		if got := slices.Contains(plan.Config.WalledGarden, "idp.example"); got != walled {
			t.Errorf("walled garden %v: idp.example in the garden %v", walled, got)
		}
	}
}
