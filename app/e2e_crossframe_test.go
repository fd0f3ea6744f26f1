package main

// End-to-end test of scenario steps in cross-origin frames: the portal
// window's frame agent (assets/steps/agent.js) lets steps fill and click in
// a payment provider's frame on another origin, and in a frame of a third
// origin inside it, without the pages' own message listeners seeing any of
// mpsim's messages, and without obeying a command the page forged; and a
// click on a checkbox or radio button is told by its label.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// crossTopPage (on 127.0.0.1) holds the provider's card form (%[1]s, on
// 127.0.0.2) in iframe#card. Its message listener reports to /got any
// message of mpsim's it sees (topleak) and shows what the card form says
// it paid; once the card frame has loaded, it posts the frame a command
// shaped as mpsim's but without its token, which asks to click #other.
const crossTopPage = `<!doctype html><html lang="en"><head><title>Checkout</title></head><body><main>
<h1>Checkout</h1><p id="paid"></p>
<iframe id="card" src="%[1]s/card?order=7" width="500" height="300"></iframe>
</main><script>
addEventListener("message", (e) => {
  const d = String(e.data);
  if (d.includes("mpsimSteps")) { fetch("/got?topleak=" + encodeURIComponent(d.slice(0, 80))); return; }
  let m = null;
  try { m = JSON.parse(d); } catch (err) { return; }
  if (m && m.paid !== undefined) document.getElementById("paid").textContent = "Paid " + m.paid;
});
const card = document.getElementById("card");
card.addEventListener("load", () => card.contentWindow.postMessage(JSON.stringify({ mpsimSteps: "forged", id: 1,
  by: Date.now() + 60000, op: "act", a: { action: "click", target: "#other", value: "", timeout: 1000, stepTimeout: 1000 } }), "*"));
</script></body></html>`

// crossCardPage is the provider's card form: its Pay button shows once the
// page's forged command reached the page's own listener (so a step that
// clicks Pay comes after it); it reports to its own server's /got what it
// saw: the forged command (forged), any other message of mpsim's
// (cardleak), a click on #other, the card number paid. Inside it, in a
// srcdoc frame of its own origin, the terms (%[1]s, the top page's origin,
// which is cross-origin to the card form) are a frame of another origin
// again.
const crossCardPage = `<!doctype html><html lang="en"><body>
<label>Card number <input id="cardno"></label>
<button id="pay" hidden>Pay</button> <button id="other">Other</button>
<iframe id="inner" srcdoc="<iframe id=terms src=%[1]s/terms width=280 height=60></iframe>" width="320" height="100"></iframe>
<script>
let forged = 0;
addEventListener("message", (e) => {
  const d = String(e.data);
  if (d.includes("forged")) { forged++; document.getElementById("pay").hidden = false; fetch("/got?forged=" + forged); return; }
  if (d.includes("mpsimSteps")) fetch("/got?cardleak=" + encodeURIComponent(d.slice(0, 80)));
});
document.getElementById("other").onclick = () => fetch("/got?other=clicked");
document.getElementById("pay").onclick = () => {
  const v = document.getElementById("cardno").value;
  fetch("/got?paid=" + encodeURIComponent(v));
  parent.postMessage(JSON.stringify({ paid: v }), "*");
};
</script></body></html>`

// crossTermsPage is the terms frame inside the card form.
const crossTermsPage = `<!doctype html><html lang="en"><body>
<button id="accept" onclick="fetch('/got?accepted=1')">Accept terms</button>
<script>addEventListener("message", (e) => { if (String(e.data).includes("mpsimSteps")) fetch("/got?termsleak=1"); });</script>
</body></html>`

// crossScenario fills and clicks in the card frame and in the terms frame
// inside it, waits for the top page to show the payment, then fills a
// field that is nowhere.
const crossScenario = `
[[scenario]]
name = "cross"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
fill = "#cardno"
value = "4242"
timeout = "5s"

[[scenario.steps]]
click_text = "Accept terms"

[[scenario.steps]]
click = "#pay"

[[scenario.steps]]
wait_text = "Paid 4242"
timeout = "3s"

[[scenario.steps]]
fill = "#nosuch"
value = "x"
timeout = "1s"

[scenario.expect]
status = ["Complete"]
`

