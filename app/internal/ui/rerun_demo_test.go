package ui

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"mpsim/app/internal/history"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

// A History Re-run of a scenario cell whose scenario set the demo
// portal's own settings (demo_choice, demo_api) gets them again, whatever
// the window's demo portal was started with: a cell run from the Scenario
// tab (Request.Demo) and a `mpsim test` cell (its own workspace's demo
// settings). Before, the history kept no demo settings and the re-run got
// the window's demo portal: a legacy cell came back with the window's inline
// hand-back, not the same launch (issue 14: "re-run with the same
// launch"). The test calls the History tab's handlers, not its buttons.
func TestRerunOfADemoCellKeepsItsDemoSettings(t *testing.T) {
	const cell = `
[[scenario]]
name = "buy-legacy"
sims = ["esim"]
demo_choice = "buy"
demo_api = "legacy"
`
	tests := []struct {
		name string
		// record saves the cell's session in the history.
		record func(t *testing.T, s testScreen, store *history.Store)
	}{
		{"a cell run from the Scenario tab", func(t *testing.T, s testScreen, _ *history.Store) {
			if err := s.OpenScenario(writeScenario(t, "cell.toml", cell)); err != nil {
				t.Fatal(err)
			}
			s.RunScenario()
			rep := waitReport(t, s, 1)
			if calls := callNames(rep); !slices.Contains(calls, bridge.APIDataMartNotifyPurchaseResult) {
				t.Fatalf("the cell's own run called %q, want the legacy hand-back", calls)
			}
		}},
		{"a cell of mpsim test (a workspace of its own)", func(t *testing.T, _ testScreen, store *history.Store) {
			h := workspace.New(t.TempDir(), 11)
			t.Cleanup(func() { _ = h.Close() })
			h.SetDemoChoice("buy")
			if err := h.SetDemoAPI(demoportal.APILegacy); err != nil {
				t.Fatal(err)
			}
			plan, err := h.Plan(workspace.Request{Launch: workspace.LaunchRequest{SIM: simulator.KindESIM, Languages: []string{"en-US"}}, Token: uiToken})
			if err != nil {
				t.Fatal(err)
			}
			plan.Scenario = "buy-legacy"
			out, err := workspace.Runner{Workspace: h, Opener: demoPageOpener(t), Recorder: history.Recorder{Store: store, Source: history.SourceTest}}.Run(context.Background(), plan, nil)
			if err != nil || out.HistoryErr != nil {
				t.Fatal(err, out.HistoryErr)
			}
			if calls := callNames(&out.Report); !slices.Contains(calls, bridge.APIDataMartNotifyPurchaseResult) {
				t.Fatalf("the cell's own run called %q, want the legacy hand-back", calls)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
			opener := demoPageOpener(t)
			s, h := historyScreen(t, t.TempDir(), store, opener)
			// The window's demo portal buys by itself with the inline
			// hand-back.
			h.SetDemoChoice("buy")
			if err := h.SetDemoAPI(demoportal.APIInline); err != nil {
				t.Fatal(err)
			}
			tc.record(t, s, store)
			before := s.endedSessions()

			s.history.reload()
			s.history.list.Select(0)
			e, ok := s.history.selectedEntry()
			if !ok || e.Scenario != "buy-legacy" {
				t.Fatalf("selected %+v, want the cell's session", e)
			}
			if d := e.Launch.Demo; d == nil || d.Choice != "buy" || d.API != demoportal.APILegacy {
				t.Errorf("the history keeps the demo settings %+v, want buy, legacy", d)
			}
			s.history.act(s.history.do.rerun) // what Re-run does
			rep := waitReport(t, s, before+1)
			if calls := callNames(rep); !slices.Contains(calls, bridge.APIDataMartNotifyPurchaseResult) || slices.Contains(calls, bridge.APIInlineNotifyProfileDownload) {
				t.Errorf("the re-run called %q; want the cell's legacy hand-back, not the window's inline one", calls)
			}
			orig, err := store.Report(e.ID)
			if err != nil {
				t.Fatal(err)
			}
			// The same launch (its transactionId, which keys the demo
			// portal's settings); the device is as it is now.
			for _, p := range []string{"transactionId", "market", "location"} {
				got, _ := rep.Launch.Param(p)
				want, _ := orig.Launch.Param(p)
				if got != want || want == "" {
					t.Errorf("the re-run's %s is %q, want the cell's %q", p, got, want)
				}
			}
		})
	}
}
