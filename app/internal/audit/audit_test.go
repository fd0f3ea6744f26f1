package audit

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// wantIDs is the DYNAMO page's order of the policies.
var wantIDs = []string{
	"business-legal", "business-connectivity-only", "business-immediate-activation", "business-terms",
	"business-support", "business-privacy", "business-account-management", "business-order-confirmation",
	"security-no-installs", "security-logout", "security-https", "security-https-resources",
	"advertising-none",
	"capabilities-minimum-functionality", "capabilities-startup-responsive", "capabilities-focus",
	"capabilities-no-popups", "capabilities-error-handling", "capabilities-error-support",
	"usability-frame-size", "usability-load", "usability-simple-navigation", "usability-no-window-buttons",
	"usability-back-forward", "usability-no-interference", "usability-clutter", "usability-cancel", "usability-brand",
	"localization-locale", "localization-languages", "localization-similar",
	"accessibility",
}

func TestEvaluateTable(t *testing.T) {
	ps := Evaluate(Input{})
	var ids []string
	areas := map[string]int{}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, p := range ps {
		ids = append(ids, p.ID)
		areas[p.Area]++
		if !kebab.MatchString(p.ID) || p.Text == "" {
			t.Errorf("policy %q: bad id or empty text", p.ID)
		}
		if p.Level != LevelRequired && p.Level != LevelRecommended {
			t.Errorf("policy %s: level %q", p.ID, p.Level)
		}
		if (p.Status == StatusManual || p.Status == StatusWarn) && p.Look == "" {
			t.Errorf("policy %s is %s without a Look", p.ID, p.Status)
		}
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("ids\n got %v\nwant %v", ids, wantIDs)
	}
	want := map[string]int{AreaBusiness: 8, AreaSecurity: 4, AreaAdvertising: 1, AreaCapabilities: 6, AreaUsability: 9, AreaLocalization: 3, AreaAccessibility: 1}
	if !reflect.DeepEqual(areas, want) {
		t.Errorf("areas %v, want %v", areas, want)
	}
}

func TestEmptyInputGuessesNoPass(t *testing.T) {
	for _, p := range Evaluate(Input{}) {
		if p.Status == StatusPass || p.Status == StatusFail {
			t.Errorf("empty input: %s is %s (%v)", p.ID, p.Status, p.Evidence)
		}
	}
}

func TestDeterministic(t *testing.T) {
	in := bad()
	a, b := Evaluate(in), Evaluate(in)
	if !reflect.DeepEqual(a, b) {
		t.Error("Evaluate is not deterministic")
	}
}

func TestCodesInBridgeTable(t *testing.T) {
	table := map[string]bridge.CodeInfo{}
	for _, c := range bridge.Codes() {
		table[c.Code] = c
	}
	used := map[string]bool{}
	for _, r := range policyRules() {
		if r.code == "" {
			continue
		}
		used[r.code] = true
		if r.code != "policy-"+r.id {
			t.Errorf("policy %s has code %s, want policy-%s", r.id, r.code, r.id)
		}
		ci, ok := table[r.code]
		if !ok {
			t.Errorf("code %s is not in bridge.Codes()", r.code)
			continue
		}
		want := bridge.SeverityWarning
		if r.level == LevelRecommended {
			want = bridge.SeverityInfo
		}
		if ci.Severity != want || ci.Section != "§4" {
			t.Errorf("code %s: severity %s section %s, want %s §4", r.code, ci.Severity, ci.Section, want)
		}
	}
	for c := range table {
		if strings.HasPrefix(c, "policy-") && !used[c] {
			t.Errorf("bridge code %s belongs to no policy", c)
		}
	}
}

func TestPoliciesDoc(t *testing.T) {
	b, err := os.ReadFile("../../../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, r := range policyRules() {
		if !strings.Contains(doc, "`"+r.id+"`") {
			t.Errorf("docs/policies.md does not list `%s`", r.id)
		}
		if r.code != "" && !strings.Contains(doc, "`"+r.code+"`") {
			t.Errorf("docs/policies.md does not name the code `%s`", r.code)
		}
	}
	for _, h := range bannedHosts() {
		if !strings.Contains(doc, "`"+h.suffix+h.path+"`") {
			t.Errorf("docs/policies.md does not list the host `%s%s`", h.suffix, h.path)
		}
	}
}

