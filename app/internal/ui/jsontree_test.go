package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// findNode returns the ID of the first node whose key is key.
func findNode(tr *jsonTree, key string) string {
	for id, n := range tr.nodes {
		if n.key == key {
			return id
		}
	}
	return ""
}

func TestJSONTreeDecodesNestedStrings(t *testing.T) {
	payload := `{"ver":"1","success":true,"purchaseResult":"{\"moDirectStatus\":\"Complete\",\"planName\":\"MyPlan\"}"}`
	arg, _ := json.Marshal(payload)
	e := session.LogEntry{Kind: session.KindCall, Call: &session.CallRecord{API: "DataMart.notifyPurchaseResult",
		Args: []json.RawMessage{arg, json.RawMessage(`{"plain":"{not json"}`)}, PageURL: "https://p.example/x", Accepted: true}}
	tr := newJSONTree(nil)
	tr.buildUI()
	tr.show(rawRecord(e))
	tests := []struct {
		key     string
		decoded bool
		label   string
	}{
		{"[0]", true, "[0]: {3 members}  — " + decodedMark},
		{"purchaseResult", true, "purchaseResult: {2 members}  — " + decodedMark},
		{"planName", false, `planName: "MyPlan"`},
		{"plain", false, `plain: "{not json"`},
		{"origin", false, `origin: "https://p.example"`},
		{"api", false, `api: "DataMart.notifyPurchaseResult"`},
	}
	for _, tc := range tests {
		id := findNode(tr, tc.key)
		if id == "" {
			t.Errorf("no node %q", tc.key)
			continue
		}
		n := tr.nodes[id]
		if n.decoded != tc.decoded || nodeLabel(n) != tc.label {
			t.Errorf("node %q: decoded %v label %q; want %v %q", tc.key, n.decoded, nodeLabel(n), tc.decoded, tc.label)
		}
	}
	// Copy node copies the decoded value as JSON.
	if got := tr.nodeJSON(findNode(tr, "purchaseResult")); !strings.Contains(got, `"planName": "MyPlan"`) {
		t.Errorf("copied node = %s", got)
	}
}

func TestInspectorTreeCopyAndExportHTML(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	s.InspectFirstCall()
	id := findNode(s.log.tree, "purchaseResult")
	if id == "" || !s.log.tree.nodes[id].decoded {
		t.Fatalf("the tree does not show the decoded purchaseResult (%d nodes)", len(s.log.tree.nodes))
	}
	s.log.tree.tree.Select(id)
	test.Tap(s.log.tree.copyBtn)
	if got := s.app.Clipboard().Content(); !strings.Contains(got, `"moDirectStatus": "Complete"`) {
		t.Errorf("clipboard = %q", got)
	}
	if s.log.exportBtn.Hidden {
		t.Error("Export HTML… is hidden")
	}
	out := filepath.Join(t.TempDir(), "session.html")
	if err := s.ExportHTML(out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "MyPlan") || !strings.Contains(string(b), "custom launch") {
		t.Errorf("exported page lacks the session (%d bytes)", len(b))
	}
	// One session of the host window, not a test run: no seed, no count
	// of cells.
	page := string(b)
	if !strings.Contains(page, "<h1>mpsim session report</h1>") || strings.Contains(page, "seed 0") || strings.Contains(page, "1 cell") {
		t.Errorf("exported page reads like a test run:\n%.1500s", page)
	}
}