// TestE2EStepsReachCrossOriginFrames: steps fill and click in a
// cross-origin frame and in a frame of another origin inside a same-origin
// frame of it, and say where ("in iframe#card (https://127.0.0.2:…/card)"); the frame's page
// got the fill and the clicks; no page's own message listener saw one of
// mpsim's messages; a command the page forged without the agent's token
// reached the page's listener and made nothing click; and a step that
// misses lists the frame's fields, naming no frame as out of reach.
// Before, steps could not reach cross-origin frames: the first step
// missed the card field.
func TestE2EStepsReachCrossOriginFrames(t *testing.T) {
	needE2E(t)
	// Each server's pages name the other's address: they are filled in
	// once both listen, before the window asks for any.
	topPages, pspPages := map[string]string{}, map[string]string{}
	top := startTestPortalWithCert(t, "127.0.0.1", nil, topPages)
	psp := startTestPortalWithCert(t, "127.0.0.2", top, pspPages)
	topOrigin, pspOrigin := strings.TrimSuffix(top.base, "/"), strings.TrimSuffix(psp.base, "/")
	topPages["/"] = fmt.Sprintf(crossTopPage, pspOrigin)
	topPages["/terms"] = crossTermsPage
	pspPages["/card"] = fmt.Sprintf(crossCardPage, topOrigin)

	stdout, stderr, code := testScenarioOn(t, top, "cross.toml", crossScenario, "--json")
	want := `cross.toml:23) failed: no visible element matches the selector "#nosuch" within 1 s; the page's visible text fields: "#cardno".`
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "nothing could reach") {
		t.Errorf("mpsim test: exit %d, want 1 and %q (and no frame out of reach) in:\n%s", code, want, stderr)
	}
	var details []string
	for _, v := range stepTexts(t, stdout) {
		if strings.Contains(v, " in iframe#card") {
			details = append(details, v)
		}
	}
	slices.Sort(details)
	card := "iframe#card (" + pspOrigin + "/card)"
	wantDetails := []string{
		`step 1: fill "#cardno" with "4242": filled <input#cardno> "4242" in ` + card,
		`step 2: click_text "Accept terms": clicked <button#accept> "Accept terms" in ` + card + ` › iframe#inner › iframe#terms (` + topOrigin + `/terms)`,
		`step 3: click "#pay": clicked <button#pay> "Pay" in ` + card,
	}
	if !slices.Equal(details, wantDetails) {
		t.Errorf("step details in the frames:\n%q\nwant\n%q", details, wantDetails)
	}
	gotPSP, gotTop := psp.got(), top.got()
	if gotPSP["paid"] != "4242" || gotPSP["forged"] != "1" || gotTop["accepted"] != "1" {
		t.Errorf("the frames' pages got paid=%q forged=%q accepted=%q, want 4242, 1 and 1", gotPSP["paid"], gotPSP["forged"], gotTop["accepted"])
	}
	for what, v := range map[string]string{
		"the forged command clicked #other":             gotPSP["other"],
		"the card page's listener saw mpsim's message":  gotPSP["cardleak"],
		"the top page's listener saw mpsim's message":   gotTop["topleak"],
		"the terms page's listener saw mpsim's message": gotTop["termsleak"],
	} {
		if v != "" {
			t.Errorf("%s: %q", what, v)
		}
	}
}

// togglePage has a checkbox inside its label and a radio button with a
// label[for]; the form tells what they are set to.
const togglePage = `<!doctype html><html lang="en"><head><title>Terms</title></head><body><main>
<label><input type="checkbox" id="agree"> I agree to the terms</label>
<input type="radio" name="brand" id="visa" value="v1"><label for="visa">Visa</label>
<p id="out"></p></main><script>
document.body.addEventListener("change", () => { document.getElementById("out").textContent =
  "agree " + document.getElementById("agree").checked + " visa " + document.getElementById("visa").checked; });
</script></body></html>`

// toggleScenario ticks the checkbox and the radio button.
const toggleScenario = `
[[scenario]]
name = "toggles"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
click = "#agree"

[[scenario.steps]]
click = "#visa"

[[scenario.steps]]
wait_text = "agree true visa true"
timeout = "3s"

[[scenario.steps]]
close = true

[scenario.expect]
ended = "closed"
`

// TestE2EClickNamesACheckboxByItsLabel: a click on a checkbox or a radio
// button is told by its label's text (the label it is in, or the one
// for its id) and what the click left it as; before, by its value ("on",
// "v1").
func TestE2EClickNamesACheckboxByItsLabel(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": togglePage})
	stdout, stderr, code := testScenarioOn(t, p, "toggles.toml", toggleScenario, "--json")
	if code != 0 {
		t.Errorf("mpsim test: exit %d, want 0:\n%s", code, stderr)
	}
	texts := stepTexts(t, stdout)
	for _, want := range []string{
		`step 1: click "#agree": clicked <input#agree> "I agree to the terms" (now checked)`,
		`step 2: click "#visa": clicked <input#visa> "Visa" (now checked)`,
	} {
		if !slices.Contains(texts, want) {
			t.Errorf("no %s in %q", want, texts)
		}
	}
}

// stepTexts are the texts of the step entries in mpsim test --json's
// output, each once.
func stepTexts(t *testing.T, stdout string) []string {
	t.Helper()
	var texts []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if strings.HasPrefix(v, "step ") && !slices.Contains(texts, v) {
				texts = append(texts, v)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	var out any
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("mpsim test --json: %v\n%s", err, stdout)
	}
	walk(out)
	return texts
}
