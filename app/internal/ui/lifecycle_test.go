package ui

import (
	"encoding/json"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/session"
)

// The eSIM lifecycle tab shows no progress bar for a download or an
// activation that failed: a full bar in the accent colour under
// "Activation failed: serverFailure" read as a success (found by GUI QA on
// a reopened session). A new session shows it again.
func TestLifecycleHidesTheBarOfAFailure(t *testing.T) {
	at := time.Date(2026, 12, 7, 21, 34, 17, 0, time.UTC)
	started := session.LogEntry{At: at, Kind: session.KindLifecycle, Lifecycle: &session.LifecycleEvent{Step: session.StepDownloadStarted}}
	done := session.LogEntry{At: at, Kind: session.KindLifecycle, Lifecycle: &session.LifecycleEvent{Step: session.StepDownloadProgress, Fraction: 1}}
	activation := func(res string) session.LogEntry {
		return session.LogEntry{At: at, Kind: session.KindCallback, Callback: &session.CallbackRecord{
			Listener: "profileActivationComplete", Args: json.RawMessage(`{"activationResult":"` + res + `","iccid":"8988247000132117509"}`), At: at}}
	}
	tests := []struct {
		name    string
		entries []session.LogEntry
		bar     bool
	}{
		{"activation failed", []session.LogEntry{started, done, activation("serverFailure")}, false},
		{"download failed", []session.LogEntry{started, {At: at, Kind: session.KindLifecycle, Lifecycle: &session.LifecycleEvent{Step: session.StepDownloadFailed}}}, false},
		{"installed", []session.LogEntry{started, done, activation("success"),
			{At: at, Kind: session.KindLifecycle, Lifecycle: &session.LifecycleEvent{Step: session.StepProfileInstalled}}}, true},
		{"downloading", []session.LogEntry{started}, true},
	}
	test.NewTempApp(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newLifecyclePanel()
			test.NewTempWindow(t, p.buildUI())
			p.load(tt.entries)
			if got := p.progress.Visible(); got != tt.bar {
				t.Errorf("stage %q: progress bar shown %v, want %v", p.stage.Text, got, tt.bar)
			}
			p.reset()
			if !p.progress.Visible() {
				t.Error("a new session shows no progress bar")
			}
		})
	}
}
