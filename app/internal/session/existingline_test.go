package session_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator"
)

// TestExistingLinePurchase: a legacy hand-back without an activation code
// naming a profile of the operator on the eSIM (F2) downloads nothing; the
// profile it names, "the ICCID the client must use" (contract §2.7),
// becomes the active one when it was not, and the log says so. Before, a
// purchase onto a profile left inactive (its active one removed with mpsim
// device remove-profile) went through silently with no profile active.
// The session leaves its Config.Device as it was, so that the host sees
// the switch and saves it.
func TestExistingLinePurchase(t *testing.T) {
	tests := []struct {
		name       string
		named      int  // the profile the hand-back names
		noneActive bool // the active profile was removed
		want       string
	}{
		{"the active profile", 0, false, "plan bought for the active profile"},
		{"an inactive profile", 1, false, "which was installed but not active (profile "},
		{"no profile active", 1, true, "which was installed but not active (no profile was active)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			g := simulator.NewGenerator(21)
			if err := cfg.Device.InstallProfile(simulator.Profile{ICCID: g.ICCID(cfg.Operator), Operator: cfg.Operator.Name}); err != nil {
				t.Fatal(err)
			}
			if tc.noneActive {
				if err := cfg.Device.RemoveProfile(cfg.Device.Profiles[0].ICCID); err != nil {
					t.Fatal(err)
				}
			}
			named := cfg.Device.Profiles[min(tc.named, len(cfg.Device.Profiles)-1)].ICCID
			cfg.Expect.OperatorICCIDs = cfg.Device.OperatorICCIDs(cfg.Operator)
			payload, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": named, "activationCode": "", "transactionId": "tx1",
				"purchaseResult": `{"userAccount":"Existing","purchaseInstrument":"New","line":"Existing","moDirectStatus":"Complete","planName":"MyPlan"}`})
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "mpsim:firstPaint", "https://portal.example/buy"))
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/buy", string(payload)))
			}}
			given := slices.Clone(cfg.Device.Profiles)
			rep, err := session.Run(t.Context(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			// The host saves what changed from cfg.Device to rep.Device:
			// the session must not change the device it was given.
			if !slices.Equal(cfg.Device.Profiles, given) {
				t.Errorf("the session changed its Config.Device: %+v, was %+v", cfg.Device.Profiles, given)
			}
			if rep.Verdict != bridge.VerdictPass {
				t.Errorf("verdict %s; findings %+v", rep.Verdict, rep.Findings)
			}
			if rep.Device == nil {
				t.Fatal("no device in the report")
			}
			if active, ok := rep.Device.ActiveProfile(); !ok || active.ICCID != named {
				t.Errorf("active profile %+v (%v), want %s", active, ok, named)
			}
			if len(rep.Device.Profiles) != len(cfg.Device.Profiles) {
				t.Errorf("%d profiles after F2, want %d: nothing is downloaded", len(rep.Device.Profiles), len(cfg.Device.Profiles))
			}
			if !strings.Contains(logText(rep), tc.want) {
				t.Errorf("log does not say %q:%s", tc.want, logText(rep))
			}
		})
	}
}
