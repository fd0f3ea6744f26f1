package main

// End-to-end test of scenario steps (issue 14): `mpsim test` drives a small
// operator portal of the test's own (examples/steps-portal) through a fill,
// a choice and a click in real WebKit until it hands back, in English and
// in German with the step texts and the expected plan name of each
// language (a French cell, which the tables have no text for, cannot
// run; the others do); in a second
// scenario a mistyped selector never appears, and the cell fails with the
// step's number, its reason and the id the page has that it may have meant
// in the JUnit failure text.

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const stepsScenarios = `
[[scenario]]
name = "form"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]
languages = ["en-US", "de-DE", "fr-FR"]

[[scenario.steps]]
wait_for = "#form"

[[scenario.steps]]
fill = "#email"
value = "ann@example.com"

[[scenario.steps]]
choose = "#plan"
value = { en = "Unlimited 5G", de = "Unbegrenzt 5G" }

[[scenario.steps]]
screenshot = "filled"

[[scenario.steps]]
click_text = { en = "Buy now", de = "Jetzt kaufen" }

[scenario.expect]
status = ["Complete"]
success = true
ended = "handBack"
no_findings = ["scenario-step-failed"]
plan_name = { en = "Unlimited 5G", de = "Unbegrenzt 5G" }
html_lang = "cell"

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
	stdout, stderr, code := mpsimTest(t, dir, file, "--parallel", "2", "--junit", junit, "--json")
	if code != 1 {
		t.Fatalf("mpsim test: exit code %d, want 1 (the never cell not met)", code)
	}
	// Without --html the progress lines say where the failed step's
	// screenshot is.
	_, shot, ok := strings.Cut(stderr, "screenshot of the failed step: ")
	shot, _, _ = strings.Cut(shot, "\n")
	if fi, err := os.Stat(shot); !ok || err != nil || fi.Size() == 0 || !strings.HasSuffix(shot, ".png") {
		t.Errorf("the failed step's screenshot %q (said: %v): %v", shot, ok, err)
	}

	var res struct {
		Cells []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Error  string `json:"error"`
			Checks []struct {
				Name string `json:"name"`
				Met  bool   `json:"met"`
			} `json:"checks"`
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
		if c.ID == "form/psim/fr-FR" {
			if c.Status != "error" || c.Report != nil || !strings.Contains(c.Error, `: step 3 (value) has no value for the cell's language fr-FR: its keys are de, en`) {
				t.Errorf("fr-FR cell: %s, %q", c.Status, c.Error)
			}
			continue
		}
		if c.Report == nil {
			t.Fatalf("cell %s has no report (%s)", c.ID, c.Status)
		}
		var steps, texts []string
		for _, e := range c.Report.Log {
			if e.Kind == "step" && e.Step != nil {
				steps = append(steps, fmt.Sprintf("%d:%v", e.Step.Index, e.Step.OK))
				texts = append(texts, e.Text)
				t.Logf("%s: %s", c.ID, e.Text)
			}
		}
		switch c.ID {
		case "form/psim/en-US", "form/psim/de-DE":
			plan := map[string]string{"form/psim/en-US": "Unlimited 5G", "form/psim/de-DE": "Unbegrenzt 5G"}[c.ID]
			if c.Status != "met" || c.Report.Result == nil || c.Report.Result.PurchaseResult.PlanName != plan {
				t.Errorf("form cell %s: %s, ended %s, result %+v, checks %+v", c.ID, c.Status, c.Report.Ended, c.Report.Result, c.Checks)
			}
			if strings.Join(steps, " ") != "1:true 2:true 3:true 4:true 5:true" {
				t.Errorf("form cell %s steps = %v", c.ID, steps)
			}
			if c.ID == "form/psim/de-DE" && !slices.Contains(texts, `step 5: click_text "Jetzt kaufen": clicked <button#buy> "Jetzt kaufen"`) {
				t.Errorf("de-DE steps' records = %q", texts)
			}
			var checks []string
			for _, ch := range c.Checks {
				checks = append(checks, fmt.Sprintf("%s=%v", ch.Name, ch.Met))
			}
			if got := strings.Join(checks, " "); !strings.Contains(got, "planName=true") || !strings.Contains(got, "html lang=true") {
				t.Errorf("form cell %s checks: %s", c.ID, got)
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

// nfcScenario drives nfcPage with texts written the other way round from
// the page's: accents typed as combining marks (TOML "\u0301") where the
// page has precomposed letters, and precomposed where the page has
// combining marks. The texts look alike and are the same in Unicode NFC.
const nfcScenario = `
[[scenario]]
name = "nfc"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]
languages = ["fr-FR"]

[[scenario.steps]]
wait_text = "Donne\u0301es illimite\u0301es"
timeout = "4s"

[[scenario.steps]]
choose = "#plan"
value = "Forfait illimite\u0301"

[[scenario.steps]]
click_text = "E\u0301tape suivante"
timeout = "4s"

[[scenario.steps]]
wait_text = "Crédit épuisé"
timeout = "4s"

[[scenario.steps]]
click_text = "Terminé"
timeout = "4s"

[scenario.expect]
status = ["Complete"]
ended = "handBack"
no_findings = ["scenario-step-failed"]
`

// nfcPage has precomposed text and, once its button is clicked, text and
// a button whose accents are combining marks (written with JavaScript
// escapes, so the file's own normalisation does not matter).
const nfcPage = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Forfaits</title></head><body><main>
<p>Données illimitées pendant 30 jours</p>
<select id="plan"><option value="base">Forfait de base</option><option value="unl">Forfait illimité</option></select>
<button id="next">Étape suivante</button>
<script>
document.getElementById("next").onclick = function () {
  setTimeout(function () {
    var p = document.createElement("p");
    p.textContent = "Cre\u0301dit e\u0301puise\u0301";
    var b = document.createElement("button");
    b.textContent = "Termine\u0301";
    b.onclick = function () {
      var q = new URLSearchParams(location.search);
      DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: true, iccid: "", transactionId: q.get("transactionId"),
        purchaseResult: JSON.stringify({userAccount: "New", purchaseInstrument: "New", line: "New", moDirectStatus: "Complete",
          planName: document.getElementById("plan").value})}));
    };
    document.querySelector("main").append(p, b);
  }, 300);
};
</script></main></body></html>`

// TestE2EStepTextsCompareInNFC: wait_text, click_text and choose's option
// label match the page's text in Unicode NFC, so a text typed with
// combining accents finds the page's precomposed one and the other way
// round (before, "the text … did not appear" quoted a line that looked the
// same).
func TestE2EStepTextsCompareInNFC(t *testing.T) {
	needE2E(t)
	if !strings.Contains(nfcPage, "Données") || strings.Contains(nfcPage, "e\u0301") {
		t.Fatal("the test page should have precomposed accents in its markup")
	}
	p := startTestPortal(t, map[string]string{"/": nfcPage})
	dir := t.TempDir()
	file := filepath.Join(dir, "nfc.toml")
	if err := os.WriteFile(file, fmt.Appendf(nil, nfcScenario, p.base, p.certPath), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := mpsimTest(t, dir, file, "--json")
	var res struct {
		Cells []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Error  string `json:"error"`
			Checks []struct {
				Name string `json:"name"`
				Met  bool   `json:"met"`
			} `json:"checks"`
			Report *struct {
				Result *struct {
					PurchaseResult struct {
						PlanName string `json:"planName"`
					} `json:"purchaseResult"`
				} `json:"result"`
				Log []struct {
					Kind string `json:"kind"`
					Text string `json:"text"`
					Step *struct {
						OK bool `json:"ok"`
					} `json:"step"`
				} `json:"log"`
			} `json:"report"`
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("--json output: %v\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	if len(res.Cells) != 1 || res.Cells[0].Report == nil {
		t.Fatalf("mpsim test: exit %d, %d cells\n%s", code, len(res.Cells), stdout)
	}
	c := res.Cells[0]
	var steps, texts []string
	for _, e := range c.Report.Log {
		if e.Kind == "step" && e.Step != nil {
			steps = append(steps, fmt.Sprint(e.Step.OK))
			texts = append(texts, e.Text)
		}
	}
	if code != 0 || c.Status != "met" || strings.Join(steps, " ") != "true true true true true" {
		t.Errorf("mpsim test: exit %d, cell %s %s, steps %v; want 0, met and five steps done; the steps:\n%s", code, c.ID, c.Status, steps, strings.Join(texts, "\n"))
	}
	if c.Report.Result == nil || c.Report.Result.PurchaseResult.PlanName != "unl" {
		t.Errorf("result %+v, want the plan chosen by its label (unl)", c.Report.Result)
	}
}

// labelsPage has two buttons, a link, a summary, a tab and two labelled
// fields.
const labelsPage = `<!doctype html><html lang="en"><head><title>Plans</title></head><body><main>
<label for="email">Email address</label><input id="email">
<label>Phone number <input id="phone"></label>
<a href="#help">Help</a><button>Back</button><div role="button">Next</div>
<details><summary>More plans</summary>x</details><span role="tab">Roaming</span>
</main></body></html>`

// labelsScenario clicks a text the page does not have.
const labelsScenario = `
[[scenario]]
name = "labels"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
click_text = "Purchase"
timeout = "1s"

