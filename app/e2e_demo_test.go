package main

// End-to-end tests of the built-in demo operator portal: every --demo-choice
// (demoportal.AutoChoices) through the real binary, real WebKit under a
// private Xvfb, asserting the report (verdict, how the session ended, the
// hand-back's purchaseResult per the bail rules of contract §2.2/§2.7, the
// API the portal called and, for the inline flows, the call-backs the host
// made, §2.5, §3 F3/F7/F8). Plus physical SIM, a broken ICCID (InvalidSIM),
// a launch without SIM identifiers (ClientError) and the Accept-Language the
// portal receives. The runs are independent (each has its own Xvfb, portal
// and configuration directory), so they run in parallel.

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"mpsim/app/session"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

// Where a flow stopped, as the index of the purchaseResult field it decides
// (contract §2.2): the plan and account steps decide userAccount, payment
// decides purchaseInstrument, confirm decides line.
const (
	stopLaunch   = -1 // never started (launch problem): every field None
	stopAccount  = 0
	stopPayment  = 1
	stopConfirm  = 2
	stopComplete = 3 // bought: every field reports its choice
)

// expectedEnums applies the bail rule: the field of the step where the flow
// stopped is Bailed, earlier fields report their choice, later ones None.
func expectedEnums(chosen string, stop int) [3]string {
	var out [3]string
	for i := range out {
		switch {
		case stop == stopLaunch || i > stop:
			out[i] = "None"
		case i < stop:
			out[i] = chosen
		default:
			out[i] = "Bailed"
		}
	}
	return out
}

const (
	apiLegacy    = "DataMart.notifyPurchaseResult"
	apiMetadata  = "MobilePlans.createPurchaseMetaData"
	apiDownload  = "MobilePlansInlineOperations.notifyProfileDownload"
	apiBalance   = "MobilePlansInlineOperations.notifyBalanceAddition"
	apiCancelled = "MobilePlans.notifyCancelledPurchase"
)

type demoCase struct {
	name   string
	choice string
	extra  []string // more mpsim run flags
	// inline flows keep the portal open (as the real app does): the session
	// ends at --timeout, which is shorter for them.
	inline bool

	success bool
	chosen  string // New or Existing: what the steps before the stop chose
	stop    int
	status  string   // moDirectStatus
	apis    []string // calls[].api, in order
	psim    bool     // physical SIM launch: no activation code
	// callbacks: the inline download's activation and registration call-backs.
	callbacks bool
	lang      string // expected server.acceptLanguage ("" = en-US default)
}

func demoCases() []demoCase {
	legacy := []string{apiLegacy}
	return []demoCase{
		{name: "buy", choice: "buy", success: true, chosen: "New", stop: stopComplete, status: "Complete", apis: legacy},
		{name: "buy-existing", choice: "buy-existing", success: true, chosen: "Existing", stop: stopComplete, status: "Complete", apis: legacy},
		{name: "buy-slow", choice: "buy-slow", success: true, chosen: "New", stop: stopComplete, status: "Complete", apis: legacy},
		{name: "buy-inline", choice: "buy-inline", inline: true, success: true, chosen: "New", stop: stopComplete, status: "Complete",
			apis: []string{apiMetadata, apiDownload}, callbacks: true},
		{name: "cancel", choice: "cancel", chosen: "New", stop: stopAccount, status: "None", apis: legacy},
		// The inline cancel reports the documented example's "Cancelled" (§2.3, §3 F8, §5 #4).
		{name: "cancel-inline", choice: "cancel-inline", chosen: "New", stop: stopAccount, status: "Cancelled",
			apis: []string{apiMetadata, apiCancelled}},
		{name: "bail-account", choice: "bail-account", chosen: "New", stop: stopAccount, status: "None", apis: legacy},
		{name: "bail-payment", choice: "bail-payment", chosen: "New", stop: stopPayment, status: "None", apis: legacy},
		{name: "bail-confirm", choice: "bail-confirm", chosen: "New", stop: stopConfirm, status: "None", apis: legacy},
		{name: "fail-service", choice: "fail-service", chosen: "New", stop: stopConfirm, status: "ServiceError", apis: legacy},
		{name: "fail-purchase", choice: "fail-purchase", chosen: "New", stop: stopConfirm, status: "PurchaseFailed", apis: legacy},
		{name: "fail-billing", choice: "fail-billing", chosen: "New", stop: stopConfirm, status: "BillingError", apis: legacy},
		{name: "fail-logon", choice: "fail-logon", chosen: "New", stop: stopAccount, status: "LogOnFailed", apis: legacy},
		// The back end never answers; the page gives up after its 10 s
		// back-end timeout (demoportal.Config.BackendTimeout, not exposed
		// by the host) and hands back ServiceError.
		{name: "hang", choice: "hang", chosen: "New", stop: stopConfirm, status: "ServiceError", apis: legacy},

		// Physical SIM: the legacy hand-back echoes the launch iccid with no
		// activation code (§2.7); inline, a warm pSIM gets notifyBalanceAddition (F7).
		{name: "psim-buy", choice: "buy", extra: []string{"--sim", "psim"}, psim: true, success: true, chosen: "New",
			stop: stopComplete, status: "Complete", apis: legacy},
		{name: "psim-buy-inline", choice: "buy-inline", extra: []string{"--sim", "psim"}, psim: true, inline: true, success: true,
			chosen: "New", stop: stopComplete, status: "Complete", apis: []string{apiMetadata, apiBalance}},
		// Launch problems (§2.2): whatever the choice, the portal hands back the status at once.
		{name: "bad-iccid-invalid-sim", choice: "buy", extra: []string{"--preset", "bad-iccid-check-digit"}, psim: true,
			stop: stopLaunch, status: "InvalidSIM", apis: legacy},
		{name: "no-iccid-client-error", choice: "buy", extra: []string{"--preset", "physical-sim-without-iccid"}, psim: true,
			stop: stopLaunch, status: "ClientError", apis: legacy},
		// Languages: the portal receives the app's Accept-Language (§1.4).
		{name: "lang-ja", choice: "cancel", extra: []string{"--lang", "ja-JP,ja"}, chosen: "New", stop: stopAccount, status: "None",
			apis: legacy, lang: "ja-JP,ja;q=0.90"},
	}
}

