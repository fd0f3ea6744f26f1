package workspace

import (
	"context"
	"slices"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// TestOneCodeOneProfileUnderTheNewCustomerPreset: one activation code
// gives one profile (contract §2.6, docs/fidelity.md), also when
// --preset esim-new-customer hides the profile the code installed in an
// earlier session from this session's view (simulator.Device.Hidden, the
// operator's profiles left out of the launch). A second legacy hand-back
// with the same code installs nothing more: it names the code's profile,
// which the app activates again, and a hand-back naming another iccid for
// it gets handback-iccid-not-codes-profile. Until 2026-12-08 the second
// session installed a second profile with the same code (the one the
// hand-back named, or another drawn from the code) and passed, and
// FinishSession saved both.
func TestOneCodeOneProfileUnderTheNewCustomerPreset(t *testing.T) {
	const code = "1$smdp.contoso.example$ABCD-1234" // sessiontest.LegacyPurchase's
	tests := []struct {
		name        string
		secondICCID string // the second hand-back's iccid
		wantFinding bool
	}{
		{"the second hand-back names no iccid", "", false},
		{"the second hand-back names another iccid", "8900000000000000001", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := openT(t, t.TempDir(), Options{Seed: seed(7)})
			buy := func(iccid string) session.Report {
				t.Helper()
				var plan Plan
				opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Envelope(legacyBuy(t, plan, iccid)) }}
				r := Runner{Workspace: h, Opener: opener, Write: func(session.Report) error { return nil }}
				var err error
				plan, err = r.Plan(Request{Launch: LaunchRequest{Preset: "esim-new-customer", PortalURL: testPortal}.Defaults(), Timeout: 5 * time.Second, Token: "tok", ScreenshotDir: "-"})
				if err != nil {
					t.Fatal(err)
				}
				if len(plan.Config.Device.Hidden) == 0 {
					t.Fatalf("the new customer's view hides none of the saved eSIM's profiles: %+v", plan.Config.Device)
				}
				out, err := r.Run(context.Background(), plan, nil)
				if err != nil {
					t.Fatal(err)
				}
				if out.DeviceSaveErr != nil || !out.DeviceSaved {
					t.Fatalf("device saved %v: %v", out.DeviceSaved, out.DeviceSaveErr)
				}
				return out.Report
			}
			withCode := func() []string {
				var out []string
				for _, p := range h.SavedDevice().Profiles {
					if p.ActivationCode == code {
						out = append(out, p.ICCID)
					}
				}
				return out
			}
			buy("")
			if got := withCode(); len(got) != 1 {
				t.Fatalf("the first purchase installed %v with the code", got)
			}
			installed := withCode()[0]
			second := buy(tc.secondICCID)
			if got := withCode(); !slices.Equal(got, []string{installed}) {
				t.Errorf("profiles with the code %s: %v, want only the first purchase's %s", code, got, installed)
			}
			if active, _ := h.SavedDevice().ActiveProfile(); active.ICCID != installed {
				t.Errorf("active profile %s, want the code's %s, which the app activated again", active.ICCID, installed)
			}
			found := slices.ContainsFunc(second.Findings, func(f bridge.Finding) bool { return f.Code == bridge.CodeHandbackICCIDNotCodesProfile })
			if found != tc.wantFinding {
				t.Errorf("%s found %v, want %v; findings %+v", bridge.CodeHandbackICCIDNotCodesProfile, found, tc.wantFinding, second.Findings)
			}
			if n := h.SavedDevice().ProfileCount(); n != 2 {
				t.Errorf("the saved eSIM holds %d profiles, want 2 (the generated one and the code's)", n)
			}
		})
	}
}
