package session_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/session"
)

// TestAsyncConnectivityEndsAsTheLifecycleChooses: the download of
// MobilePlans.notifyPurchaseWithProfileDownload (contract §3 F6) ends with
// the chosen activation result, as F1 and F3 do (docs/scenarios.md,
// activation_result: "what the profile download ends with"): a failure
// installs nothing and, when the LPA ran, keeps the LPA error with the
// profile's ICCID for the next launch (§1.4, F10); an app-side result or a
// code the app refuses records none (no download failed, no ICCID belongs
// in X-MP-LPAError-ICCIDs). Until 2026-12-06 F6 ignored
// --activation-result (serverFailure installed the profile: "installed and
// active") and recorded Other with an empty ICCID for a refused code.
func TestAsyncConnectivityEndsAsTheLifecycleChooses(t *testing.T) {
	const iccid = "8988247000100003319"
	tests := []struct {
		name       string
		activation string
		code       string
		wantLPA    string // the LPA error's code, "" for none
		wantSteps  []session.LifecycleStep
		installed  bool
	}{
		{"success", "", "1$smdp.contoso.example$ASYNC-1", "", []session.LifecycleStep{session.StepProfileInstalled, session.StepRegistrationScheduled}, true},
		{"chosen LPA failure", "serverFailure", "1$smdp.contoso.example$ASYNC-1", "ServerFailure", []session.LifecycleStep{session.StepDownloadFailed}, false},
		{"unknown LPA error", "unknownError", "1$smdp.contoso.example$ASYNC-1", "Other", []session.LifecycleStep{session.StepDownloadFailed}, false},
		{"chosen app-side failure", "modemNotFound", "1$smdp.contoso.example$ASYNC-1", "", []session.LifecycleStep{session.StepDownloadFailed}, false},
		{"code the app refuses", "", "LPA:1$smdp.contoso.example$ASYNC-1", "", []session.LifecycleStep{session.StepDownloadFailed}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Lifecycle.ActivationResult = tc.activation
			cfg.ResolveProfile = func(string) (string, bool) { return iccid, true }
			before := len(cfg.Device.Profiles)
			rep := runUntilEnd(t, cfg, inlineEnvelope(t, "MobilePlans.notifyPurchaseWithProfileDownload", "", json.RawMessage(metadataComplete), tc.code, 15))
			if rep.Device == nil {
				t.Fatal("report has no device")
			}
			var steps []session.LifecycleStep
			for _, e := range rep.Log {
				if e.Lifecycle != nil {
					steps = append(steps, e.Lifecycle.Step)
				}
			}
			if !slices.Equal(steps, tc.wantSteps) {
				t.Errorf("lifecycle steps %v, want %v; log:\n%s", steps, tc.wantSteps, lifecycleLog(rep))
			}
			if got := len(rep.Device.Profiles) == before+1; got != tc.installed {
				t.Errorf("profiles %d → %d, want installed=%v", before, len(rep.Device.Profiles), tc.installed)
			}
			var got []string
			for _, e := range rep.Device.LPAErrors {
				got = append(got, e.Code+" "+e.ICCID)
			}
			var want []string
			if tc.wantLPA != "" {
				want = []string{tc.wantLPA + " " + iccid}
			}
			if !slices.Equal(got, want) {
				t.Errorf("LPA errors %v, want %v", got, want)
			}
			if !tc.installed {
				if rep.DownloadFailure == nil || (tc.activation != "" && rep.DownloadFailure.Result != tc.activation) {
					t.Errorf("downloadFailure = %+v, want %q", rep.DownloadFailure, tc.activation)
				}
				if log := lifecycleLog(rep); strings.Contains(log, "installed and active") {
					t.Errorf("log says installed:\n%s", log)
				}
			}
			if len(rep.Callbacks) != 0 {
				t.Errorf("call-backs %+v: control returned to the app (F6), no listener is called", rep.Callbacks)
			}
		})
	}
}

