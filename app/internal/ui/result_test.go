package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
		t.Errorf("links under %q = %q, want the legacy callback notifications page", row.title.Text, links)
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
