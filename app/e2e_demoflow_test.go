package main

// End-to-end tests of the demo portal's own flow as a user goes through it
// (scenario steps in real WebKit, `mpsim test`): what it lets the user do
// while a purchase is in flight, what it says before payment and on its
// order page when the eSIM is full or its download moves on, the price on
// its confirm step, its account page's Cancel subscription, and how its
// back end answers a wrong password. Each was found in a demo to
// stakeholders; the demo portal is the exemplar of a correct portal.

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoFlowPresets is a presets file with a full eSIM: the launch after a
// download that failed for want of room (X-MP-LPAError-Codes:
// InsufficientSpaceOnCard, contract §1.4, F10) on the demo device, which
// holds a plan of the demo operator (so the portal has a top-up to offer).
const demoFlowPresets = `
[[preset]]
name = "full-esim"
sim = "esim"
market = "US"
location = "US"
mutations = ["header:X-MP-LPAError-Codes=InsufficientSpaceOnCard", "header:X-MP-LPAError-TimeStamps=12/8/2026 1:00:00 AM", "header:X-MP-LPAError-ICCIDs=8988247000101997790"]
`

// demoFlowToConfirm are the steps from the plan step to the confirm step
// with a new account and a new card.
const demoFlowToConfirm = `
[[scenario.steps]]
wait_for = "#plan-h"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
fill = "#new-name"
value = "Ann Example"
[[scenario.steps]]
fill = "#new-email"
value = "ann@example.com"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
fill = "#card-number"
value = "4242 4242 4242 4242"
[[scenario.steps]]
fill = "#card-expiry"
value = "12/30"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
wait_for = "#confirm-h"
`

