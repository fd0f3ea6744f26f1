package workspace

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// demoPage is the configuration the demo portal served with the page at
// url (its data block's autoChoice, api and breakPolicies), fetched as the
// portal window would, trusting certs.
func demoPage(t *testing.T, url string, certs []session.TrustedCert) map[string]any {
	t.Helper()
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AppendCertsFromPEM([]byte(c.PEM))
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	resp, err := client.Get(url)
	if err != nil {
		t.Error(err)
		return nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?s)<script type="application/json" id="mp-data">(.*?)</script>`).FindSubmatch(body)
	if m == nil {
		t.Errorf("no data block in the page of %s", url)
		return nil
	}
	var data struct {
		Cfg map[string]any `json:"cfg"`
	}
	if err := json.Unmarshal(m[1], &data); err != nil {
		t.Error(err)
	}
	return data.Cfg
}

// Two sessions on the workspace's one demo portal at the same time, one
// with demo settings of its own (a scenario cell run in the host window),
// one without (a plain Open portal): each page follows its own session's
// settings, and once the first session has ended its launch gets the
// workspace's again. Before, Request had no demo settings: the window's
// demo portal served every session with the workspace's.
func TestRunnerGivesADemoSessionItsOwnSettings(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(3)})
	var both sync.WaitGroup
	both.Add(2)
	var mu sync.Mutex
	pages := map[string]map[string]any{}
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		both.Done()
		both.Wait() // both sessions run when the pages load
		cfg := demoPage(t, w.Spec.URL, w.Spec.Certs)
		mu.Lock()
		pages[w.Spec.URL] = cfg
		mu.Unlock()
		w.UserClose()
	}}
	r := Runner{Workspace: h, Opener: opener}
	cell, err := r.Plan(Request{Launch: LaunchRequest{}.Defaults(), ScreenshotDir: "-",
		Demo: &DemoSettings{Choice: "buy", API: "inline", Break: true}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := r.Plan(Request{Launch: LaunchRequest{}.Defaults(), ScreenshotDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	var runs sync.WaitGroup
	for _, p := range []Plan{cell, plain} {
		runs.Add(1)
		go func() {
			defer runs.Done()
			if _, err := r.Run(context.Background(), p, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	runs.Wait()
	for _, tc := range []struct {
		name, url   string
		choice, api string
		broken      bool
	}{
		{"the cell's session", cell.Config.Launch.URL, "buy", "inline", true},
		{"the plain session", plain.Config.Launch.URL, "", "legacy", false},
	} {
		cfg := pages[tc.url]
		if cfg["autoChoice"] != tc.choice || cfg["api"] != tc.api || cfg["breakPolicies"] != tc.broken {
			t.Errorf("%s: page served with %v, want choice %q, api %q, breakPolicies %v", tc.name, cfg, tc.choice, tc.api, tc.broken)
		}
	}
	if cfg := demoPage(t, cell.Config.Launch.URL, cell.Config.Certs); cfg["api"] != "legacy" || cfg["autoChoice"] != "" {
		t.Errorf("after its session, the cell's launch is served with %v: its settings stayed", cfg)
	}
}

// Demo settings that cannot apply are refused when the session is
// planned: an unknown value, and settings other than the workspace's for
// a launch a preset took the transactionId from (the demo portal tells a
// session by it). The workspace's own settings need no transactionId, and
// an own portal ignores them.
func TestPlanRefusesDemoSettingsThatCannotApply(t *testing.T) {
	dir := t.TempDir()
	presets := filepath.Join(dir, "presets.toml")
	if err := os.WriteFile(presets, []byte("[[preset]]\nname = \"no-tx\"\nmutations = [\"drop:transactionId\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := openT(t, dir, Options{Seed: seed(3), PresetsFile: presets})
	for _, tc := range []struct {
		name    string
		launch  LaunchRequest
		demo    DemoSettings
		wantErr string
	}{
		{"unknown API", LaunchRequest{}, DemoSettings{API: "modern"}, `unknown API "modern"`},
		{"unknown choice", LaunchRequest{}, DemoSettings{Choice: "purchase"}, `unknown AutoChoice "purchase"`},
		{"no transactionId", LaunchRequest{Preset: "no-tx"}, DemoSettings{API: "inline"}, "sends no transactionId"},
		{"no transactionId, the workspace's settings", LaunchRequest{Preset: "no-tx"}, DemoSettings{API: "legacy"}, ""},
		{"own portal", LaunchRequest{PortalURL: testPortal}, DemoSettings{API: "inline"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.Plan(Request{Launch: tc.launch, Demo: &tc.demo})
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Plan = %v, want an error saying %q", err, tc.wantErr)
			}
		})
	}
}