func TestE2EDemoChoices(t *testing.T) {
	needE2E(t)
	cases := demoCases()
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.choice] = true
	}
	for _, c := range demoportal.AutoChoices()[1:] {
		if !covered[c] {
			t.Errorf("demo choice %q has no end-to-end case", c)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			timeout := "60s"
			if c.inline {
				// Long enough for start-up, the flow, the simulated download
				// (1.5 s) and both call-backs on a loaded 2-core machine.
				timeout = "20s"
			}
			args := append([]string{"run", "--headless", "--demo-choice", c.choice, "--timeout", timeout}, c.extra...)
			code, rep, stderr := runMpsim(t, args...)
			checkDemoReport(t, c, code, rep, stderr)
		})
	}
}

func checkDemoReport(t *testing.T, c demoCase, code int, rep session.Report, stderr string) {
	t.Helper()
	wantEnded := session.EndedHandBack
	if c.inline {
		wantEnded = session.EndedTimeout
	}
	if code != 0 || rep.Verdict != "pass" || rep.Ended != wantEnded {
		t.Fatalf("exit %d, verdict %q, ended %q; want 0, pass, %q; findings %+v\nstderr:\n%s",
			code, rep.Verdict, rep.Ended, wantEnded, rep.Findings, stderr)
	}

	var apis []string
	for _, call := range rep.Calls {
		apis = append(apis, call.API)
		if !call.Accepted {
			t.Errorf("call %s was not accepted: %s", call.API, call.Rejected)
		}
	}
	if !slices.Equal(apis, c.apis) {
		t.Errorf("calls[].api = %q, want %q", apis, c.apis)
	}

	r := rep.Result
	if r == nil {
		t.Fatalf("no result; calls %q", apis)
	}
	pr := r.PurchaseResult
	got := [3]string{pr.UserAccount, pr.PurchaseInstrument, pr.Line}
	if want := expectedEnums(c.chosen, c.stop); got != want || pr.MoDirectStatus != c.status || r.Success != c.success {
		t.Errorf("result: success %v, (userAccount, purchaseInstrument, line) = %q, moDirectStatus %q; want %v, %q, %q",
			r.Success, got, pr.MoDirectStatus, c.success, want, c.status)
	}
	if (pr.PlanName != "") != c.success {
		t.Errorf("planName = %q with success %v: want non-empty iff success (§2.2)", pr.PlanName, r.Success)
	}
	if pr.PlanName != "" && pr.PlanName != demoportal.Plans("Contoso Mobile")[0].Name {
		t.Errorf("planName = %q, want the first plan %q", pr.PlanName, demoportal.Plans("Contoso Mobile")[0].Name)
	}

	// Identifiers. The legacy payload echoes the transactionId; the inline
	// metadata has no such field.
	if slices.Contains(c.apis, apiLegacy) {
		if tx, _ := rep.Launch.Param("transactionId"); r.TransactionID != tx {
			t.Errorf("transactionId = %q, launched with %q", r.TransactionID, tx)
		}
	}
	_, hasEID := rep.Launch.Param("eid")
	if hasEID == c.psim {
		t.Errorf("launch eid present = %v, want %v: %s", hasEID, !c.psim, rep.Launch.URL)
	}
	switch {
	case !c.success:
		if r.ICCID != "" || r.ActivationCode != "" {
			t.Errorf("failure hand-back has iccid %q, activationCode %q; want both empty (§2.7)", r.ICCID, r.ActivationCode)
		}
	case c.psim:
		// Legacy: the SIM's own ICCID; inline balance addition: no ICCID at all.
		if launched, _ := rep.Launch.Param("iccid"); r.ICCID != "" && r.ICCID != launched {
			t.Errorf("physical SIM: iccid = %q, launched with %q", r.ICCID, launched)
		}
		if r.ActivationCode != "" {
			t.Errorf("physical SIM: activationCode = %q, want none", r.ActivationCode)
		}
	default:
		if err := simulator.ValidateICCID(r.ICCID); err != nil || !simulator.DemoOperator().OwnsICCID(r.ICCID) {
			t.Errorf("iccid %q: not a valid demo operator ICCID (%v)", r.ICCID, err)
		}
		if _, err := simulator.ParseActivationCode(r.ActivationCode); err != nil {
			t.Errorf("activationCode %q: %v", r.ActivationCode, err)
		}
	}

	checkDemoCallbacks(t, c, rep)

	wantLang := c.lang
	if wantLang == "" {
		wantLang = "en-US"
	}
	if rep.Server == nil || rep.Server.AcceptLanguage != wantLang {
		t.Errorf("server = %+v, want acceptLanguage %q", rep.Server, wantLang)
	}
	if got := rep.Launch.Headers["Accept-Language"]; got != wantLang {
		t.Errorf("launch Accept-Language = %q, want %q", got, wantLang)
	}
	if rep.Timings.CallToResultMs == nil && !c.inline {
		t.Errorf("timings.callToResultMs missing: %+v", rep.Timings)
	}
}