// demoFlowScenarios are the scenarios; each wait with a short timeout is
// what the page must show then, and fails the cell when it does not.
var demoFlowScenarios = `
# While Buy now's purchase is in flight (a back end that never answers:
# the page gives up after 10 s), Cancel is off as Back and Next are: its
# question said "Nothing will be bought" with the purchase already sent
# (with the slow back end, 3 s, as QA found it; here the purchase stays
# in flight long enough for the steps to look, and no hand-back ends the
# session first).
[[scenario]]
name = "cancel-off-while-buying"
sims = ["esim"]
` + demoFlowToConfirm + `
[[scenario.steps]]
click = "#testpanel summary"
[[scenario.steps]]
click = "input[name=force][value=hang]"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
wait_for = "#busy:not([hidden])"
timeout = "2s"
[[scenario.steps]]
wait_for = "#btn-cancel:disabled"
timeout = "1s"
[[scenario.steps]]
wait_for = "#error-h"
timeout = "15s"
[[scenario.steps]]
click = "#btn-error-return"
[scenario.expect]
status = ["ServiceError"]
ended = "handBack"
no_findings = ["scenario-step-failed"]

# A full eSIM: the plan step says so and offers the top-up first; a new
# plan is warned about again before Buy now; when the download then fails
# for want of room, the order page's headline says the eSIM is not ready.
[[scenario]]
name = "full-esim"
preset = "full-esim"
demo_api = "inline"
[scenario.lifecycle]
activation_result = "insufficientSpaceOnCard"
download_time = "1s"
[[scenario.steps]]
wait_for = "#full-warn-plan:not([hidden])"
timeout = "5s"
[[scenario.steps]]
wait_for = "#mode-topup:checked"
timeout = "2s"
[[scenario.steps]]
click = "#mode-new"
` + demoFlowToConfirm + `
[[scenario.steps]]
wait_for = "#full-warn-confirm:not([hidden])"
timeout = "2s"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
wait_lifecycle = "downloadFailed"
[[scenario.steps]]
wait_text = "Your plan is bought, but your eSIM is not ready"
timeout = "5s"
[[scenario.steps]]
wait_text = "no room for another profile"
timeout = "2s"
[[scenario.steps]]
close = true
[scenario.expect]
status = ["Complete"]
ended = "closed"
no_findings = ["scenario-step-failed"]

# The order page's lead follows the listeners (F3): installed and
# connected once registered. Cancel subscription asks first, then shows
# the plan cancelled. The confirm step shows the total to pay.
[[scenario]]
name = "order-page-follows"
sims = ["esim"]
demo_api = "inline"
[scenario.lifecycle]
download_time = "1s"
` + demoFlowToConfirm + `
[[scenario.steps]]
wait_text = "US$15.00 / 30 days"
timeout = "2s"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
wait_lifecycle = "networkRegistered"
[[scenario.steps]]
wait_text = "your eSIM is installed and connected to the network"
timeout = "5s"
[[scenario.steps]]
click = "#btn-cancel-subscription"
[[scenario.steps]]
wait_for = "#cancelsub-confirm:not([hidden])"
timeout = "2s"
[[scenario.steps]]
click = "#cancelsub-yes"
[[scenario.steps]]
wait_text = "Cancelled plan"
timeout = "2s"
[[scenario.steps]]
wait_text = "Your subscription is cancelled"
timeout = "2s"
[[scenario.steps]]
close = true
[scenario.expect]
status = ["Complete"]
ended = "closed"
no_findings = ["scenario-step-failed"]

# A deferred download cancelled (F5): the lead no longer says the profile
# is ready in about 30 minutes.
[[scenario]]
name = "deferred-cancelled"
sims = ["esim"]
demo_api = "inline"
[scenario.lifecycle]
clock_speed = 1
` + demoFlowToConfirm + `
[[scenario.steps]]
click = "#install-later"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
wait_lifecycle = "deferredScheduled"
[[scenario.steps]]
click = "#btn-cancel-download"
[[scenario.steps]]
wait_lifecycle = "deferredCancelled"
[[scenario.steps]]
wait_text = "The eSIM download was cancelled, so nothing will be installed"
timeout = "2s"
[[scenario.steps]]
close = true
[scenario.expect]
status = ["Complete"]
ended = "closed"
no_findings = ["scenario-step-failed"]

# A wrong password is an answer of the back end, not an HTTP error that
# mpsim flags on the demo portal itself (request-http-error).
[[scenario]]
name = "wrong-password"
sims = ["esim"]
[[scenario.steps]]
wait_for = "#plan-h"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
click = "#account-existing"
[[scenario.steps]]
fill = "#signin-email"
value = "alex@contoso.example"
[[scenario.steps]]
fill = "#signin-password"
value = "wrong"
[[scenario.steps]]
click = "#btn-next"
[[scenario.steps]]
wait_text = "We couldn't sign you in"
timeout = "5s"
[[scenario.steps]]
click = "#btn-error-return"
[scenario.expect]
status = ["LogOnFailed"]
ended = "handBack"
no_findings = ["scenario-step-failed", "request-http-error"]
`

// TestE2EDemoPortalFlow runs demoFlowScenarios: every cell must be met.
func TestE2EDemoPortalFlow(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	if err := os.MkdirAll(config, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(config, "presets.toml"), []byte(demoFlowPresets), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "demo-flow.toml")
	if err := os.WriteFile(file, []byte(demoFlowScenarios), 0o644); err != nil {
		t.Fatal(err)
	}
	junit := filepath.Join(dir, "junit.xml")
	_, _, code := mpsimTest(t, dir, file, "--parallel", "2", "--no-axe", "--junit", junit)
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatalf("mpsim test: exit code %d, no JUnit: %v", code, err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JUnit: %v\n%s", err, data)
	}
	cells := 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			cells++
			if c.Failure != nil {
				t.Errorf("cell %s not met: %s\n%s", c.Name, c.Failure.Message, strings.TrimSpace(c.Failure.Text))
			}
		}
	}
	if cells != 5 || code != 0 {
		t.Errorf("mpsim test: exit code %d with %d cells, want 0 with 5", code, cells)
	}
}
