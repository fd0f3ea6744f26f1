package ui

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator/demoportal"
)

// demoServed is what the demo portal served a page with: its data block's
// demo choice and hand-back API.
type demoServed struct {
	AutoChoice string `json:"autoChoice"`
	API        string `json:"api"`
}

// demoClient is an HTTPS client that trusts the session's certificates,
// as the portal window does.
func demoClient(w *sessiontest.FakeWindow) *http.Client {
	pool := x509.NewCertPool()
	for _, c := range w.Spec.Certs {
		pool.AppendCertsFromPEM([]byte(c.PEM))
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// loadDemoPage loads the page the demo portal serves for the window's
// launch and returns what it was served with.
func loadDemoPage(w *sessiontest.FakeWindow) (demoServed, error) {
	var served demoServed
	resp, err := demoClient(w).Get(w.Spec.URL)
	if err != nil {
		return served, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return served, err
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" id="mp-data">(.*?)</script>`).FindSubmatch(body)
	if m == nil {
		return served, io.ErrUnexpectedEOF
	}
	var data struct {
		Cfg demoServed `json:"cfg"`
	}
	err = json.Unmarshal(m[1], &data)
	return data.Cfg, err
}

// demoBuy does what the demo portal's page does on Buy now, with the
// settings it was served with: it buys the first plan through the portal's
// back end (the launch's query and the plan, as portal.js posts them) and
// hands back with the API it was served: DataMart.notifyPurchaseResult
// (legacy), or MobilePlansInlineOperations.notifyProfileDownload (inline),
// after which it answers the app's two listener calls. With a demo choice
// (no user), the user then closes the inline portal.
func demoBuy(w *sessiontest.FakeWindow, served demoServed) error {
	u, err := url.Parse(w.Spec.URL)
	if err != nil {
		return err
	}
	form := u.Query()
	form.Set("plan", "p5")
	resp, err := demoClient(w).PostForm(u.Scheme+"://"+u.Host+"/api/purchase", form)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var pr demoportal.PurchaseResponse
	if err := json.NewDecoder(resp.Body).Decode(&pr); err != nil {
		return err
	}
	md, _ := json.Marshal(map[string]string{"userAccount": "New", "purchaseInstrument": "New", "line": "New", "moDirectStatus": "Complete", "planName": pr.PlanName})
	if served.API != demoportal.APIInline {
		payload, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": pr.ICCID, "activationCode": pr.ActivationCode,
			"transactionId": form.Get("transactionId"), "purchaseResult": string(md)})
		w.Envelope(envelope(bridge.APIDataMartNotifyPurchaseResult, w.Spec.URL, string(payload)))
		return nil
	}
	w.Envelope(envelope(bridge.APIInlineNotifyProfileDownload, w.Spec.URL, json.RawMessage(md), pr.ActivationCode))
	go func() {
		for deadline := time.Now().Add(10 * time.Second); len(w.Evals()) < 2 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		w.Envelope(envelope(bridge.EventListenerInvoked, w.Spec.URL, map[string]string{"listener": "profileActivationComplete", "name": "onDone"}))
		w.Envelope(envelope(bridge.EventListenerInvoked, w.Spec.URL, map[string]string{"listener": "registrationChanged", "name": "onReg"}))
		if served.AutoChoice != "" {
			w.UserClose()
		}
	}()
	return nil
}

// demoPageOpener plays the built-in demo portal's page in fake windows:
// each loads the page the demo portal serves for its launch and follows
// the settings it was served with. With a demo choice it buys at once;
// without, when a step clicks "Buy now".
func demoPageOpener(t *testing.T) *sessiontest.FakeOpener {
	return &sessiontest.FakeOpener{
		OnOpen: func(w *sessiontest.FakeWindow) {
			served, err := loadDemoPage(w)
			if err != nil {
				t.Errorf("load %s: %v", w.Spec.URL, err)
				w.UserClose()
				return
			}
			w.Emit(session.Event{Type: session.WindowNavigated, URL: w.Spec.URL})
			w.Envelope(envelope(bridge.EventFirstPaint, w.Spec.URL))
			if served.AutoChoice != "" {
				if err := demoBuy(w, served); err != nil {
					t.Errorf("buy: %v", err)
					w.UserClose()
				}
			}
		},
		Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
			if !strings.Contains(body, `"action":"click_text"`) {
				return `{"ok":true}`, nil
			}
			served, err := loadDemoPage(w)
			if err == nil {
				err = demoBuy(w, served)
			}
			if err != nil {
				return "", err
			}
			return `{"ok":true,"detail":"clicked <button#btn-next> \"Buy now\""}`, nil
		},
	}
}

