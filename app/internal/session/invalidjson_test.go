package session_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// TestUnreadableMetadataGetsInvalidJSON: purchase metadata the app cannot
// read (missing or null, no object, JSON that does not parse) is what the
// real app reports as invalidJson ("portal passed invalid JSON") through
// the activation listener (contract §2.5; docs/contract.md: "mpsim does
// the same"), as it reports a code it cannot use as invalidActivationCode:
// nothing is downloaded or installed, no LPA error is recorded (the LPA
// never ran), the listener names no ICCID and the registration listener is
// not called. Until 2026-12-08 invalidJson was never reported: bad
// metadata with a good code got success, home and an installed profile.
func TestUnreadableMetadataGetsInvalidJSON(t *testing.T) {
	const code = "1$smdp.contoso.example$ABCDE-12345-FGHIJ-67890"
	tests := []struct {
		name     string
		api      string
		metadata json.RawMessage
		args     []any // after the metadata
		// listener is the activation result the page hears; "" for an
		// API whose page hears nothing (control returned to the app, F6).
		listener string
		wantCode string // the finding about the metadata
	}{
		{"inline, malformed JSON string", "MobilePlansInlineOperations.notifyProfileDownload", json.RawMessage(`"{bad json"`), []any{code}, "invalidJson", bridge.CodeJSONMalformed},
		{"inline, null", "MobilePlansInlineOperations.notifyProfileDownload", json.RawMessage(`null`), []any{code}, "invalidJson", bridge.CodeMetadataMissing},
		{"inline, undefined", "MobilePlansInlineOperations.notifyProfileDownload", json.RawMessage(`{"$undefined":true}`), []any{code}, "invalidJson", bridge.CodeMetadataMissing},
		{"inline, a number", "MobilePlansInlineOperations.notifyProfileDownload", json.RawMessage(`42`), []any{code}, "invalidJson", bridge.CodeMetadataNotObject},
		{"inline, a string holding an array", "MobilePlansInlineOperations.notifyProfileDownload", json.RawMessage(`"[1,2]"`), []any{code}, "invalidJson", bridge.CodeMetadataNotObject},
		{"old inline API, malformed", "MobilePlansInlineProfile.notifyInlineProfileDownload", json.RawMessage(`"{bad json"`), []any{code}, "invalidJson", bridge.CodeJSONMalformed},
		{"asynchronous connectivity, null", "MobilePlans.notifyPurchaseWithProfileDownload", json.RawMessage(`null`), []any{code, 15}, "", bridge.CodeMetadataMissing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			before := slices.Clone(cfg.Device.Profiles)
			env := inlineEnvelope(t, tc.api, "op-1", append([]any{tc.metadata}, tc.args...)...)
			var rep session.Report
			if tc.listener == "" {
				rep = runUntilEnd(t, cfg, env)
			} else {
				rep = runInline(t, cfg, env, 1)
				time.Sleep(100 * time.Millisecond) // no registration may follow
			}
			if !slices.ContainsFunc(rep.Findings, func(f bridge.Finding) bool { return f.Code == tc.wantCode }) {
				t.Errorf("findings %+v lack %s", rep.Findings, tc.wantCode)
			}
			if tc.listener != "" {
				args := firstCallbackArgs(t, rep)
				if args["activationResult"] != tc.listener || args["iccid"] != "" {
					t.Errorf("activation listener got %v, want activationResult %q with iccid \"\"", args, tc.listener)
				}
				if len(rep.Callbacks) != 1 {
					t.Errorf("call-backs %+v, want the activation listener only (nothing registers)", rep.Callbacks)
				}
			} else if len(rep.Callbacks) != 0 {
				t.Errorf("call-backs %+v: control returned to the app (F6), no listener is called", rep.Callbacks)
			}
			if rep.Device == nil {
				t.Fatal("report has no device")
			}
			if !slices.Equal(rep.Device.Profiles, before) {
				t.Errorf("profiles %+v → %+v, want nothing installed", before, rep.Device.Profiles)
			}
			if len(rep.Device.LPAErrors) != 0 {
				t.Errorf("LPA errors %+v, want none (the LPA never ran)", rep.Device.LPAErrors)
			}
			if rep.DownloadFailure == nil || rep.DownloadFailure.Result != "invalidJson" {
				t.Errorf("downloadFailure %+v, want invalidJson", rep.DownloadFailure)
			}
			if log := lifecycleLog(rep); strings.Contains(log, "installed and active") {
				t.Errorf("log says installed:\n%s", log)
			}
		})
	}
}

// TestUnreadableMetadataAddsNoBalance: an inline balance addition whose
// purchase metadata the app cannot read switches no profile and tells the
// page invalidJson (contract §2.5), as a download with it does; before, the
// profile was switched to and the page heard success.
func TestUnreadableMetadataAddsNoBalance(t *testing.T) {
	cfg := lifecycleConfig(t)
	active := cfg.Device.Profiles[0].ICCID
	rep := runInline(t, cfg, inlineEnvelope(t, "MobilePlansInlineOperations.notifyBalanceAddition", "op-1", json.RawMessage(`"{bad json"`), active), 1)
	if args := firstCallbackArgs(t, rep); args["activationResult"] != "invalidJson" || args["iccid"] != "" {
		t.Errorf("activation listener got %v, want invalidJson with iccid \"\"", args)
	}
	for _, e := range rep.Log {
		if e.Lifecycle != nil && e.Lifecycle.Step == session.StepBalanceAdded {
			t.Errorf("log has balance added: %s", e.Text)
		}
	}
}

// TestInlineDownloadWithUnreadableMetadataInstallsNothing: an inline
// download the app refused for its metadata (invalidJson) installed no
// profile, so a later legacy hand-back of another profile is no second
// profile: no handback-not-inline-profile, as after a refused code.
func TestInlineDownloadWithUnreadableMetadataInstallsNothing(t *testing.T) {
	const page = "https://portal.example/buy"
	cfg := lifecycleConfig(t)
	existing := cfg.Device.Profiles[0].ICCID
	cfg.Expect.ICCIDs = []string{existing}
	cfg.Expect.OperatorICCIDs = []string{existing}
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelope(envelope(t, "mpsim:firstPaint", page))
		w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(`null`), "1$smdp.contoso.example$MIX-0001"))
		waitEvals(t, w, 1)
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayloadWith(t, "", "1$smdp.contoso.example$MIX-0002")))
	}}
	rep, err := session.Run(context.Background(), opener, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeHandbackNotInlineProfile {
			t.Errorf("finding %+v: the refused inline download installed nothing", f)
		}
	}
}
