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
			// What the launch sent (workspace.SessionConfig): its iccids
			// name the existing profile only; the downloaded one is on the
			// eSIM by the time of the hand-back, which the session knows.
			cfg.Expect.ICCIDs = []string{existing}
			cfg.Expect.OperatorICCIDs = []string{existing}
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

// TestSessionKnowsTheProfilesItsDownloadsInstall: the calls of a session
// are checked against the device as the session has changed it, not only
// against the identifiers the launch sent (advice QA, fix-advice2's
// leftovers). A profile an inline download installed, or is installing,
// is on the eSIM: a legacy hand-back naming it with no activation code is
// flow F2 (contract §2.7, §3 F2), not activation-code-missing, and a
// balance addition for it (§3 F7) is for a profile on the device, though
// the launch of a new customer sent no iccids. An inline download that
// failed or was cancelled installed nothing: a later legacy hand-back of
// another profile is no second profile (handback-not-inline-profile), and
// one naming the failed download's ICCID with no code still has nothing
// to use (activation-code-missing).
func TestSessionKnowsTheProfilesItsDownloadsInstall(t *testing.T) {
	const code = "1$smdp.contoso.example$KNOW-0001"
	const other = "1$smdp.contoso.example$KNOW-0002"
	const page = "https://portal.example/buy"
	download := func(t *testing.T, minutes ...any) string {
		return inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", append([]any{json.RawMessage(metadataComplete), code}, minutes...)...)
	}
	tests := []struct {
		name        string
		newCustomer bool   // the launch sent no iccids and the eSIM holds no operator profile
		activation  string // Lifecycle.ActivationResult
		play        func(t *testing.T, w *sessiontest.FakeWindow, downloaded string)
		want, not   []string // finding codes the report must and must not hold
	}{
		{"legacy hand-back naming the profile an inline download is still installing", false, "",
			func(t *testing.T, w *sessiontest.FakeWindow, downloaded string) {
				w.Envelope(download(t))
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayloadWith(t, downloaded, "")))
			}, nil, []string{bridge.CodeActivationCodeMissing, bridge.CodeHandbackNotInlineProfile}},
		{"new customer's legacy hand-back naming the profile downloaded inline", true, "",
			func(t *testing.T, w *sessiontest.FakeWindow, downloaded string) {
				w.Envelope(download(t))
				waitEvals(t, w, 2)
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayloadWith(t, downloaded, "")))
			}, nil, []string{bridge.CodeActivationCodeMissing, bridge.CodeHandbackNotInlineProfile}},
		{"new customer's balance addition for the profile downloaded inline", true, "",
			func(t *testing.T, w *sessiontest.FakeWindow, downloaded string) {
				w.Envelope(download(t))
				waitEvals(t, w, 2)
				w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyBalanceAddition", "op-2", json.RawMessage(metadataComplete), downloaded))
				waitEvals(t, w, 3)
				w.UserClose()
			}, nil, []string{bridge.CodeBalanceICCIDNotOnDevice, bridge.CodeBalanceNoOperatorProfile}},
		{"legacy hand-back of another profile after a failed inline download", false, "serverFailure",
			func(t *testing.T, w *sessiontest.FakeWindow, downloaded string) {
				w.Envelope(download(t))
				waitEvals(t, w, 1)
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayloadWith(t, "", other)))
			}, nil, []string{bridge.CodeHandbackNotInlineProfile}},
		{"legacy hand-back of another profile after a cancelled deferred download", false, "",
			func(t *testing.T, w *sessiontest.FakeWindow, downloaded string) {
				w.Envelope(download(t, 60))
				w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyOperationCancel", "op-2", map[string]string{"Id": "op-1"}))
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayloadWith(t, "", other)))
			}, nil, []string{bridge.CodeHandbackNotInlineProfile, bridge.CodeCancelTooLate}},
		{"legacy hand-back naming a failed inline download's profile", true, "serverFailure",
			func(t *testing.T, w *sessiontest.FakeWindow, downloaded string) {
				w.Envelope(download(t))
				waitEvals(t, w, 1)
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayloadWith(t, downloaded, "")))
			}, []string{bridge.CodeActivationCodeMissing}, []string{bridge.CodeHandbackNotInlineProfile}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Lifecycle.ActivationResult = tc.activation
			if tc.newCustomer {
				cfg.Device.Profiles = nil
			}
			// What the launch sent (workspace.SessionConfig).
			cfg.Expect.ICCIDs = []string{}
			cfg.Expect.OperatorICCIDs = []string{}
			for _, p := range cfg.Device.Profiles {
				cfg.Expect.ICCIDs = append(cfg.Expect.ICCIDs, p.ICCID)
				cfg.Expect.OperatorICCIDs = append(cfg.Expect.OperatorICCIDs, p.ICCID)
			}
			downloaded := cfg.Device.CodeProfileICCID(cfg.Operator, code)
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "mpsim:firstPaint", page))
				tc.play(t, w, downloaded)
			}}
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			has := map[string]bool{}
			for _, f := range rep.Findings {
				has[f.Code] = true
			}
			for _, c := range tc.want {
				if !has[c] {
					t.Errorf("no %s in %+v", c, rep.Findings)
				}
			}
			for _, c := range tc.not {
				if has[c] {
					t.Errorf("%s in %+v, want none", c, rep.Findings)
				}
			}
		})
	}
}