func TestFindingsAndSummary(t *testing.T) {
	ps := Evaluate(bad())
	fs := Findings(ps)
	sum := Summary(ps)
	total := 0
	for _, n := range sum {
		total += n
	}
	if total != len(wantIDs) {
		t.Errorf("summary counts %d policies", total)
	}
	// One finding per failed or warned policy, but none for a policy that
	// only restates a finding of the session (the bad session's script
	// dialog fails usability-no-interference).
	restating := 0
	for _, p := range ps {
		if len(p.Restates) > 0 {
			restating++
		}
	}
	if restating != 1 {
		t.Errorf("%d policies restate a session finding, want 1 (usability-no-interference)", restating)
	}
	if len(fs) != sum[StatusFail]+sum[StatusWarn]-restating {
		t.Errorf("%d findings for %d fail + %d warn, %d restating", len(fs), sum[StatusFail], sum[StatusWarn], restating)
	}
	for _, f := range fs {
		if f.Code != "policy-"+f.Field || f.Section != "§4" || f.Message == "" {
			t.Errorf("finding %+v", f)
		}
	}
	if got := Findings(Evaluate(good())); len(got) != 0 {
		t.Errorf("good session has findings: %v", got)
	}
}

func TestGoodSession(t *testing.T) {
	for _, p := range Evaluate(good()) {
		if p.Status != StatusPass && p.Status != StatusManual {
			t.Errorf("good session: %s is %s: %v", p.ID, p.Status, p.Evidence)
		}
		if len(p.Evidence) == 0 && p.Status == StatusPass {
			t.Errorf("good session: %s passes without evidence", p.ID)
		}
	}
}

func TestThresholdDefaults(t *testing.T) {
	if got := (Thresholds{}).withDefaults(); got != DefaultThresholds() {
		t.Errorf("zero thresholds: %+v", got)
	}
	got := (Thresholds{BytesPass: 10, ClutterText: 7}).withDefaults()
	if got.BytesPass != 10 || got.ClutterText != 7 || got.BytesFail != DefaultThresholds().BytesFail {
		t.Errorf("override: %+v", got)
	}
}

func TestCapEvidence(t *testing.T) {
	var ev []string
	for range 30 {
		ev = append(ev, "x")
	}
	got := capEvidence(ev)
	if len(got) != maxEvidence || got[maxEvidence-1] != "… and 19 more" {
		t.Errorf("capEvidence: %d lines, last %q", len(got), got[len(got)-1])
	}
}

func ms(v float64) *float64 { return &v }

// good is a clean eSIM purchase session on an https portal.
func good() Input {
	return Input{
		LaunchURL:    "https://portal.example/mp?transactionId=t1",
		Languages:    []string{"fr-FR", "fr", "en"},
		SIM:          "esim",
		AllowedHosts: []string{"notify.example"},
		FirstPaintMs: ms(900),
		HandBack: &bridge.Result{Success: true, ICCID: "8988247000100297655", ActivationCode: "1$smdp.example$ABC", TransactionID: "t1",
			PurchaseResult: bridge.PurchaseResult{UserAccount: "New", PurchaseInstrument: "New", Line: "New", MoDirectStatus: "Complete", PlanName: "5 GB"}},
		Console: []inspect.ConsoleMessage{{Kind: inspect.ConsoleCall, Level: "log", Text: "hi"}},
		Network: []inspect.Request{
			{ID: 1, Method: "GET", URL: "https://portal.example/mp?transactionId=t1", Status: 200, Type: inspect.TypeDocument, Main: true, Bytes: 20000, StartMs: 100, ResponseMs: 200, EndMs: 250,
				ResponseHeaders: []inspect.Header{{Name: "Content-Language", Value: "fr"}, {Name: "Set-Cookie", Value: "SID=abc; Secure; HttpOnly; SameSite=Strict"}}},
			{ID: 2, Method: "GET", URL: "https://portal.example/app.js", Status: 200, Type: inspect.TypeScript, Bytes: 50000, StartMs: 260, EndMs: 400},
			{ID: 3, Method: "GET", URL: "https://portal.example/logo.png", Status: 200, Type: inspect.TypeImage, Bytes: 8000, StartMs: 260, EndMs: 380},
			{ID: 4, Method: "POST", URL: "https://portal.example/api/logout", Status: 204, Type: inspect.TypeFetch, StartMs: 9000, EndMs: 9100},
		},
		Navigations: []inspect.Navigation{
			{Kind: inspect.NavTopFrame, URL: "https://portal.example/mp?transactionId=t1", Cause: "other"},
			{Kind: inspect.NavTopFrame, URL: "https://notify.example/done", From: "https://portal.example/mp", Cause: "form"},
		},
		Screenshots: []inspect.Screenshot{{Label: "first-paint", Path: "/tmp/s/first-paint.png", AtMs: 500}, {Label: "handback", Path: "/tmp/s/handback.png", AtMs: 9000}},
		Probes:      []inspect.Probe{goodProbe("first-paint"), goodProbe("handback")},
	}
}