// TestAppSideActivationResultsRecordNoLPAError: the X-MP-LPAError-*
// headers report failed LPA downloads, ESimOperationStatus names with
// exactly one ICCID (contract §1.4). The six activation results the app
// raises itself (§2.5) record none, for the inline download (F3) and the
// legacy hand-back (F1) alike, and no LPA error is ever recorded without an
// ICCID; the 24 results that mirror ESimOperationStatus, and unknownError
// (an LPA error the app does not know: Other), record theirs. Until
// 2026-12-06 every app-side result was recorded as Other, an inline one
// with an empty ICCID.
func TestAppSideActivationResultsRecordNoLPAError(t *testing.T) {
	tests := []struct {
		activation string
		wantLPA    string
	}{
		{"invalidJson", ""},
		{"invalidActivationCode", ""},
		{"invalidIccid", ""},
		{"lpaInitializationError", ""},
		{"modemNotFound", ""},
		{"localSettingsAccessFailed", ""},
		{"unknownError", "Other"},
		{"other", "Other"},
		{"serverNotReachable", "ServerNotReachable"},
		{"noCorrespondingRequest", "NoCorrespondingRequest"},
	}
	for _, tc := range tests {
		for _, legacy := range []bool{false, true} {
			name := tc.activation + " inline"
			if legacy {
				name = tc.activation + " legacy"
			}
			t.Run(name, func(t *testing.T) {
				cfg := lifecycleConfig(t)
				cfg.Lifecycle.ActivationResult = tc.activation
				var rep session.Report
				if legacy {
					rep = runUntilEnd(t, cfg, envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/buy", legacyPayloadWith(t, "", "1$smdp.contoso.example$APPSIDE-1")))
				} else {
					rep = runInline(t, cfg, inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$APPSIDE-1"), 1)
					args := firstCallbackArgs(t, rep)
					if args["activationResult"] != tc.activation {
						t.Errorf("activationResult %q, want %q", args["activationResult"], tc.activation)
					}
					if (args["iccid"] != "") != (tc.wantLPA != "") {
						t.Errorf("listener iccid %q: want one exactly when an LPA error is recorded (%q)", args["iccid"], tc.wantLPA)
					}
				}
				if rep.Device == nil {
					t.Fatal("report has no device")
				}
				var got string
				for _, e := range rep.Device.LPAErrors {
					if e.ICCID == "" {
						t.Errorf("LPA error %+v has no ICCID", e)
					}
					got = e.Code
				}
				if got != tc.wantLPA || len(rep.Device.LPAErrors) > 1 {
					t.Errorf("LPA errors %+v, want %q", rep.Device.LPAErrors, tc.wantLPA)
				}
				failed := false
				for _, e := range rep.Log {
					if e.Lifecycle != nil && e.Lifecycle.Step == session.StepDownloadFailed && e.Lifecycle.State == tc.activation {
						failed = true
						if tc.wantLPA == "" && !strings.Contains(e.Text, "no LPA error is recorded") {
							t.Errorf("download-failed line %q does not say no LPA error is recorded", e.Text)
						}
					}
				}
				if !failed {
					t.Errorf("no downloadFailed step for %s; log:\n%s", tc.activation, lifecycleLog(rep))
				}
			})
		}
	}
}

// TestRetriesOfACodeNameOneProfile: every try of one activation code on an
// eSIM names the same profile (contract §2.6: a code is reusable for
// retries; §1.4: the next launch's X-MP-LPAError-ICCIDs names it): a
// failed download, its failed retry in the next session, and the retry
// that succeeds after them. Before, each try drew a new ICCID, so the
// header named a profile the portal never saw installed.
func TestRetriesOfACodeNameOneProfile(t *testing.T) {
	const code = "1$smdp.contoso.example$RETRY-1"
	cfg := lifecycleConfig(t)
	var iccids []string
	for i, result := range []string{"serverNotReachable", "serverFailure", ""} {
		cfg.Lifecycle.ActivationResult = result
		cfg.Seed = int64(20 + i) // each launch its own, as without --seed
		rep := runUntilEnd(t, cfg, inlineEnvelope(t, "MobilePlans.notifyPurchaseWithProfileDownload", "", json.RawMessage(metadataComplete), code, 15))
		if rep.Device == nil {
			t.Fatalf("try %d: report has no device", i+1)
		}
		switch n := len(rep.Device.LPAErrors); {
		case result != "" && n > 0:
			iccids = append(iccids, rep.Device.LPAErrors[n-1].ICCID)
		case result == "" && len(rep.Device.Profiles) > len(cfg.Device.Profiles):
			iccids = append(iccids, rep.Device.Profiles[len(rep.Device.Profiles)-1].ICCID)
		default:
			t.Fatalf("try %d (%q): no LPA error and no profile; log:\n%s", i+1, result, lifecycleLog(rep))
		}
		cfg.Device = *rep.Device
		cfg.Device.LPAErrors = nil // the next launch reported them
	}
	if len(iccids) != 3 || iccids[0] == "" || iccids[1] != iccids[0] || iccids[2] != iccids[0] {
		t.Errorf("the tries of one code named %q, want one ICCID", iccids)
	}
}
