package session_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator/walledgarden"
)

// The report said neither that the walled garden was on nor which hosts
// it let through (QA 'pay'), so a reader of a walled-garden-blocked
// finding could not tell the setting. Now walledGarden has both; a session
// without the garden has no such field.
func TestReportRecordsTheWalledGarden(t *testing.T) {
	documented := walledgarden.For()
	for _, tc := range []struct {
		name    string
		garden  []string
		want    string // the JSON of the field, "" for none
		allowed []string
	}{
		{"off", nil, "", nil},
		{"documented hosts only", documented, "on", []string{}},
		{"with the portal and an IdP", append(append([]string{}, documented...), "portal.example", "*.idp.example"), "on", []string{"portal.example", "*.idp.example"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Timeout = 3 * time.Second
			cfg.WalledGarden = tc.garden
			op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, bridge.EventFirstPaint, "https://portal.example/"))
				w.UserClose()
			}}
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			has := strings.Contains(string(b), `"walledGarden":`)
			if tc.want == "" {
				if has || rep.WalledGarden != nil {
					t.Errorf("walledGarden %+v with the garden off", rep.WalledGarden)
				}
				return
			}
			g := rep.WalledGarden
			if !has || g == nil || !g.On {
				t.Fatalf("no walledGarden with the garden on: %s", b)
			}
			if strings.Join(g.Hosts, " ") != strings.Join(tc.garden, " ") {
				t.Errorf("hosts %v, want %v", g.Hosts, tc.garden)
			}
			if g.Allowed == nil || strings.Join(g.Allowed, " ") != strings.Join(tc.allowed, " ") {
				t.Errorf("allowed %#v, want %#v", g.Allowed, tc.allowed)
			}
		})
	}
}
