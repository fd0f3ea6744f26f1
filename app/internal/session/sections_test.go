package session_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// TestFindingsCarryTheirTableSection: every finding the session makes
// cites the contract section the findings table gives its code (the JSON
// section and the HTML report's contract column; docs/findings.md says
// every finding names its section). Before, scenario-step-failed and
// window-crashed had none, and a navigation's request-http-error cited
// another. Each case makes some of the session's own codes; every finding
// of every report is checked, the bridge's and the policies' too.
func TestFindingsCarryTheirTableSection(t *testing.T) {
	const page = "https://portal.example/buy"
	paint := func(t *testing.T, w *sessiontest.FakeWindow) { w.Envelope(envelope(t, bridge.EventFirstPaint, page)) }
	console := func(w *sessiontest.FakeWindow, kind, level, text string) {
		w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: kind, Level: level, Text: text, Source: page, Line: 3, Column: 1}})
	}
	tests := []struct {
		name  string
		cfg   func(cfg *session.Config)
		play  func(t *testing.T, w *sessiontest.FakeWindow)
		codes []string
	}{
		{"a crash", nil, func(t *testing.T, w *sessiontest.FakeWindow) { paint(t, w); w.Crash() },
			[]string{bridge.CodeWindowCrashed}},
		{"a failed step", func(cfg *session.Config) {
			cfg.Steps = []session.Step{{Action: session.StepClick, Target: "#buy", Timeout: 200 * time.Millisecond}}
		}, paint, []string{bridge.CodeScenarioStepFailed}},
		{"the portal did not load", nil, func(t *testing.T, w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowLoadFailed, Fatal: true, Kind: session.LoadNetwork, Reason: "connection refused", URL: page})
		}, []string{bridge.CodePortalLoadFailed}},
		{"the page's own behaviour", nil, func(t *testing.T, w *sessiontest.FakeWindow) {
			paint(t, w)
			w.Emit(session.Event{Type: session.WindowLoadFailed, Fatal: true, Kind: session.LoadHTTP, Reason: "HTTP 500", URL: page + "/next"})
			w.Emit(session.Event{Type: session.WindowDialog, Dialog: &session.Dialog{Kind: "alert", Text: "Hi", URL: page}})
			w.Emit(session.Event{Type: session.WindowDropped, Dropped: &session.DropCounts{Oversize: 1, Largest: 900, MaxBytes: 100, FloodControl: 2, ControlPerSecond: 5, Dialogs: 1}})
			console(w, inspect.ConsoleError, "error", "TypeError: x is undefined")
			console(w, inspect.ConsoleRejection, "error", "Unhandled promise rejection: Load failed")
			console(w, inspect.ConsoleCall, "error", "checkout failed")
			for _, q := range []inspect.Request{
				{Method: "GET", URL: page + "/api", Status: 404, StatusText: "Not Found"},
				{Method: "GET", URL: "https://cdn.example/x.js", Failed: "refused"},
				{Method: "GET", URL: "https://ads.example/y.js", Blocked: true},
			} {
				w.Emit(session.Event{Type: session.WindowRequest, Request: &q})
			}
			for _, n := range []inspect.Navigation{
				{Kind: inspect.NavPopup, URL: "https://portal.example/help"},
				{Kind: inspect.NavDownload, URL: page + "/app.exe"},
				{Kind: inspect.NavScheme, URL: "ms-windows-store://pdp"},
				{Kind: inspect.NavTopFrame, URL: "https://pay.example/"},
			} {
				w.Emit(session.Event{Type: session.WindowNavigation, Navigation: &n})
			}
			w.Emit(session.Event{Type: session.WindowLoadFailed, URL: page + "/receipt", Reason: "the response is HTTP 204 No Content, which has no page to show", Kind: session.LoadNotShown})
			w.UserClose()
		}, []string{bridge.CodeRequestHTTPError, bridge.CodeScriptDialog, bridge.CodeBridgeMessageDropped, bridge.CodeBridgeFloodDropped,
			bridge.CodePageError, bridge.CodePageRejection, bridge.CodeConsoleError, bridge.CodeRequestFailed, bridge.CodeWalledGardenBlock,
			bridge.CodePopupBlocked, bridge.CodeDownloadBlocked, bridge.CodeCustomScheme, bridge.CodeOffsiteNavigation, bridge.CodeNavigationNotShown, bridge.CodeHandbackMissing}},
		{"a hand-back before paint, not the expected status", func(cfg *session.Config) {
			cfg.Expectation = session.Expectation{Text: "a bad ICCID", Statuses: []string{"InvalidSIM"}, Strict: true}
		}, func(t *testing.T, w *sessiontest.FakeWindow) {
			w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)))
		}, []string{bridge.CodeHandbackBeforePaint, bridge.CodeExpectationNotMet}},
		{"an unknown operation cancelled", nil, func(t *testing.T, w *sessiontest.FakeWindow) {
			paint(t, w)
			w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyOperationCancel", "", map[string]string{"Id": "op-7"}))
			w.UserClose()
		}, []string{bridge.CodeCancelUnknownOperation}},
	}
	sections := map[string]string{}
	for _, c := range bridge.Codes() {
		sections[c.Code] = c.Section
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Inspect = true
			cfg.Timeout = 3 * time.Second
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			op := &sessiontest.FakeOpener{
				Record: true,
				OnOpen: func(w *sessiontest.FakeWindow) { tc.play(t, w) },
				Step: func(*sessiontest.FakeWindow, string) (string, error) {
					return `{"ok":false,"error":"no visible element matches the selector \"#buy\" within 0.2 s"}`, nil
				},
			}
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, f := range rep.Findings {
				seen[f.Code] = true
				want, ok := sections[f.Code]
				if !ok {
					t.Errorf("finding code %q is not in the table", f.Code)
				} else if f.Section != want {
					t.Errorf("%s cites section %q, the table says %q: %s", f.Code, f.Section, want, f.Message)
				}
			}
			for _, c := range tc.codes {
				if !seen[c] {
					t.Errorf("no %s finding; findings: %+v", c, rep.Findings)
				}
			}
		})
	}
}

// TestSessionBuildsFindingsFromTheTable keeps the sections right for
// findings added later: the session's own code builds every finding with
// bridge.NewFinding, which takes the severity and section from the table,
// and never writes a bridge.Finding literal with fields of its own.
func TestSessionBuildsFindingsFromTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if isBridgeFinding(lit.Type) && len(lit.Elts) > 0 {
				t.Errorf("%s: a bridge.Finding literal; build it with bridge.NewFinding so that it carries its table section", fset.Position(lit.Pos()))
			}
			if arr, ok := lit.Type.(*ast.ArrayType); ok && isBridgeFinding(arr.Elt) {
				for _, e := range lit.Elts {
					if inner, ok := e.(*ast.CompositeLit); ok && inner.Type == nil && len(inner.Elts) > 0 {
						t.Errorf("%s: a bridge.Finding literal; build it with bridge.NewFinding so that it carries its table section", fset.Position(inner.Pos()))
					}
				}
			}
			return true
		})
	}
}

// isBridgeFinding says whether expr is the type bridge.Finding.
func isBridgeFinding(expr ast.Expr) bool {
	sel, ok := expr.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Finding" {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "bridge"
}
