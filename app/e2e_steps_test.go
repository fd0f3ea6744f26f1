package main

// End-to-end test of scenario steps (issue 14): `mpsim test` drives a small
// operator portal of the test's own (examples/steps-portal) through a fill,
// a choice and a click in real WebKit until it hands back; in a second
// scenario a mistyped selector never appears, and the cell fails with the
// step's number, its reason and the id the page has that it may have meant
// in the JUnit failure text.

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const stepsScenarios = `
[[scenario]]
name = "form"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
wait_for = "#form"

[[scenario.steps]]
fill = "#email"
value = "ann@example.com"

[[scenario.steps]]
choose = "#plan"
value = "Unlimited 5G"

[[scenario.steps]]
screenshot = "filled"

[[scenario.steps]]
click_text = "Buy now"

[scenario.expect]
status = ["Complete"]
success = true
ended = "handBack"
no_findings = ["scenario-step-failed"]

[[scenario]]
name = "navigate"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
click = "#next"

[[scenario.steps]]
wait_url = "/next"

[[scenario.steps]]
wait_text = "Second page"

[[scenario.steps]]
click = "#done"

[scenario.expect]
status = ["Complete"]
ended = "handBack"

[[scenario]]
name = "never"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
fill = "#email"
value = "ann@example.com"

[[scenario.steps]]
wait_for = "#emial"
timeout = "1s"

[scenario.expect]
status = ["Complete"]
`

// nextPage is where the sample portal's link leads: the steps go on
// after a navigation.
const nextPage = `<!doctype html><html lang="en"><head><title>Next</title></head><body><main>
<p>loading…</p><script>
setTimeout(function () {
  document.querySelector("p").textContent = "Second page";
  var b = document.createElement("button");
  b.id = "done"; b.textContent = "Done";
  b.onclick = function () {
    var q = new URLSearchParams(location.search);
    DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: true, iccid: "", transactionId: q.get("transactionId"),
      purchaseResult: JSON.stringify({userAccount: "New", purchaseInstrument: "New", line: "New", moDirectStatus: "Complete", planName: "Next"})}));
  };
  document.querySelector("main").appendChild(b);
}, 400);
</script></main></body></html>`

func TestE2EScenarioSteps(t *testing.T) {
	needE2E(t)
	page, err := os.ReadFile(filepath.Join("..", "examples", "steps-portal", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	p := startTestPortal(t, map[string]string{"/": string(page), "/next": nextPage})
	dir := t.TempDir()
	file := filepath.Join(dir, "steps.toml")
	if err := os.WriteFile(file, fmt.Appendf(nil, stepsScenarios, p.base, p.certPath), 0o644); err != nil {
		t.Fatal(err)
	}
	junit := filepath.Join(dir, "junit.xml")
	stdout, _, code := mpsimTest(t, dir, file, "--parallel", "2", "--junit", junit, "--json")
	if code != 1 {
		t.Fatalf("mpsim test: exit code %d, want 1 (the never cell not met)", code)
	}

	var res struct {
		Cells []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Report *struct {
				Ended  string `json:"ended"`
				Result *struct {
					PurchaseResult struct {
						PlanName string `json:"planName"`
					} `json:"purchaseResult"`
				} `json:"result"`
				Log []struct {
					Kind string `json:"kind"`
					Text string `json:"text"`
					Step *struct {
						Index int  `json:"index"`
						OK    bool `json:"ok"`
					} `json:"step"`
				} `json:"log"`
			} `json:"report"`
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout)
	}
	for _, c := range res.Cells {
		if c.Report == nil {
			t.Fatalf("cell %s has no report (%s)", c.ID, c.Status)
		}
		var steps []string
		for _, e := range c.Report.Log {
			if e.Kind == "step" && e.Step != nil {
				steps = append(steps, fmt.Sprintf("%d:%v", e.Step.Index, e.Step.OK))
				t.Logf("%s: %s", c.ID, e.Text)
			}
		}
		switch c.ID {
		case "form/psim/en-US":
			if c.Status != "met" || c.Report.Result == nil || c.Report.Result.PurchaseResult.PlanName != "Unlimited 5G" {
				t.Errorf("form cell: %s, ended %s, result %+v", c.Status, c.Report.Ended, c.Report.Result)
			}
			if strings.Join(steps, " ") != "1:true 2:true 3:true 4:true 5:true" {
				t.Errorf("form cell steps = %v", steps)
			}
		case "navigate/psim/en-US":
			if c.Status != "met" || strings.Join(steps, " ") != "1:true 2:true 3:true 4:true" {
				t.Errorf("navigate cell: %s, ended %s, steps %v", c.Status, c.Report.Ended, steps)
			}
		case "never/psim/en-US":
			if c.Status != "unmet" || c.Report.Ended != "stepFailed" || strings.Join(steps, " ") != "1:true 2:false" {
				t.Errorf("never cell: %s, ended %s, steps %v", c.Status, c.Report.Ended, steps)
			}
		default:
			t.Errorf("unexpected cell %s", c.ID)
		}
	}

	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JUnit: %v\n%s", err, data)
	}
	var failure string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failure = c.Name + ": " + c.Failure.Text
			}
		}
	}
	// The step is named with its file:line ("…, at DIR/steps.toml:N").
	want := `) failed: no visible element matches the selector "#emial" within 1 s; did you mean "#email"? The session ended there.`
	if doc.Failures != 1 || !strings.HasPrefix(failure, "never/psim/en-US") || !strings.Contains(failure, want) ||
		!strings.Contains(failure, `Scenario step 2 (wait_for "#emial", at `) ||
		!strings.Contains(failure, `✗ steps: want every step done, got step 2 (wait_for "#emial", at `) {
		t.Errorf("JUnit: %d failures; failure %q\nwant it to contain %q", doc.Failures, failure, want)
	}
}
