package session_test

import (
	"encoding/json"
	"slices"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// TestCodeOfAHiddenProfileInstallsNoSecond: a profile an activation code
// installed that the session's view hides (simulator.Device.Hidden, the
// operator's profiles --preset esim-new-customer leaves out of the
// launch) is on the eSIM all the same: a download with that code, inline
// (F3) or legacy (F1), installs no second profile (contract §2.6: one
// code, one profile), activates that one, whose ICCID the listener names
// (§2.5), and shows it in the view from then on. Until 2026-12-08 the
// code's profile was looked for among the visible profiles only, and a
// second profile was installed.
func TestCodeOfAHiddenProfileInstallsNoSecond(t *testing.T) {
	const code = "1$smdp.contoso.example$HIDDEN-1"
	tests := []struct {
		name   string
		legacy bool
	}{
		{"inline download", false},
		{"legacy hand-back", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			hidden := simulator.Profile{ICCID: cfg.Device.CodeProfileICCID(cfg.Operator, code), Operator: cfg.Operator.Name, State: simulator.ProfileInstalled, ActivationCode: code}
			if err := cfg.Device.InstallProfile(hidden); err != nil {
				t.Fatal(err)
			}
			cfg.Device = simulator.WithoutOperatorProfiles(cfg.Device, cfg.Operator)
			cfg.Expect.ICCIDs, cfg.Expect.OperatorICCIDs = []string{}, []string{}
			if len(cfg.Device.Profiles) != 0 || len(cfg.Device.Hidden) != 2 {
				t.Fatalf("view %+v, want both profiles hidden", cfg.Device)
			}
			var rep session.Report
			if tc.legacy {
				rep = runUntilEnd(t, cfg, envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/buy", legacyPayloadWith(t, "", code)))
			} else {
				rep = runInline(t, cfg, inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), code), 2)
				if got := firstCallbackArgs(t, rep)["iccid"]; got != hidden.ICCID {
					t.Errorf("activation listener names %q, want the code's profile %s", got, hidden.ICCID)
				}
			}
			if rep.Device == nil {
				t.Fatal("report has no device")
			}
			if n := rep.Device.ProfileCount(); n != 2 {
				t.Errorf("the eSIM holds %d profiles, want 2 (no second profile for the code); view %+v, hidden %+v", n, rep.Device.Profiles, rep.Device.Hidden)
			}
			i := slices.IndexFunc(rep.Device.Profiles, func(p simulator.Profile) bool { return p.ICCID == hidden.ICCID })
			if i < 0 || rep.Device.Profiles[i].State != simulator.ProfileActive {
				t.Errorf("view %+v: want the code's profile %s shown and active", rep.Device.Profiles, hidden.ICCID)
			}
		})
	}
}