// goodProbe is a clean page that fits 800x600.
func goodProbe(label string) inspect.Probe {
	return inspect.Probe{
		Label: label, URL: "https://portal.example/mp", Lang: "fr-FR",
		ViewportWidth: 800, ViewportHeight: 600, ScrollWidth: 800, ScrollHeight: 900,
		Scripts: []string{"https://portal.example/app.js"}, Images: 2, TextLength: 800,
		Cancel: []string{`button#cancel "Annuler"`}, Back: []string{`button#back "Retour"`},
		Support: []string{`a#support "Assistance"`}, Privacy: []string{`a[href="/privacy"] "Confidentialité"`}, Terms: []string{`a#cgv "Conditions"`},
		Accessibility: &inspect.AxeResult{Version: "4.10.2", Passes: 30},
		Controls:      4, Links: 3,
		Text: []string{"Choisissez un forfait", "5 Go", "30 jours", "9,99 €", "Suivant", "Annuler", "Conditions", "Assistance", "Confidentialité", "Contoso Mobile"},
	}
}

// bad breaks every automated policy at once.
func bad() Input {
	in := good()
	in.LaunchURL = "http://portal.example/mp"
	in.FirstPaintMs = ms(12000)
	in.HandBack.ActivationCode, in.HandBack.ICCID = "", ""
	in.Findings = []bridge.Finding{{Code: bridge.CodeScriptDialog, Field: "alert", Message: `alert("Hi")`}}
	in.Console = append(in.Console, inspect.ConsoleMessage{Kind: inspect.ConsoleError, Level: "error", Text: "TypeError: x is undefined", Source: "https://portal.example/app.js", Line: 3, Column: 9})
	in.Network = append(in.Network, inspect.Request{ID: 9, Method: "GET", URL: "https://cdn.example/big.jpg", Type: inspect.TypeImage, Bytes: 4 << 20, StartMs: 300, EndMs: 20000})
	in.Navigations = append(in.Navigations, inspect.Navigation{Kind: inspect.NavPopup, URL: "https://portal.example/promo", Blocked: true})
	p := in.Probes[0]
	p.Lang, p.ScrollWidth, p.Videos, p.WindowButtons, p.Images = "de", 1100, 1, []string{`button.close "×"`}, 40
	p.Cancel, p.Back, p.Support, p.Privacy, p.Terms = nil, nil, nil, nil, nil
	p.InsecureRefs = []string{"http://portal.example/logo.png"}
	p.Accessibility = &inspect.AxeResult{Version: "4.10.2", Violations: []inspect.AxeViolation{{ID: "image-alt", Impact: "critical", Help: "Images must have alternate text", Nodes: 1, Targets: []string{"img#hero"}}}}
	in.Probes = []inspect.Probe{p}
	return in
}

// A portal that did not load fails usability-no-interference in the policy
// table, and the session keeps one finding of it, portal-load-failed (issue
// 10: one finding, not two).
func TestLoadFailureIsOneFinding(t *testing.T) {
	in := good()
	in.HandBack = nil
	in.Findings = []bridge.Finding{{Code: bridge.CodePortalLoadFailed, Field: "url", Message: "The portal did not load: network: refused"}}
	ps := Evaluate(in)
	var p Policy
	for _, q := range ps {
		if q.ID == "usability-no-interference" {
			p = q
		}
	}
	if p.Status != StatusFail || len(p.Restates) != 1 || p.Restates[0] != bridge.CodePortalLoadFailed {
		t.Errorf("usability-no-interference = %s, restates %v; want fail restating %s", p.Status, p.Restates, bridge.CodePortalLoadFailed)
	}
	for _, f := range Findings(ps) {
		if f.Code == "policy-usability-no-interference" {
			t.Errorf("a second finding of the load failure: %+v", f)
		}
	}
}
