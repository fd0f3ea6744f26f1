package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// TestLegacyHandBackAfterInlineDownloadNamingAnotherProfile: a portal that
// downloads a profile inline (notifyProfileDownload, contract §3 F3) and
// then hands back with the legacy DataMart.notifyPurchaseResult naming
// another profile (the launch's existing one, or another activation code)
// gets handback-not-inline-profile: the app acts on both calls (§2.7: the
// legacy success names the ICCID the device must use), so the profile
// downloaded for the purchase is not the one the portal recorded. Before,
// such a session passed with no finding (QA loop, m24-mix-app.js). A
// legacy hand-back naming the downloaded profile, or repeating its code,
// is the same purchase and says nothing.
func TestLegacyHandBackAfterInlineDownloadNamingAnotherProfile(t *testing.T) {
	const inlineCode = "1$smdp.contoso.example$MIX-0001"
	const page = "https://portal.example/buy"
	tests := []struct {
		name   string
		inline bool
		// iccid and code of the legacy hand-back; "existing" is the
		// launch's profile, "inline" the inline download's.
		iccid, code string
		want        []string // in the message; nil: no finding
	}{
		{"existing profile, no code", true, "existing", "", []string{"names iccid ", "another profile, with no activation code", "installed profile ", "switches to ", "§3 F2"}},
		{"another activation code", true, "", "1$smdp.contoso.example$MIX-0002", []string{"its activation code 1$smdp.contoso.example$MIX-0002 is that of profile ", "two profiles"}},
		{"the downloaded profile, no code", true, "inline", "", nil},
		{"the downloaded profile, padded", true, "inline-F", "", nil},
		{"the same activation code", true, "inline", inlineCode, nil},
		{"no inline download", false, "existing", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			existing := cfg.Device.Profiles[0].ICCID
			downloaded := cfg.Device.CodeProfileICCID(cfg.Operator, inlineCode)
			iccid := map[string]string{"existing": existing, "inline": downloaded, "inline-F": downloaded + "F", "": ""}[tc.iccid]
			// The bridge takes an iccid without a code for F2 when the
			// eSIM holds it (Expectation.OperatorICCIDs); the downloaded
			// profile is on it by the time of the hand-back.
			cfg.Expect.OperatorICCIDs = []string{existing, downloaded}
			legacy := envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayloadWith(t, iccid, tc.code))
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "mpsim:firstPaint", page))
				if tc.inline {
					w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), inlineCode))
					waitEvals(t, w, 2) // activated and registered
				}
				w.Envelope(legacy)
			}}
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			var found []bridge.Finding
			for _, f := range rep.Findings {
				if f.Code == bridge.CodeHandbackNotInlineProfile {
					found = append(found, f)
				}
			}
			if bridge.HasErrors(rep.Findings) {
				t.Fatalf("findings %+v, want no error (the hand-back must be acted on)", rep.Findings)
			}
			if tc.want == nil {
				if len(found) > 0 {
					t.Fatalf("findings %+v, want no %s", found, bridge.CodeHandbackNotInlineProfile)
				}
				return
			}
			if len(found) != 1 {
				t.Fatalf("%d %s findings, want 1; findings %+v", len(found), bridge.CodeHandbackNotInlineProfile, rep.Findings)
			}
			f := found[0]
			if f.Severity != bridge.SeverityWarning || f.Field != "iccid" || f.Section != "§2.7, §3 F3" {
				t.Errorf("finding %+v, want a warning on iccid citing §2.7, §3 F3", f)
			}
			for _, w := range append(tc.want, "installed profile "+downloaded, inlineCode, "MobilePlansInlineOperations.notifyProfileDownload") {
				if !strings.Contains(f.Message, w) {
					t.Errorf("message %q lacks %q", f.Message, w)
				}
			}
			if tc.iccid == "existing" && !strings.Contains(f.Message, existing) {
				t.Errorf("message %q does not name the handed-back ICCID %s", f.Message, existing)
			}
		})
	}
}
