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
	"mpsim/simulator"
)

// runUntilEnd runs a session on cfg in which the page sends envelope and
// the session ends by itself (a call that returns control to the app).
func runUntilEnd(t *testing.T, cfg session.Config, envelope string) session.Report {
	t.Helper()
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Envelope(envelope) }}
	rep, err := session.Run(context.Background(), opener, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// callbackArgs returns the arguments of the report's call-backs, in order.
func callbackArgs(t *testing.T, rep session.Report) []map[string]string {
	t.Helper()
	var all []map[string]string
	for _, cb := range rep.Callbacks {
		var args map[string]string
		if err := json.Unmarshal(cb.Args, &args); err != nil {
			t.Fatalf("call-back %s: %v", cb.Listener, err)
		}
		all = append(all, args)
	}
	return all
}

// TestReusedActivationCodeNamesTheExistingProfile: a download with an
// activation code that already installed a profile on the simulated eSIM
// (a retry; contract §2.6: the code is reusable for retries) installs no
// second profile, and the page, the result and the registration are told
// the ICCID of that profile, the one activated (§2.5) — also when another
// profile is active, which the app switches away from. Before, the
// session said "activation code already used for profile X" and told the
// page success with a new, made-up ICCID that no profile has.
func TestReusedActivationCodeNamesTheExistingProfile(t *testing.T) {
	tests := []struct {
		name        string
		api         string
		minutes     bool // notifyPurchaseWithProfileDownload's interval
		otherActive bool
	}{
		{"inline download (F3)", "MobilePlansInlineOperations.notifyProfileDownload", false, false},
		{"inline download, another profile active", "MobilePlansInlineOperations.notifyProfileDownload", false, true},
		{"asynchronous connectivity (F6)", "MobilePlans.notifyPurchaseWithProfileDownload", true, false},
		{"asynchronous connectivity, another profile active", "MobilePlans.notifyPurchaseWithProfileDownload", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			existing := cfg.Device.Profiles[0]
			if existing.ActivationCode == "" {
				t.Fatal("the demo device's profile has no activation code")
			}
			if tc.otherActive {
				other := simulator.NewGenerator(41).ICCID(cfg.Operator)
				if err := cfg.Device.InstallProfile(simulator.Profile{ICCID: other, Operator: cfg.Operator.Name, State: simulator.ProfileInstalled}); err != nil {
					t.Fatal(err)
				}
				if err := cfg.Device.ActivateProfile(other); err != nil {
					t.Fatal(err)
				}
			}
			before := len(cfg.Device.Profiles)
			var rep session.Report
			if tc.minutes {
				rep = runUntilEnd(t, cfg, inlineEnvelope(t, tc.api, "", json.RawMessage(metadataComplete), existing.ActivationCode, 0))
			} else {
				rep = runInline(t, cfg, inlineEnvelope(t, tc.api, "op-1", json.RawMessage(metadataComplete), existing.ActivationCode), 2)
				args := callbackArgs(t, rep)
				if len(args) != 2 || args[0]["activationResult"] != "success" || args[0]["iccid"] != existing.ICCID || args[1]["iccid"] != existing.ICCID {
					t.Errorf("call-backs %v, want success and registration for the existing profile %s", args, existing.ICCID)
				}
			}
			if rep.Result == nil || rep.Result.ICCID != existing.ICCID {
				t.Errorf("result %+v, want ICCID %s", rep.Result, existing.ICCID)
			}
			if rep.Device == nil || len(rep.Device.Profiles) != before {
				t.Fatalf("device %+v, want its %d profiles and no more", rep.Device, before)
			}
			if active, ok := rep.Device.ActiveProfile(); !ok || active.ICCID != existing.ICCID {
				t.Errorf("active profile %+v, want %s", active, existing.ICCID)
			}
			for _, e := range rep.Log {
				if e.Lifecycle != nil && e.Lifecycle.ICCID != "" && e.Lifecycle.ICCID != existing.ICCID {
					t.Errorf("log names another profile: %s", e.Text)
				}
			}
		})
	}
}

// lifecycleLog is the text of the report's lifecycle log entries.
func lifecycleLog(rep session.Report) string {
	var b strings.Builder
	for _, e := range rep.Log {
		if e.Kind == session.LifecycleKind {
			b.WriteString(e.Text + "\n")
		}
	}
	return b.String()
}