[scenario.expect]
status = ["Complete"]
`

// testScenarioOn writes scenario, with p's address for %[1]s and its
// certificate's file for %[2]s, to a file named name in a new directory and
// runs mpsim test on it with args.
func testScenarioOn(t *testing.T, p *testPortal, name, scenario string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, fmt.Appendf(nil, scenario, p.base, p.certPath), 0o644); err != nil {
		t.Fatal(err)
	}
	return mpsimTest(t, dir, append([]string{file}, args...)...)
}

// TestE2EClickTextHintKeepsLabelsApart: a click_text step that found
// nothing lists the page's buttons and links (role=button, tabs and
// summaries too, which a click finds) and, apart from them, its field
// labels; before, the labels were among "the page's visible buttons and
// links", and then for a while the tabs and summaries were nowhere.
func TestE2EClickTextHintKeepsLabelsApart(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": labelsPage})
	_, stderr, code := testScenarioOn(t, p, "labels.toml", labelsScenario)
	want := `no visible element with the text "Purchase" within 1 s; the page's visible buttons and links: "Help", "Back", "Next", "More plans", "Roaming"; its visible field labels: "Email address", "Phone number"`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("mpsim test: exit %d, want 1 and %q in:\n%s", code, want, stderr)
	}
}

// framePage holds its payment form in a same-origin frame, twelve
// advertising frames (srcdoc: same-origin too), a payment provider's frame
// from another site (%[1]s) and a sandboxed frame, whose documents no
// script of the portal's origin can reach.
const framePage = `<!doctype html><html lang="en"><head><title>Checkout</title></head><body><main>
<button>Cancel</button><p id="paid"></p><iframe id="payframe" src="/pay?order=7" width="400" height="200"></iframe>
<iframe id="psp" src="%[1]s/card?order=7" width="300" height="100"></iframe>
<iframe class="sbx" sandbox="allow-scripts" srcdoc="<button>Sandboxed</button>" width="100" height="50"></iframe>
</main><script>for (let i = 0; i < 12; i++) { const f = document.createElement("iframe"); f.className = "ad slot-" + i;
f.srcdoc = "<p>ad</p>"; f.width = 40; f.height = 20; document.body.appendChild(f); }</script></body></html>`

