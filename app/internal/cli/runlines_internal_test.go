package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

const linesPortal = "https://portal.example/"

// saveProfiles saves h's eSIM holding n profiles of its operator.
func saveProfiles(t *testing.T, h *workspace.Workspace, n int) {
	t.Helper()
	if err := h.SaveDevice(sessiontest.FillESIM(t, h.SavedDevice(), h.Operator, n)); err != nil {
		t.Fatal(err)
	}
}

// legacyPurchase is the envelope of a legacy eSIM hand-back (F1) of plan
// that downloads the profile iccid.
func legacyPurchase(t *testing.T, plan workspace.Plan, iccid string) string {
	return sessiontest.LegacyPurchase(t, plan.Config.Token, plan.Config.Expect.TransactionID, linesPortal+"done", iccid)
}

// TestRunSaysWhatBecameOfTheDownload: mpsim run's standard error has the
// warning line of a profile that did not fit on the saved eSIM
// (workspace.ErrProfileDidNotFit, another session filled it meanwhile) and
// the report's end note (session.Report.EndNote) of a download that
// failed (onto a full eSIM, with --activation-result, or not fitting at
// the end), each in full, and no warning when the device was saved whole; the report file and the history say the same.
// Before, neither line had a test, and the report and the history entry of
// a profile that did not fit said it was installed.
func TestRunSaysWhatBecameOfTheDownload(t *testing.T) {
	tests := []struct {
		name string
		// before is how many profiles the saved eSIM holds when the
		// session starts; filled: another session adds one meanwhile.
		before      int
		filled      bool
		activation  string // the download's result (--activation-result)
		wantWarning bool
		wantNote    string // %s: the profile's ICCID
	}{
		{"the eSIM was full", simulator.ProfileCapacity, false, "", false,
			"mpsim run: the profile download failed with insufficientSpaceOnCard (the simulated eSIM is full: it holds 8 of its 8 profiles; mpsim device remove-profile --iccid ICCID makes room)"},
		{"the download failed", 1, false, "serverFailure", false,
			"mpsim run: the profile download failed with serverFailure"},
		{"another session filled the eSIM", simulator.ProfileCapacity - 1, true, "", true,
			"mpsim run: the profile download failed with insufficientSpaceOnCard (profile %s did not fit on the saved eSIM when the session ended (it holds 8 of its 8 profiles), although the page was told it was installed)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			n := int64(31)
			h, err := workspace.Open(filepath.Join(dir, "config"), workspace.Options{Seed: &n})
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close()
			saveProfiles(t, h, tc.before)
			store := &history.Store{Dir: filepath.Join(dir, "history")}
			iccid := h.SavedDevice().FailedDownloadICCID(h.Operator, simulator.NewGenerator(99))
			var plan workspace.Plan
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				if tc.filled {
					saveProfiles(t, h, simulator.ProfileCapacity)
				}
				w.Envelope(legacyPurchase(t, plan, iccid))
			}}
			runner := workspace.Runner{Workspace: h, Opener: opener, Recorder: recorderOf(store, history.SourceRun)}
			plan, err = h.Plan(workspace.Request{Launch: workspace.LaunchRequest{PortalURL: linesPortal}.Defaults(), Lifecycle: session.Lifecycle{ActivationResult: tc.activation}, Timeout: 5 * time.Second, Token: "tok", ScreenshotDir: "-"})
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			env := Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			o := &runOptions{reportPath: filepath.Join(dir, "report.json")}
			if _, code, _ := runOnce(context.Background(), runner, plan, o, env, false); code == ExitUsage {
				t.Fatalf("runOnce = %d: %s", code, stderr.String())
			}
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			note := tc.wantNote
			if strings.Contains(note, "%s") {
				note = fmt.Sprintf(note, iccid)
			}
			warning := "mpsim run: warning: " + (&workspace.ProfileDidNotFitError{ICCIDs: []string{iccid}, Capacity: "it holds 8 of its 8 profiles", Rest: "the session's other changes were saved"}).Error()
			has := func(want string) bool {
				for _, l := range lines {
					if l == want {
						return true
					}
				}
				return false
			}
			if !has(note) {
				t.Errorf("standard error has no line\n%s\nit is:\n%s", note, stderr.String())
			}
			if has(warning) != tc.wantWarning {
				t.Errorf("the warning line\n%s\nis there: %v, want %v; standard error:\n%s", warning, has(warning), tc.wantWarning, stderr.String())
			}
			b, err := os.ReadFile(o.reportPath)
			if err != nil {
				t.Fatal(err)
			}
			var written session.Report
			if err := json.Unmarshal(b, &written); err != nil {
				t.Fatal(err)
			}
			entries, _, err := store.List()
			if err != nil || len(entries) != 1 {
				t.Fatalf("the history holds %d entries (%v), want 1", len(entries), err)
			}
			saved, err := store.Report(entries[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			for name, rep := range map[string]session.Report{"report file": written, "history": saved} {
				if got := "mpsim run: " + rep.EndNote(); got != note {
					t.Errorf("%s: end note\n%s\nwant\n%s", name, got, note)
				}
			}
		})
	}
}
