package session_test

import (
	"encoding/json"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// TestFailedDownloadLineSaysWhetherTheDeviceIsSaved: the log line of a
// failed download promises that the next launch carries
// X-MP-LPAError-Codes only when the device is saved
// (Config.DeviceNotSaved); before, a read-only configuration directory's
// session promised it too.
func TestFailedDownloadLineSaysWhetherTheDeviceIsSaved(t *testing.T) {
	tests := []struct {
		name     string
		notSaved string
		inMemory bool
		want     string
	}{
		{"saved", "", false, "the next launch carries X-MP-LPAError-Codes: InsufficientSpaceOnCard"},
		{"read-only", "configuration directory /x is not writable", true, "the device is not saved (configuration directory /x is not writable), so only a later launch of this command or window carries X-MP-LPAError-Codes: InsufficientSpaceOnCard"},
		{"view", "a view", false, "the device is not saved (a view), so no later launch carries X-MP-LPAError-Codes: InsufficientSpaceOnCard"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.DeviceNotSaved, cfg.DeviceKeptInMemory = tc.notSaved, tc.inMemory
			g := simulator.NewGenerator(5)
			for !cfg.Device.Full() {
				if err := cfg.Device.InstallProfile(simulator.Profile{ICCID: g.ICCID(cfg.Operator), Operator: cfg.Operator.Name}); err != nil {
					t.Fatal(err)
				}
			}
			args := []any{json.RawMessage(metadataComplete), "1$smdp.contoso.example$FULL-1"}
			rep := runInline(t, cfg, inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", args...), 1)
			var line string
			for _, e := range rep.Log {
				if e.Lifecycle != nil && e.Lifecycle.Step == session.StepDownloadFailed {
					line = e.Text
				}
			}
			if !strings.HasSuffix(line, tc.want) {
				t.Errorf("download-failed line %q, want it to end %q", line, tc.want)
			}
			if tc.notSaved != "" && strings.Contains(line, "the next launch carries") {
				t.Errorf("download-failed line %q promises the next launch", line)
			}
		})
	}
}
