package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// QA simfix: a deferred download (F4) still pending when the session ended
// was dropped without a word: no profile, nothing pending, no LPA error,
// the log ending at "deferredScheduled". The real app keeps it (closing
// the portal cancels nothing; only notifyOperationCancel does, F5): the
// session keeps it on the device, due on the wall clock for the simulated
// minutes the session did not run, and says so in its log.
func TestPendingDeferredDownloadIsKeptWhenTheSessionEnds(t *testing.T) {
	tests := []struct {
		name, activation, wantFailWith string
		wantKept                       bool
		wantLog                        string
	}{
		{name: "kept", wantKept: true, wantLog: "the first mpsim command or launch from then on downloads profile"},
		{name: "kept to fail", activation: "serverFailure", wantKept: true, wantFailWith: "ServerFailure", wantLog: "which fails with ServerFailure"},
		{name: "app-side failure", activation: "modemNotFound", wantLog: "fails then with modemNotFound"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Lifecycle.ClockSpeed = 60 // 30 simulated minutes: 30 s, far beyond the session
			cfg.Lifecycle.ActivationResult = tc.activation
			before := len(cfg.Device.Profiles)
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-9", json.RawMessage(metadataComplete), "1$smdp.contoso.example$ABCD-1234", 30))
				time.Sleep(200 * time.Millisecond)
				w.UserClose()
			}}
			start := time.Now()
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			end := time.Now()
			if rep.Device == nil || len(rep.Device.Profiles) != before || len(rep.Device.LPAErrors) != 0 {
				t.Fatalf("device after the session: %+v, want no new profile nor LPA error yet", rep.Device)
			}
			var log []string
			for _, e := range rep.Log {
				log = append(log, e.Text)
			}
			if last := log[len(log)-1]; !strings.Contains(last, "ended with its deferred download op-9 pending (F4)") || !strings.Contains(last, tc.wantLog) {
				t.Errorf("last log entry %q, want it to say the download is pending and %q", last, tc.wantLog)
			}
			if !tc.wantKept {
				if len(rep.Device.PendingDownloads) != 0 {
					t.Errorf("pending downloads %+v, want none", rep.Device.PendingDownloads)
				}
				return
			}
			if len(rep.Device.PendingDownloads) != 1 {
				t.Fatalf("pending downloads %+v, want one", rep.Device.PendingDownloads)
			}
			p := rep.Device.PendingDownloads[0]
			// 30 simulated minutes at ×60 less what the session ran, in real time.
			lo, hi := start.Add(30*time.Minute-time.Duration(60*end.Sub(start))), end.Add(30*time.Minute)
			if p.Due.Before(lo) || p.Due.After(hi) || p.DelayMinutes != 30 || p.OperationID != "op-9" || p.Operator != cfg.Operator.Name ||
				!cfg.Operator.OwnsICCID(p.ICCID) || p.ActivationCode != "1$smdp.contoso.example$ABCD-1234" || p.FailWith != tc.wantFailWith {
				t.Errorf("pending download %+v, want due between %s and %s, failing with %q", p, lo, hi, tc.wantFailWith)
			}
			// When it comes due, the app installs the profile the session would have.
			d := *rep.Device
			out := d.CompleteDueDownloads(p.Due)
			if len(out) != 1 || len(d.PendingDownloads) != 0 {
				t.Fatalf("CompleteDueDownloads = %+v, left %+v", out, d.PendingDownloads)
			}
			if tc.wantFailWith == "" {
				if a, ok := d.ActiveProfile(); !ok || a.ICCID != p.ICCID || !out[0].Installed {
					t.Errorf("after the offer: active %+v, outcome %+v", a, out[0])
				}
			} else if l := d.OperatorLPAErrors(cfg.Operator); len(l) != 1 || l[0].Code != tc.wantFailWith || l[0].ICCID != p.ICCID {
				t.Errorf("after the offer: LPA errors %+v", d.LPAErrors)
			}
		})
	}
}

// A deferred download cancelled in time (F5) or already offered is not
// kept: nothing is pending any more.
func TestCancelledDeferredDownloadIsNotKept(t *testing.T) {
	cfg := lifecycleConfig(t)
	cfg.Lifecycle.ClockSpeed = 60
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-7", json.RawMessage(metadataComplete), "1$smdp.contoso.example$ABCD-1234", 30))
		w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyOperationCancel", "", map[string]string{"Id": "op-7"}))
		time.Sleep(200 * time.Millisecond)
		w.UserClose()
	}}
	rep, err := session.Run(context.Background(), opener, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Device == nil || len(rep.Device.PendingDownloads) != 0 {
		t.Errorf("device %+v, want nothing pending", rep.Device)
	}
}