// TestBalanceAdditionOnThePhysicalSIM: a balance addition (contract §3
// F7: "for a physical SIM or an installed eSIM profile") that names the
// ICCID of the device's physical SIM — the one the portal was launched
// with, trailing F or not — is accepted: no balance-iccid-not-on-device,
// and the inline variant tells the page success. Another ICCID is still
// reported, once, and the inline page is told profileNotPresent. Before,
// the session looked the SIM's own ICCID up among the eSIM profiles a
// physical-SIM device does not have and reported it not on the device.
func TestBalanceAdditionOnThePhysicalSIM(t *testing.T) {
	tests := []struct {
		name        string
		api         string
		other       bool // the call names another ICCID than the SIM's
		padded      bool // the SIM's ICCID with a trailing F
		wantFinding bool
		wantResult  string // the inline call-back's activationResult
	}{
		{"legacy, the SIM's ICCID", "MobilePlans.notifyBalanceAddition", false, false, false, ""},
		{"legacy, the SIM's ICCID padded", "MobilePlans.notifyBalanceAddition", false, true, false, ""},
		{"legacy, another ICCID", "MobilePlans.notifyBalanceAddition", true, false, true, ""},
		{"inline, the SIM's ICCID", "MobilePlansInlineOperations.notifyBalanceAddition", false, false, false, "success"},
		{"inline, another ICCID", "MobilePlansInlineOperations.notifyBalanceAddition", true, false, true, "profileNotPresent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Device = simulator.NewDevice(simulator.KindPSIM, cfg.Operator, simulator.NewGenerator(12))
			cfg.Expect.SIMKind = "psim"
			cfg.Expect.ICCIDs = []string{cfg.Device.ICCID}
			cfg.Expect.OperatorICCIDs = []string{cfg.Device.ICCID}
			iccid := cfg.Device.ICCID
			if tc.other {
				iccid = simulator.NewGenerator(13).ICCID(cfg.Operator)
			}
			if tc.padded {
				iccid += "F"
			}
			env := inlineEnvelope(t, tc.api, "op-1", json.RawMessage(metadataComplete), iccid)
			var rep session.Report
			if tc.wantResult != "" {
				rep = runInline(t, cfg, env, 1)
				if args := firstCallbackArgs(t, rep); args["activationResult"] != tc.wantResult {
					t.Errorf("profileActivationComplete %v, want %s", args, tc.wantResult)
				}
			} else {
				rep = runUntilEnd(t, cfg, env)
			}
			n := 0
			for _, f := range rep.Findings {
				if f.Code == "balance-iccid-not-on-device" {
					n++
				}
			}
			if want := map[bool]int{false: 0, true: 1}[tc.wantFinding]; n != want {
				t.Errorf("%d balance-iccid-not-on-device findings, want %d: %+v", n, want, rep.Findings)
			}
			if !tc.wantFinding && !strings.Contains(lifecycleLog(rep), "balance added to the physical SIM") {
				t.Errorf("log %q, want the balance added to the physical SIM", lifecycleLog(rep))
			}
		})
	}
}

