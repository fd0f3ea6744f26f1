package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// An opened finding shows its whole message and links to the public
// Microsoft pages its contract section comes from (issue 13).
func TestOpenedFindingLinksToItsSourcePage(t *testing.T) {
	c, _ := goldenResultCard(t)
	c.show(failReport())
	if len(c.findingRows) == 0 {
		t.Fatal("no finding rows")
	}
	row := c.findingRows[0] // the worst first: activation-code-missing (§2.7)
	if row.open() {
		t.Fatal("a finding row is open before it is tapped")
	}
	test.Tap(row.title)
	if !row.open() {
		t.Fatal("tapping a finding row did not open it")
	}
	var links []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Hyperlink:
			links = append(links, v.Text+" "+v.URL.String())
		case *fyne.Container:
			for _, child := range v.Objects {
				walk(child)
			}
		}
	}
	walk(row.detail)
	if len(links) != 1 || !strings.Contains(links[0], "Mobile Plans legacy callback notifications https://learn.microsoft.com/en-us/windows-hardware/drivers/mobilebroadband/mobile-plans-legacy-callback-notifications") {
		t.Errorf("links under %q = %q, want the legacy callback notifications page", row.titleText.Text, links)
	}
	test.Tap(row.title)
	if row.open() {
		t.Error("a second tap did not close the finding row")
	}
}

// The JSON view of a call, a finding and a call-back shows the whole log
// record after the decoded view (issue 16: every row kind shows its full
// record).
func TestInspectShowsTheWholeRecord(t *testing.T) {
	for _, e := range []session.LogEntry{
		{Kind: session.KindCall, Text: "call text", Call: &session.CallRecord{API: "DataMart.notifyPurchaseResult", Accepted: true}},
		{Kind: session.KindFinding, Text: "finding text", Finding: &bridge.Finding{Code: "key-case", Severity: bridge.SeverityWarning}},
		{Kind: session.KindCallback, Text: "callback text", Callback: &session.CallbackRecord{Listener: "profileActivationComplete", Args: json.RawMessage(`{"iccid":"1"}`)}},
	} {
		got := inspect(e)
		for _, want := range []string{`"record": {`, `"kind": "` + string(e.Kind) + `"`, `"text": "` + e.Text + `"`} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: the JSON view lacks %s:\n%s", e.Kind, want, got)
			}
		}
	}
}

// The hand-back's result shows as soon as the call is judged, before the
// window has recorded the final page and the session's report exists
// (issue 15: hand-back call → result visible in the host); the report then
// replaces it, and the log that follows no longer changes it.
func TestHandBackShowsBeforeTheReport(t *testing.T) {
	result := &bridge.Result{Success: true, ICCID: "8988247000101997790",
		PurchaseResult: bridge.PurchaseResult{PlanName: "MyPlan", MoDirectStatus: "Complete"}}
	warning := &bridge.Finding{Code: "legacy-api", Severity: bridge.SeverityWarning}
	failing := &bridge.Finding{Code: "iccid-check-digit", Severity: bridge.SeverityError}
	for _, tc := range []struct {
		name       string
		findings   []*bridge.Finding
		verdict    string
		importance widget.Importance
	}{
		{"no finding", nil, "Handed back — no errors so far", widget.SuccessImportance},
		{"a warning", []*bridge.Finding{warning}, "Handed back — no errors so far", widget.SuccessImportance},
		{"an error", []*bridge.Finding{warning, failing}, "FAIL — the hand-back has 1 error", widget.DangerImportance},
		{"two errors", []*bridge.Finding{failing, failing}, "FAIL — the hand-back has 2 errors", widget.DangerImportance},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := goldenResultCard(t)
			c.running("https://portal.example/")
			for _, f := range tc.findings {
				c.observe(session.LogEntry{Kind: session.KindFinding, Finding: f})
			}
			if c.verdict.Text != "Session running…" {
				t.Fatalf("before the result: verdict %q", c.verdict.Text)
			}
			c.observe(session.LogEntry{Kind: session.KindResult, Result: result})
			if c.verdict.Text != tc.verdict || c.verdict.Importance != tc.importance {
				t.Errorf("verdict %q (importance %v), want %q (%v)", c.verdict.Text, c.verdict.Importance, tc.verdict, tc.importance)
			}
			if got := c.values["planName"].Text; got != "MyPlan" {
				t.Errorf("planName %q before the report", got)
			}
			if !c.copyBtn.Disabled() {
				t.Error("Copy report JSON enabled before there is a report")
			}
			c.show(session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: result})
			c.observe(session.LogEntry{Kind: session.KindFinding, Finding: failing})
			c.observe(session.LogEntry{Kind: session.KindResult, Result: result})
			if !strings.HasPrefix(c.verdict.Text, "PASS") {
				t.Errorf("after the report: verdict %q", c.verdict.Text)
			}
			c.running("https://portal.example/")
			if c.verdict.Text != "Session running…" || c.values["planName"].Text != "—" {
				t.Errorf("the next session starts with verdict %q, planName %q", c.verdict.Text, c.values["planName"].Text)
			}
		})
	}
}

// chipsUnder are the chips under o, looking into widgets.
func chipsUnder(o fyne.CanvasObject) []*chip {
	if c, ok := o.(*chip); ok {
		return []*chip{c}
	}
	var out []*chip
	for _, k := range objectsUnder(o) {
		out = append(out, chipsUnder(k)...)
	}
	return out
}

// The findings' severity chips start where the card's text does (a
// label's text, the summary's, is its inner padding in from the card's
// edge); at the edge, they stood out of the card against the split's bar
// (found by GUI QA).
func TestSeverityChipsAlignWithTheCardsText(t *testing.T) {
	c, _ := goldenResultCard(t)
	c.show(failReport())
	chips := chipsUnder(c.findings)
	if len(chips) != 3 {
		t.Fatalf("%d chips, want one for each of the 3 findings", len(chips))
	}
	d := fyne.CurrentApp().Driver()
	text := d.AbsolutePositionForObject(c.summary).X + theme.InnerPadding()
	for _, ch := range chips {
		if x := d.AbsolutePositionForObject(ch).X; x != text {
			t.Errorf("the %s chip starts at %v, the card's text at %v", ch.text, x, text)
		}
	}
}
