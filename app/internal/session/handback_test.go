package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator"
)

// legacyWith is a legacy eSIM hand-back of tx with the given ICCID and
// activation code.
func legacyWith(tx, iccid, code string) string {
	pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`
	b, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": iccid, "activationCode": code, "transactionId": tx, "purchaseResult": pr})
	return string(b)
}

// TestLegacyHandBackInstalls checks what the legacy hand-back of F1 leaves
// on the simulated eSIM: a profile only from a usable hand-back whose
// download succeeds (issue 13, "Nothing is installed from a rejected or
// failed hand-back").
func TestLegacyHandBackInstalls(t *testing.T) {
	const iccid = "8988247000101997790"
	tests := []struct {
		name, code, activation string
		wantProfiles           int // profiles added
		wantLPA                string
	}{
		{"usable", "1$smdp.contoso.example$ABCD-1234", "", 1, ""},
		{"LPA: prefix is an error finding", "LPA:1$smdp.contoso.example$ABCD-1234", "", 0, ""},
		{"confirmation code is an error finding", "1$smdp.contoso.example$ABCD$$1", "", 0, ""},
		{"download fails", "1$smdp.contoso.example$ABCD-1234", "serverFailure", 0, "ServerFailure"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Lifecycle.ActivationResult = tc.activation
			before := len(cfg.Device.Profiles)
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/done", legacyWith("tx1", iccid, tc.code)))
			}}
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(rep.Device.Profiles) - before; got != tc.wantProfiles {
				t.Errorf("profiles added = %d, want %d", got, tc.wantProfiles)
			}
			gotLPA, gotICCID := "", ""
			if n := len(rep.Device.LPAErrors); n > 0 {
				gotLPA, gotICCID = rep.Device.LPAErrors[n-1].Code, rep.Device.LPAErrors[n-1].ICCID
			}
			if gotLPA != tc.wantLPA || (gotLPA != "" && gotICCID != iccid) {
				t.Errorf("LPA error %q for %q, want %q for the handed-back %s", gotLPA, gotICCID, tc.wantLPA, iccid)
			}
		})
	}
}

// TestRefusedHandBackInstallsNothing: a usable eSIM hand-back that the host
// refuses, from a page outside the allowed origins or with a forged token,
// leaves the simulated eSIM as it was (issue 13).
func TestRefusedHandBackInstallsNothing(t *testing.T) {
	const iccid = "8988247000101997790"
	payload := legacyWith("tx1", iccid, "1$smdp.contoso.example$ABCD-1234")
	arg, _ := json.Marshal(payload)
	forged, _ := json.Marshal(map[string]any{"token": "not-the-session-token", "api": "DataMart.notifyPurchaseResult",
		"args": []json.RawMessage{arg}, "pageUrl": "https://portal.example/done"})
	tests := []struct {
		name, raw   string
		wantVerdict bridge.Verdict
	}{
		{"another origin", envelope(t, "DataMart.notifyPurchaseResult", "https://evil.example/done", payload), bridge.VerdictRejected},
		{"forged token", string(forged), bridge.VerdictRejected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			before := len(cfg.Device.Profiles)
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(tc.raw)
				w.UserClose()
			}}
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verdict != tc.wantVerdict {
				t.Errorf("verdict %s, want %s; findings %+v", rep.Verdict, tc.wantVerdict, rep.Findings)
			}
			if got := len(rep.Device.Profiles) - before; got != 0 {
				t.Errorf("a refused hand-back installed %d profiles: %+v", got, rep.Device.Profiles)
			}
		})
	}
}

// TestInlineThenLegacyHandBack follows an inline download with the legacy
// hand-back of the same activation code, as the contract's flows allow
// (§3 F3 keeps the portal open): no handback-repeated, one profile.
func TestInlineThenLegacyHandBack(t *testing.T) {
	cfg := lifecycleConfig(t)
	before := len(cfg.Device.Profiles)
	const code = "1$smdp.contoso.example$ABCD-1234"
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), code))
		waitEvals(t, w, 2)
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/done", legacyWith("tx1", "8988247000101997790", code)))
	}}
	rep, err := session.Run(context.Background(), opener, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeHandbackRepeated {
			t.Errorf("finding %s: %s", f.Code, f.Message)
		}
	}
	if got := len(rep.Device.Profiles) - before; got != 1 {
		t.Errorf("one activation code gave %d profiles, want 1", got)
	}
}

// TestSecondHandBackIsNotActedOn: the real app leaves the portal at the
// first hand-back (contract §1.6), so a second one that reaches mpsim
// before the window closes changes neither the result nor the device; it
// is reported (handback-repeated).
func TestSecondHandBackIsNotActedOn(t *testing.T) {
	const first, second = "8988247000101997790", "8988247000100003319"
	cfg := lifecycleConfig(t)
	before := len(cfg.Device.Profiles)
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelopes(envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/done", legacyWith("tx1", first, "1$smdp.contoso.example$FIRST-1")),
			envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/done", legacyWith("tx1", second, "1$smdp.contoso.example$SECOND-2")))
	}}
	rep, err := session.Run(context.Background(), opener, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Calls) != 2 {
		t.Fatalf("%d calls recorded, want both: %+v", len(rep.Calls), rep.Calls)
	}
	if rep.Result == nil || rep.Result.ICCID != first {
		t.Errorf("result %+v, want the first hand-back's (ICCID %s)", rep.Result, first)
	}
	added := rep.Device.Profiles[before:]
	if len(added) != 1 || added[0].ICCID != first {
		t.Errorf("profiles added %+v, want the first hand-back's alone", added)
	}
	repeated := false
	for _, f := range rep.Findings {
		repeated = repeated || f.Code == bridge.CodeHandbackRepeated
	}
	if !repeated {
		t.Errorf("no %s finding in %+v", bridge.CodeHandbackRepeated, rep.Findings)
	}
}

// TestLateCallCannotFailTheSession: a malformed hand-back after the first
// one is never seen by the real app (contract §1.6), so its findings are
// warnings that say so, and the first hand-back's verdict stands.
func TestLateCallCannotFailTheSession(t *testing.T) {
	const iccid = "8988247000101997790"
	cfg := lifecycleConfig(t)
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelopes(envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/done", legacyWith("tx1", iccid, "1$smdp.contoso.example$FIRST-1")),
			envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/done", `{"success": tru`))
	}}
	rep, err := session.Run(context.Background(), opener, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict != bridge.VerdictPass {
		t.Errorf("verdict %s, want pass: the second call is never seen; findings %+v", rep.Verdict, rep.Findings)
	}
	late := false
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeJSONMalformed {
			late = f.Severity == bridge.SeverityWarning && strings.Contains(f.Message, "never sees")
		}
	}
	if !late {
		t.Errorf("the late call's json-malformed is not a warning that says the app never saw it: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeAPILegacySupported && strings.Contains(f.Message, "never sees") {
			t.Errorf("what the first call already said is said again of the late one: %+v", f)
		}
	}
}

// TestBalanceAdditionToleratesMissingLuhnDigit: the docs' balance example
// ICCIDs carry no Luhn digit (contract §2.6, §5 #17); the app switches to
// such a profile, mpsim only warns.
func TestBalanceAdditionToleratesMissingLuhnDigit(t *testing.T) {
	const noLuhn = "8988247000100003313" // check digit should be 9
	cfg := lifecycleConfig(t)
	cfg.Device.Profiles = append(cfg.Device.Profiles, simulator.Profile{ICCID: noLuhn, Operator: cfg.Operator.Name, State: simulator.ProfileInstalled})
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyBalanceAddition", "op-2", json.RawMessage(metadataComplete), noLuhn))
		waitEvals(t, w, 1)
		w.UserClose()
	}}
	rep, err := session.Run(context.Background(), opener, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Callbacks) == 0 {
		t.Fatal("no callback")
	}
	var args map[string]string
	_ = json.Unmarshal(rep.Callbacks[0].Args, &args)
	if args["activationResult"] != "success" {
		t.Errorf("activationResult = %q, want success (a missing Luhn digit is only a warning)", args["activationResult"])
	}
	if active, ok := rep.Device.ActiveProfile(); !ok || active.ICCID != noLuhn {
		t.Errorf("active profile = %+v, want %s", active, noLuhn)
	}
	warned := false
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeICCIDLuhn {
			warned = f.Severity == bridge.SeverityWarning
		}
	}
	if !warned {
		t.Errorf("no iccid-luhn warning in %+v", rep.Findings)
	}
}

// TestCallAfterARemovedAPIIsJudgedInFull: today's app most likely has no
// notifyPurchaseDelayedProfile (removed in 2019, contract §2.1), so the
// page's calls after it are not softened as calls the app never saw.
func TestCallAfterARemovedAPIIsJudgedInFull(t *testing.T) {
	cfg := lifecycleConfig(t)
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelopes(envelope(t, "MobilePlans.notifyPurchaseDelayedProfile", "https://portal.example/done", json.RawMessage(metadataComplete), 30),
			envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/done", `{"success": tru`))
	}}
	rep, err := session.Run(context.Background(), opener, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	judged := false
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeJSONMalformed {
			judged = f.Severity == bridge.SeverityError && !strings.Contains(f.Message, "never sees")
		}
	}
	if !judged {
		t.Errorf("the call after a removed API was not judged in full: %+v", rep.Findings)
	}
}

// TestRepeatedHandBackIsNotActedOn: a hand-back after the first is recorded
// as not acted on, with the reason, not as accepted; its findings stay
// warnings and handback-repeated still counts it (QA: the second call of
// twice-good-then-bad.html was recorded accepted:true).
func TestRepeatedHandBackIsNotActedOn(t *testing.T) {
	const page = "https://portal.example/done"
	cfg := testConfig()
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		w.Envelopes(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)),
			envelope(t, "DataMart.notifyPurchaseResult", page, badLegacyHandBack()))
	})
	if len(rep.Calls) != 2 {
		t.Fatalf("%d calls, want 2", len(rep.Calls))
	}
	if first := rep.Calls[0]; !first.Accepted || first.Rejected != "" {
		t.Errorf("first hand-back accepted=%v rejected=%q, want accepted", first.Accepted, first.Rejected)
	}
	if second := rep.Calls[1]; second.Accepted || !strings.Contains(second.Rejected, "not acted on: control had returned to the app") {
		t.Errorf("second hand-back accepted=%v rejected=%q, want not acted on with the reason", second.Accepted, second.Rejected)
	}
	if rep.Verdict != bridge.VerdictPass {
		t.Errorf("verdict %s, want pass (the app never sees the second)", rep.Verdict)
	}
	if f := codes(rep, bridge.CodeHandbackRepeated); len(f) != 1 || !strings.Contains(f[0].Message, "2 times") {
		t.Errorf("handback-repeated %+v, want one counting 2", f)
	}
	if f := codes(rep, bridge.CodeTransactionIDMismatch); len(f) != 1 || f[0].Severity != bridge.SeverityWarning {
		t.Errorf("transaction-id-mismatch of the late call %+v, want one warning", f)
	}
}

// TestRepeatedHandBacksOverTheFloodBudget is QA hostile: 100 hand-backs in
// a loop, of which the window dropped 50 over their per-second budget,
// read "handed control back 50 times". The finding now says "at least"
// and counts the calls the window dropped.
func TestRepeatedHandBacksOverTheFloodBudget(t *testing.T) {
	const page = "https://portal.example/done"
	rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowDropped, Dropped: &session.DropCounts{FloodControl: 50, ControlPerSecond: 50}})
		hb := envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true))
		w.Envelopes(hb, hb, hb)
	})
	f := codes(rep, bridge.CodeHandbackRepeated)
	if len(f) != 1 || !strings.Contains(f[0].Message, "handed control back at least 3 times (3 reached mpsim; the portal window dropped 50 more hand-back or inline call(s) over their per-second budget, see bridge-flood-dropped)") {
		t.Errorf("handback-repeated %+v, want one saying at least 3 and counting the 50 dropped", f)
	}
}