// callNames are the APIs the page called in a session.
func callNames(rep *session.Report) []string {
	var out []string
	for _, c := range rep.Calls {
		out = append(out, c.API)
	}
	return out
}

// A scenario cell run from the Scenario tab gets its own demo_* fields,
// whatever this window's demo portal was started with, and the next plain
// Open portal gets the window's again. Before, the window's demo portal
// served the cell with the window's settings, and the Scenario tab only
// said which demo setting (MPSIM_DEMO_API and the others) to start mpsim with: a demo_api =
// "inline" cell (examples/demo-steps.toml's buy-inline-by-steps) ended
// with the legacy hand-back at Buy now and its last steps never ran (found
// by GUI QA).
func TestScenarioCellRunsWithItsOwnDemoSettings(t *testing.T) {
	const steps = `
[[scenario.steps]]
click_text = "Buy now"
`
	tests := []struct {
		name string
		// window is how this window's demo portal was started; the
		// demo page buys at once with its demo choice.
		window DemoSettings
		// cell is the scenario; cellAPI and cellEnded what its run must
		// show: the hand-back's API and how the session ended.
		cell               string
		cellAPI, cellEnded string
		openAPI, openEnded string
		info               string
	}{
		{"inline cell, legacy window", DemoSettings{Choice: "buy"}, `
[[scenario]]
name = "buy-inline"
sims = ["esim"]
demo_api = "inline"
[scenario.lifecycle]
download_time = "50ms"
` + steps + `
[[scenario.steps]]
wait_lifecycle = "networkRegistered"
timeout = "5s"
[[scenario.steps]]
close = true
[scenario.expect]
status = ["Complete"]
ended = "closed"
`, bridge.APIInlineNotifyProfileDownload, session.EndedClosed, bridge.APIDataMartNotifyPurchaseResult, session.EndedHandBack,
			"Demo portal in this run, as the scenario says: waits for its user, inline hand-back; Open portal keeps this window's: completes by itself (buy), legacy hand-back."},
		{"legacy cell, inline window", DemoSettings{Choice: "buy", API: "inline"}, `
[[scenario]]
name = "buy-legacy"
sims = ["esim"]
` + steps + `
[scenario.expect]
status = ["Complete"]
ended = "handBack"
`, bridge.APIDataMartNotifyPurchaseResult, session.EndedHandBack, bridge.APIInlineNotifyProfileDownload, session.EndedClosed,
			"Demo portal in this run, as the scenario says: waits for its user, legacy hand-back; Open portal keeps this window's: completes by itself (buy), inline hand-back."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScreenWith(t, demoPageOpener(t), func(d *Deps) {
				h := d.Workspace.(workspace.Runner).Workspace
				h.SetDemoChoice(tc.window.Choice)
				if err := h.SetDemoAPI(tc.window.API); err != nil {
					t.Fatal(err)
				}
				d.Demo = tc.window
			})
			if err := s.OpenScenario(writeScenario(t, "cell.toml", tc.cell)); err != nil {
				t.Fatal(err)
			}
			if info := s.scen.info.Text; !strings.Contains(info, tc.info) || strings.Contains(info, "start mpsim with") {
				t.Errorf("the cell's description says %q, want %q in it", info, tc.info)
			}
			s.RunScenario()
			rep := waitReport(t, s, 1)
			if calls := callNames(rep); !slices.Contains(calls, tc.cellAPI) || rep.Ended != tc.cellEnded {
				t.Errorf("the cell's run called %q and ended %s; want %s, ended %s", calls, rep.Ended, tc.cellAPI, tc.cellEnded)
			}
			waitFor(t, "the scenario's outcome", func() bool { return strings.Contains(s.scen.outcome.Text, "expectations met") })
			if s.scen.outcome.Importance != widget.SuccessImportance {
				t.Errorf("outcome %q; rows %q", s.scen.outcome.Text, rowTexts(s))
			}
			s.Open() // a plain Open portal: the window's settings again
			rep = waitReport(t, s, 2)
			if calls := callNames(rep); !slices.Contains(calls, tc.openAPI) || rep.Ended != tc.openEnded {
				t.Errorf("the next Open portal called %q and ended %s; want %s, ended %s", calls, rep.Ended, tc.openAPI, tc.openEnded)
			}
		})
	}
}
