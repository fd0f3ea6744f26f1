package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// An opened finding shows its whole message and links to the public
// Microsoft pages its contract section comes from (issue 13).
func TestOpenedFindingLinksToItsSourcePage(t *testing.T) {
	c, _ := goldenResultCard(t)
	c.show(failReport())
	var rows *widget.Accordion
	for _, o := range c.findings.Objects {
		if a, ok := o.(*widget.Accordion); ok {
			rows = a // the first group: errors, activation-code-missing (§2.7)
			break
		}
	}
	if rows == nil || len(rows.Items) == 0 {
		t.Fatal("no finding rows")
	}
	rows.Open(0)
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
	walk(rows.Items[0].Detail)
	if len(links) != 1 || !strings.Contains(links[0], "Mobile Plans legacy callback notifications https://learn.microsoft.com/en-us/windows-hardware/drivers/mobilebroadband/mobile-plans-legacy-callback-notifications") {
		t.Errorf("links under %q = %q, want the legacy callback notifications page", rows.Items[0].Title, links)
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