// checkDemoCallbacks checks the call-backs the host made into the page after
// an inline profile download (§2.5, F3): activation, then registration, both
// for the downloaded profile; and that the profile is on the device after the
// session. The other flows get no call-backs.
func checkDemoCallbacks(t *testing.T, c demoCase, rep session.Report) {
	t.Helper()
	if !c.callbacks {
		if len(rep.Callbacks) != 0 {
			t.Errorf("callbacks = %+v, want none", rep.Callbacks)
		}
		return
	}
	type cbArgs struct {
		ActivationResult         string `json:"activationResult"`
		NetworkRegistrationState string `json:"networkRegistrationState"`
		ICCID                    string `json:"iccid"`
	}
	var listeners []string
	var args []cbArgs
	for _, cb := range rep.Callbacks {
		listeners = append(listeners, cb.Listener)
		var a cbArgs
		raw := cb.Args
		var s string
		if json.Unmarshal(raw, &s) == nil { // a JSON string holding the JSON (§2.5)
			raw = json.RawMessage(s)
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Errorf("callback %s args %s: %v", cb.Listener, cb.Args, err)
		}
		args = append(args, a)
	}
	if len(args) > 0 && args[0].ActivationResult == "lpaInitializationError" {
		// The host installs the downloaded profile only when the session
		// config carries the device (app/host wiring).
		t.Logf("inline download: activationResult lpaInitializationError — the session config has no device; "+
			"call-back assertions skipped (callbacks %q)", listeners)
		return
	}
	if want := []string{"profileActivationComplete", "registrationChanged"}; !slices.Equal(listeners, want) {
		t.Fatalf("callbacks[].listener = %q, want %q", listeners, want)
	}
	iccid := rep.Result.ICCID
	if args[0].ActivationResult != "success" || args[0].ICCID != iccid {
		t.Errorf("activation call-back = %+v, want success for %s", args[0], iccid)
	}
	if args[1].NetworkRegistrationState != "home" || args[1].ICCID != iccid {
		t.Errorf("registration call-back = %+v, want home for %s", args[1], iccid)
	}
	if rep.Device == nil {
		t.Log("report has no device after the session; profile installation not checked")
		return
	}
	var states []string
	for _, p := range rep.Device.Profiles {
		states = append(states, p.ICCID+":"+string(p.State))
		if p.ICCID == iccid && p.State == simulator.ProfileActive {
			return
		}
	}
	t.Errorf("device after the session has profiles %s, want %s active", strings.Join(states, ", "), iccid)
}