// framePayPage is framePage's same-origin payment form: Pay now writes
// what was filled and chosen into the top document.
const framePayPage = `<!doctype html><html lang="en"><body><input id="card" aria-label="Card">
<select id="exp" aria-label="Expiry"><option>01/30</option><option>02/31</option></select>
<button onclick="parent.document.getElementById('paid').textContent = 'Paid ' + card.value + ' ' + exp.value">Pay now</button></body></html>`

// frameScenario fills, chooses and clicks in framePage's same-origin
// frame, waits for the top document to show it, then looks for a text
// that is in no frame.
const frameScenario = `
[[scenario]]
name = "frames"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
fill = "#card"
value = "4242"
timeout = "5s"

[[scenario.steps]]
choose = "#exp"
value = "02/31"

[[scenario.steps]]
click_text = "Pay now"

[[scenario.steps]]
wait_text = "Paid 4242 02/31"
timeout = "3s"

[[scenario.steps]]
click_text = "Nothing here"
timeout = "1s"

[scenario.expect]
status = ["Complete"]
`

// TestE2EStepsReachSameOriginFrames: steps fill, choose and click in a
// same-origin frame, and say so ("in iframe#payframe"); a step whose text
// is nowhere is told the buttons of every frame, the cross-origin ones
// (the provider's, the sandboxed srcdoc) too, whose frame agent answered
// (TestE2EStepsReachCrossOriginFrames acts in such frames). Before, steps
// looked only into the top document: the first step missed the frame's
// field; and then a miss only named the cross-origin frames.
func TestE2EStepsReachSameOriginFrames(t *testing.T) {
	needE2E(t)
	psp := startTestPortalOn(t, "127.0.0.2", map[string]string{"/card": `<!doctype html><html lang="en"><body><button>Card number</button></body></html>`})
	p := startTestPortalWithCert(t, "127.0.0.1", psp, map[string]string{"/": fmt.Sprintf(framePage, strings.TrimSuffix(psp.base, "/")), "/pay": framePayPage})
	stdout, stderr, code := testScenarioOn(t, p, "frames.toml", frameScenario, "--json")
	want := `frames.toml:24) failed: no visible element with the text "Nothing here" within 1 s; ` +
		`the page's visible buttons and links: "Cancel", "Pay now", "Card number", "Sandboxed".`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("mpsim test: exit %d, want 1 and %q in:\n%s", code, want, stderr)
	}
	var inFrame []string
	for _, v := range stepTexts(t, stdout) {
		if strings.HasSuffix(v, " in iframe#payframe") {
			inFrame = append(inFrame, v)
		}
	}
	slices.Sort(inFrame)
	wantIn := []string{
		`step 1: fill "#card" with "4242": filled <input#card> "4242" in iframe#payframe`,
		`step 2: choose "02/31" in "#exp": chose "02/31" in <select#exp> "02/31" in iframe#payframe`,
		`step 3: click_text "Pay now": clicked <button> "Pay now" in iframe#payframe`,
	}
	if !slices.Equal(inFrame, wantIn) {
		t.Errorf("step details in the frame: %q, want %q", inFrame, wantIn)
	}
}