// legacyPayloadWith is a successful eSIM legacy hand-back (contract §2.7)
// with the given iccid and activation code.
func legacyPayloadWith(t *testing.T, iccid, activationCode string) string {
	t.Helper()
	pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"Plan 1"}`
	b, err := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": iccid, "activationCode": activationCode, "transactionId": "tx1", "purchaseResult": pr})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLegacyHandBackWithoutICCIDDownloads: an eSIM legacy success with an
// activation code but iccid "" (iccid-missing-on-success, a warning) is
// downloaded as any other (contract §3 F1: the app downloads with the
// activation code; §2.6: the ICCID comes from the profile): the profile
// is installed under the ICCID of the profile behind the code, and the log
// says where that ICCID came from; a download the lifecycle makes fail
// records that ICCID with the LPA error. Before, nothing was installed and
// nothing logged.
func TestLegacyHandBackWithoutICCIDDownloads(t *testing.T) {
	const code = "1$smdp.contoso.example$NOICCID-0001"
	tests := []struct {
		name       string
		activation string
		resolve    string // the ICCID the SM-DP+ binds to the code; "" makes one up
	}{
		{"success, generated ICCID", "", ""},
		{"success, the SM-DP+'s ICCID", "", "8988247000100003319"},
		{"chosen failure", "serverFailure", "8988247000100003319"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Lifecycle.ActivationResult = tc.activation
			if tc.resolve != "" {
				cfg.ResolveProfile = func(ac string) (string, bool) { return tc.resolve, ac == code }
			}
			before := len(cfg.Device.Profiles)
			rep := runUntilEnd(t, cfg, envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/buy", legacyPayloadWith(t, "", code)))
			if rep.Device == nil {
				t.Fatal("report has no device")
			}
			for _, f := range rep.Findings {
				if f.Severity == "error" {
					t.Errorf("error finding %s: %s", f.Code, f.Message)
				}
			}
			if tc.activation != "" {
				if len(rep.Device.Profiles) != before || len(rep.Device.LPAErrors) != 1 || rep.Device.LPAErrors[0].ICCID != tc.resolve {
					t.Errorf("device %+v, want no new profile and one LPA error for %s", rep.Device, tc.resolve)
				}
				return
			}
			if len(rep.Device.Profiles) != before+1 {
				t.Fatalf("profiles %+v, want one more; log:\n%s", rep.Device.Profiles, lifecycleLog(rep))
			}
			got := rep.Device.Profiles[len(rep.Device.Profiles)-1]
			if got.ActivationCode != code || got.State != simulator.ProfileActive || !cfg.Operator.OwnsICCID(got.ICCID) {
				t.Errorf("new profile %+v, want the active profile of %s in the operator's range", got, code)
			}
			if tc.resolve != "" && got.ICCID != tc.resolve {
				t.Errorf("new profile ICCID %s, want the SM-DP+'s %s", got.ICCID, tc.resolve)
			}
			if log := lifecycleLog(rep); !strings.Contains(log, "names no iccid") || !strings.Contains(log, got.ICCID) {
				t.Errorf("log %q does not say where the ICCID came from", log)
			}
		})
	}
}

// TestMinutesOutsideUint32DownloadNothing: the minutes arguments are an
// unsigned int (contract §2.1, §2.6; 32 bits on WinRT), so one above
// 4294967295, or one no integer at all such as 1e21, is arg-not-uint (an
// error) and the app cannot take the call: as from a legacy hand-back with
// error findings, nothing is downloaded, deferred or registered, no
// listener is called, and the log says why. 4294967295 itself is taken,
// and rounding never proposes more than it. Before, 4294967296 passed
// (interval-rounded proposed 4294967310; a deferred download waited
// 4294967296 minutes), and 1e21 was reported but downloaded all the same.
func TestMinutesOutsideUint32DownloadNothing(t *testing.T) {
	const async, inline = "MobilePlans.notifyPurchaseWithProfileDownload", "MobilePlansInlineOperations.notifyProfileDownload"
	tests := []struct {
		name        string
		api         string
		minutes     string
		wantRefused bool
		wantRounded string // the value interval-rounded proposes, if any
	}{
		{"async, 2^32", async, "4294967296", true, ""},
		{"async, 1e21", async, "1e21", true, ""},
		{"async, the largest uint", async, "4294967295", false, ""},
		{"async, rounded to the largest uint", async, "4294967294", false, "will use 4294967295"},
		{"deferred, 2^32", inline, "4294967296", true, ""},
		{"deferred, 1e21", inline, "1e21", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			before := len(cfg.Device.Profiles)
			env := inlineEnvelope(t, tc.api, "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$X", json.RawMessage(tc.minutes))
			var rep session.Report
			if tc.api == async {
				rep = runUntilEnd(t, cfg, env)
			} else {
				opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
					w.Envelope(env)
					time.Sleep(150 * time.Millisecond) // no download may start
					w.UserClose()
				}}
				var err error
				if rep, err = session.Run(context.Background(), opener, cfg, nil); err != nil {
					t.Fatal(err)
				}
			}
			var notUint, rounded []string
			for _, f := range rep.Findings {
				switch f.Code {
				case "arg-not-uint":
					notUint = append(notUint, f.Message)
				case "interval-rounded":
					rounded = append(rounded, f.Message)
				}
			}
			if (len(notUint) == 1) != tc.wantRefused || len(notUint) > 1 {
				t.Errorf("arg-not-uint %q, want refused=%v", notUint, tc.wantRefused)
			}
			if tc.wantRounded == "" && len(rounded) > 0 || tc.wantRounded != "" && (len(rounded) != 1 || !strings.Contains(rounded[0], tc.wantRounded)) {
				t.Errorf("interval-rounded %q, want %q", rounded, tc.wantRounded)
			}
			if rep.Device == nil {
				t.Fatal("report has no device")
			}
			log := lifecycleLog(rep)
			if !tc.wantRefused {
				if len(rep.Device.Profiles) != before+1 {
					t.Errorf("profiles %+v, want one more; log:\n%s", rep.Device.Profiles, log)
				}
				return
			}
			if len(rep.Device.Profiles) != before || len(rep.Device.LPAErrors) != 0 || len(rep.Callbacks) != 0 {
				t.Errorf("device %+v, call-backs %+v: want nothing downloaded and no call-back", rep.Device, rep.Callbacks)
			}
			if !strings.Contains(log, "no profile downloaded") || strings.Contains(log, "registering") || strings.Contains(log, "deferred download") || strings.Contains(log, "download started") {
				t.Errorf("log %q, want only why nothing is downloaded", log)
			}
		})
	}
}

// TestInstalledProfileSaysWhichLaunchSendsIt: the log line of an installed
// profile says whether a later launch sends it in iccids (contract §1.3):
// not when its ICCID is outside the operator's ranges (§1.2 item 6,
// iccid-not-operator-range), nor when the device is not saved. Before, it
// always said "it is sent in iccids at the next launch".
func TestInstalledProfileSaysWhichLaunchSendsIt(t *testing.T) {
	const code = "1$smdp.contoso.example$FATE-0001"
	tests := []struct {
		name    string
		foreign bool // an ICCID outside the operator's ranges

		notSaved string
		inMemory bool
		want     string
		wantCode string // a finding the hand-back must give
	}{
		{"operator's range", false, "", false, "it is sent in iccids at the next launch", ""},
		{"outside the operator's range", true, "", false, "no launch sends it in iccids (iccid-not-operator-range)", "iccid-not-operator-range"},
		{"device not saved", false, "a read-only configuration directory", false, "the device is not saved (a read-only configuration directory), so no later launch sends it in iccids", ""},
		{"device kept in memory", false, "another SIM kind", true, "only a later launch of this command or window sends it in iccids", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.DeviceNotSaved, cfg.DeviceKeptInMemory = tc.notSaved, tc.inMemory
			cfg.Expect.ICCIDRanges = cfg.Operator.Ranges()
			iccid := simulator.NewGenerator(31).ICCID(cfg.Operator)
			if tc.foreign {
				iccid = simulator.NewGenerator(31).ForeignICCID()
			}
			rep := runUntilEnd(t, cfg, envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/buy", legacyPayloadWith(t, iccid, code)))
			if tc.wantCode != "" && !slices.ContainsFunc(rep.Findings, func(f bridge.Finding) bool { return f.Code == tc.wantCode }) {
				t.Errorf("findings %+v, want %s", rep.Findings, tc.wantCode)
			}
			var line string
			for _, e := range rep.Log {
				if e.Lifecycle != nil && e.Lifecycle.Step == session.StepProfileInstalled {
					line = e.Text
				}
			}
			if !strings.Contains(line, iccid) || !strings.Contains(line, tc.want) {
				t.Errorf("profileInstalled log %q, want %s and %q; log:\n%s", line, iccid, tc.want, lifecycleLog(rep))
			}
			if tc.want != "it is sent in iccids at the next launch" && strings.Contains(line, "sent in iccids at the next launch") {
				t.Errorf("profileInstalled log %q promises the next launch the profile", line)
			}
		})
	}
}

// TestLegacyHandBackNamingAnotherICCIDThanItsCodesProfile: a legacy
// success whose activation code already installed a profile (a retry,
// §2.6) activates that profile; when the hand-back names another ICCID
// the session finds handback-iccid-not-codes-profile, as the portal
// recorded an ICCID its customer never gets. Before, only the log said so
// (and before that, only that the code was used already).
func TestLegacyHandBackNamingAnotherICCIDThanItsCodesProfile(t *testing.T) {
	const code = "1$smdp.contoso.example$RETRY-0002"
	const installed = "8988247000100003319"
	for _, tc := range []struct {
		name, iccid string
		want        bool
	}{
		{"another ICCID", "8988247000101867183", true},
		{"the profile's ICCID, padded", installed + "F", false},
		{"the profile's ICCID", installed, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Device.Profiles = append(cfg.Device.Profiles, simulator.Profile{ICCID: installed, Operator: cfg.Operator.Name, State: simulator.ProfileInstalled, ActivationCode: code})
			before := len(cfg.Device.Profiles)
			rep := runUntilEnd(t, cfg, envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/buy", legacyPayloadWith(t, tc.iccid, code)))
			if rep.Device == nil || len(rep.Device.Profiles) != before {
				t.Fatalf("device %+v, want no new profile", rep.Device)
			}
			var found []bridge.Finding
			for _, f := range rep.Findings {
				if f.Code == bridge.CodeHandbackICCIDNotCodesProfile {
					found = append(found, f)
				}
			}
			want := 0
			if tc.want {
				want = 1
			}
			if len(found) != want {
				t.Fatalf("%d %s findings, want %d; findings %+v", len(found), bridge.CodeHandbackICCIDNotCodesProfile, want, rep.Findings)
			}
			if !tc.want {
				return
			}
			f := found[0]
			if f.Severity != bridge.SeverityWarning || f.Field != "iccid" || f.Section != "§2.6, §2.7" {
				t.Errorf("finding %+v, want a warning on iccid citing §2.6, §2.7", f)
			}
			for _, want := range []string{"names iccid " + tc.iccid, "already installed profile " + installed, "the app activates the code's profile, " + installed, "not the customer's"} {
				if !strings.Contains(f.Message, want) {
					t.Errorf("finding message %q lacks %q", f.Message, want)
				}
			}
			if rep.Verdict == bridge.VerdictFail {
				t.Errorf("verdict %s: a warning must not fail the session", rep.Verdict)
			}
		})
	}
}
