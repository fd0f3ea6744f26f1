package workspace

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/simulator"
)

// fakeRecorder is a Recorder that keeps the reports it was given; as a
// replacingRecorder it is a Replacer too.
type fakeRecorder struct {
	mu       sync.Mutex
	recorded []session.Report
	replaced []string // the IDs replaced
}

func (f *fakeRecorder) Record(_ Plan, rep session.Report) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.recorded = append(f.recorded, rep)
	return "id-" + string(rune('0'+len(f.recorded))), nil
}

type replacingRecorder struct{ *fakeRecorder }

func (f replacingRecorder) Replace(id string, plan Plan, rep session.Report) (string, error) {
	f.mu.Lock()
	f.replaced = append(f.replaced, id)
	f.mu.Unlock()
	return f.Record(plan, rep)
}

// legacyBuy is the envelope of a legacy eSIM hand-back (F1) of plan that
// downloads the profile iccid.
func legacyBuy(t *testing.T, plan Plan, iccid string) string {
	return sessiontest.LegacyPurchase(t, plan.Config.Token, plan.Config.Expect.TransactionID, testPortal+"done", iccid)
}

// TestTheReportSaysWhenTheProfileDidNotFit: a session that installed a
// profile in its view of an eSIM with room for one more, while another
// session filled the saved eSIM, is left off the saved eSIM when it ends
// (ErrProfileDidNotFit); its report, its files (Runner.Write) and its
// history entry then say the download failed with insufficientSpaceOnCard
// (DownloadFailure, EndNote, a lifecycle entry), written again after the
// merge, the history entry replaced when the Recorder can (Replacer); in a
// read-only configuration directory too, where the eSIM in memory was
// filled. A
// session whose profile fits writes each once and says it installed.
// Before, the report and the entry written beside the merge said the
// download succeeded.
func TestTheReportSaysWhenTheProfileDidNotFit(t *testing.T) {
	tests := []struct {
		name         string
		filled       bool // another session fills the saved eSIM meanwhile
		replacer     bool
		readOnly     bool // the configuration directory is read-only
		wantWrites   int
		wantRecorded int
	}{
		{"fits", false, true, false, 1, 1},
		{"did not fit, the history replaced", true, true, false, 2, 2},
		{"did not fit, a recorder that cannot replace", true, false, false, 2, 1},
		{"did not fit, read-only configuration directory", true, true, true, 2, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			h := openT(t, dir, Options{Seed: seed(31)})
			fillESIM(t, h, simulator.ProfileCapacity-1)
			if tc.readOnly {
				ro, err := Open(dir, Options{Unwritable: &NotWritableError{Dir: filepath.Clean(dir), Err: unix.EROFS, advice: "remount"}})
				if err != nil {
					t.Fatal(err)
				}
				defer ro.Close()
				h = ro
			}
			rec := &fakeRecorder{}
			var recorder Recorder = rec
			if tc.replacer {
				recorder = replacingRecorder{rec}
			}
			var written []session.Report
			var plan Plan
			iccid := h.SavedDevice().FailedDownloadICCID(h.Operator, simulator.NewGenerator(99))
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				if tc.filled {
					cfg, after, _, err := sessionInstall(t, h, LaunchRequest{PortalURL: testPortal}, 1)
					if err != nil {
						t.Error(err)
					}
					if _, err := h.FinishSession(cfg, session.Report{Device: &after}); err != nil && !tc.readOnly {
						t.Error(err)
					}
				}
				w.Envelope(legacyBuy(t, plan, iccid))
			}}
			r := Runner{Workspace: h, Opener: opener, Recorder: recorder, Write: func(rep session.Report) error {
				written = append(written, rep)
				return nil
			}}
			var err error
			plan, err = r.Plan(Request{Launch: LaunchRequest{PortalURL: testPortal}.Defaults(), Timeout: 5 * time.Second, Token: "tok", ScreenshotDir: "-"})
			if err != nil {
				t.Fatal(err)
			}
			out, err := r.Run(context.Background(), plan, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(written) != tc.wantWrites || len(rec.recorded) != tc.wantRecorded {
				t.Fatalf("written %d times, recorded %d; want %d and %d", len(written), len(rec.recorded), tc.wantWrites, tc.wantRecorded)
			}
			if written[0].DownloadFailure != nil || rec.recorded[0].DownloadFailure != nil {
				t.Errorf("the files or the history written beside the merge already say the download failed")
			}
			note := out.Report.EndNote()
			if !tc.filled {
				if out.DeviceSaveErr != nil || note != "" || out.HistoryID != "id-1" {
					t.Errorf("a profile that fits: save error %v, end note %q, history %q", out.DeviceSaveErr, note, out.HistoryID)
				}
				if active, _ := h.SavedDevice().ActiveProfile(); active.ICCID != iccid {
					t.Errorf("the saved device's active profile is %s, want the session's %s", active.ICCID, iccid)
				}
				return
			}
			if out.DeviceSaved == tc.readOnly || !errors.Is(out.DeviceSaveErr, ErrProfileDidNotFit) {
				t.Fatalf("outcome: saved %v, %v; want saved %v with ErrProfileDidNotFit", out.DeviceSaved, out.DeviceSaveErr, !tc.readOnly)
			}
			last := written[len(written)-1]
			for name, rep := range map[string]session.Report{"outcome": out.Report, "files": last, "history": rec.recorded[len(rec.recorded)-1]} {
				if !tc.replacer && name == "history" {
					continue
				}
				f := rep.DownloadFailure
				if f == nil || f.Result != "insufficientSpaceOnCard" || !strings.Contains(f.Detail, iccid) || !strings.Contains(f.Detail, "8 of its 8") {
					t.Errorf("%s: download failure %+v; want insufficientSpaceOnCard naming %s and the full eSIM", name, f, iccid)
				}
				if d := rep.Device; d == nil || slices.ContainsFunc(d.Profiles, func(p simulator.Profile) bool { return p.ICCID == iccid }) ||
					!slices.ContainsFunc(d.LPAErrors, func(e simulator.LPAError) bool { return e.ICCID == iccid }) {
					t.Errorf("%s: the report's device %+v still holds profile %s or lacks its LPA error", name, d, iccid)
				}
				end := rep.Log[len(rep.Log)-1]
				if end.Lifecycle == nil || end.Lifecycle.Step != session.StepDownloadFailed || end.Lifecycle.ICCID != iccid {
					t.Errorf("%s: the log ends with %+v; want the failed download of %s", name, end, iccid)
				}
			}
			if !strings.HasPrefix(note, "the profile download failed with insufficientSpaceOnCard (profile "+iccid) {
				t.Errorf("EndNote = %q", note)
			}
			if out.Report.Verdict != written[0].Verdict {
				t.Errorf("verdict %s, written beside the merge %s: the portal did nothing wrong", out.Report.Verdict, written[0].Verdict)
			}
			wantID, wantReplaced := "id-1", 0
			if tc.replacer {
				wantID, wantReplaced = "id-2", 1
			}
			if out.HistoryID != wantID || len(rec.replaced) != wantReplaced || out.HistoryErr != nil || out.WriteErr != nil {
				t.Errorf("history %q (replaced %v, %v), write %v; want %s", out.HistoryID, rec.replaced, out.HistoryErr, out.WriteErr, wantID)
			}
		})
	}
}