// headingPage repeats its button's text in a heading above it, as a
// server-rendered sign-in page does; once, after 400 ms, it reloads.
const headingPage = `<!doctype html><html lang="en"><head><title>Sign in</title></head><body><main>
<h2>Sign in</h2><form><button type="button" onclick="document.getElementById('out').textContent = 'Signed in'">Sign in</button></form>
<p id="out"></p></main><script>if (!sessionStorage.getItem("reloaded")) {
setTimeout(function () { sessionStorage.setItem("reloaded", "1"); location.reload(); }, 400); }</script></body></html>`

// headingScenario waits out headingPage's reload, clicks "Sign in" and
// then waits for a text that never comes, across another reload.
const headingScenario = `
[[scenario]]
name = "heading"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
wait_text = "no such text"
timeout = "2s"

[scenario.expect]
status = ["Complete"]

[[scenario]]
name = "signin"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
wait_for = "#out"

[[scenario.steps]]
click_text = "Sign in"

[[scenario.steps]]
wait_text = "Signed in"
timeout = "2s"

[scenario.expect]
status = ["Complete"]
`

// TestE2EClickTextPrefersWhatAUserClicks: click_text clicks the button
// whose text a heading above it repeats, not the heading, which it
// clicked before (and the next step then missed); and a step whose script
// the page's reload cut short, run again with what is left of its time,
// still names its whole timeout when it misses ("within 2 s"; it said
// "within 1.6 s").
func TestE2EClickTextPrefersWhatAUserClicks(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": headingPage})
	stdout, stderr, code := testScenarioOn(t, p, "heading.toml", headingScenario, "--json")
	if want := `failed: the text "no such text" did not appear within 2 s;`; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("mpsim test: exit %d, want 1 and %q in:\n%s", code, want, stderr)
	}
	if strings.Contains(stderr, `steps want every step done, got step 3`) || !strings.Contains(stdout, `step 2: click_text \"Sign in\": clicked \u003cbutton\u003e \"Sign in\"`) &&
		!strings.Contains(stdout, `step 2: click_text \"Sign in\": clicked <button> \"Sign in\"`) {
		t.Errorf("click_text did not click the button (or its next step missed):\n%s", stderr)
	}
}

// slowNextPage links to a page its server answers 800 ms late; both pages
// have a #card field.
const slowNextPage = `<!doctype html><html lang="en"><head><title>Checkout</title></head><body><main>
<input id="card" aria-label="Card"><a id="next" href="/next?delay=800ms">Next</a></main></body></html>`

// payNextPage pays with what its #card field holds; the field shows 600 ms
// after the page, so the step that fills it has to wait for it (an act
// left for a later task then came after the next step's click).
const payNextPage = `<!doctype html><html lang="en"><head><title>Pay</title></head><body><main>
<input id="card" aria-label="Card" hidden><button id="pay" onclick="document.getElementById('out').textContent = 'paid ' + card.value">Pay</button>
<p id="out"></p></main><script>setTimeout(function () { card.hidden = false; }, 600);</script></body></html>`

// settleScenario follows slowNextPage's link, then fills and pays.
const settleScenario = `
[[scenario]]
name = "settle"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
click = "#next"

[[scenario.steps]]
fill = "#card"
value = "4242"

[[scenario.steps]]
click = "#pay"

[[scenario.steps]]
wait_text = "paid 4242"
timeout = "2s"

[scenario.expect]
status = ["Complete"]
`

// TestE2EStepWaitsForThePageItsClickLedTo: after a click that follows a
// link to a slow page, the next step fills the field of the page it led
// to; before, it filled the same field of the page being left, which the
// new page then replaced, and the payment went out empty. The field there
// comes late, and the click after the fill pays with what was filled.
func TestE2EStepWaitsForThePageItsClickLedTo(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": slowNextPage, "/next": payNextPage})
	stdout, stderr, code := testScenarioOn(t, p, "settle.toml", settleScenario, "--json")
	if strings.Contains(stderr, "got step 4") || !strings.Contains(stderr, "got no hand-back") {
		t.Errorf("mpsim test: exit %d, want every step done and no hand-back:\n%s", code, stderr)
	}
	if want := `step 1: click \"#next\": clicked \u003ca#next\u003e \"Next\", then waited for the page it led to`; !strings.Contains(stdout, want) &&
		!strings.Contains(stdout, strings.NewReplacer(`\u003c`, "<", `\u003e`, ">").Replace(want)) {
		t.Errorf("no %q in the report", want)
	}
}
