package demoportal

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// sessionQuery is the contract's eSIM launch (esimQuery, with a plan of
// ours on the device) carrying transactionID.
func sessionQuery(transactionID string) string {
	q, err := url.ParseQuery(esimQuery)
	if err != nil {
		panic(err)
	}
	q.Set("transactionId", transactionID)
	return q.Encode()
}

// pageSettings are the settings the page of a launch is served with: its
// data block's autoChoice, api and breakPolicies, and its <html lang>.
func pageSettings(t *testing.T, body string) (cfg map[string]any, htmlLang string) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="mp-data">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no data block")
	}
	var data struct {
		Cfg map[string]any `json:"cfg"`
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatalf("data block: %v", err)
	}
	if l := regexp.MustCompile(`<html lang="([^"]*)"`).FindStringSubmatch(body); l != nil {
		htmlLang = l[1]
	}
	return data.Cfg, htmlLang
}

// Two sessions with settings of their own and one without, served by one
// demo portal at the same time: each page, /api/config and purchase
// follows its own session's settings (keyed by the launch's transactionId,
// nothing added to the launch), and a session whose settings ended gets
// Config's again. Before, the portal had only Config's: a scenario cell
// run in the host window could not get its demo_api, demo_choice or
// demo_break_policies.
func TestSessionsHaveTheirOwnSettings(t *testing.T) {
	s, err := New(Config{}) // the window's: waits for its user, legacy, policies kept
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	endA, err := s.Session("tx-A", Settings{AutoChoice: AutoBuy, API: APIInline, BreakPolicies: true})
	if err != nil {
		t.Fatal(err)
	}
	endB, err := s.Session("tx-B", Settings{AutoChoice: AutoCancel})
	if err != nil {
		t.Fatal(err)
	}
	defer endB()
	type want struct {
		choice, api   string
		broken, topUp bool
	}
	check := func(tx string, w want) {
		t.Helper()
		_, body := get(t, c, base+"?"+sessionQuery(tx), map[string]string{"Accept-Language": "en-US"})
		cfg, lang := pageSettings(t, body)
		if cfg["autoChoice"] != w.choice || cfg["api"] != w.api || cfg["breakPolicies"] != w.broken || (lang != "en") != w.broken {
			t.Errorf("%s: page cfg %v, html lang %q; want %+v", tx, cfg, lang, w)
		}
		_, body = get(t, c, base+"api/config?transactionId="+url.QueryEscape(tx), nil)
		var conf struct {
			AutoChoice string
			API        string
		}
		if err := json.Unmarshal([]byte(body), &conf); err != nil || conf.AutoChoice != w.choice || conf.API != w.api {
			t.Errorf("%s: /api/config %s (%v); want %+v", tx, body, err, w)
		}
		// A legacy eSIM purchase of a launch naming a plan of ours goes
		// onto that line (F2); an inline one issues a new profile.
		_, body = get(t, c, base+"api/purchase?plan=p5&"+sessionQuery(tx), nil)
		var pr PurchaseResponse
		if err := json.Unmarshal([]byte(body), &pr); err != nil || !pr.OK || pr.TopUp != w.topUp {
			t.Errorf("%s: purchase %s (%v); want top-up %v", tx, body, err, w.topUp)
		}
	}
	for _, tc := range []struct {
		tx   string
		want want
	}{
		{"tx-A", want{AutoBuy, APIInline, true, false}},
		{"tx-B", want{AutoCancel, APILegacy, false, true}},
		{"tx-C", want{"", APILegacy, false, true}},
	} {
		check(tc.tx, tc.want)
	}
	endA()
	endA() // twice is harmless
	check("tx-A", want{"", APILegacy, false, true})
	check("tx-B", want{AutoCancel, APILegacy, false, true})
	if d := s.Defaults(); d != (Settings{API: APILegacy}) {
		t.Errorf("Defaults() = %+v after the sessions", d)
	}
	// Ended, its transactionId can have settings again.
	end, err := s.Session("tx-A", Settings{API: APIInline})
	if err != nil {
		t.Fatal(err)
	}
	end()
}

func TestSessionSettingsRefused(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	end, err := s.Session("tx-1", Settings{})
	if err != nil {
		t.Fatal(err)
	}
	defer end()
	for _, tc := range []struct {
		tx   string
		set  Settings
		want string
	}{
		{"", Settings{API: APIInline}, "sends none"},
		{"tx-1", Settings{API: APIInline}, "settings of its own already"},
		{"tx-2", Settings{API: "modern"}, `unknown API "modern"`},
		{"tx-2", Settings{AutoChoice: "purchase"}, `unknown AutoChoice "purchase"`},
	} {
		if end, err := s.Session(tc.tx, tc.set); err == nil || !strings.Contains(err.Error(), tc.want) {
			if end != nil {
				end()
			}
			t.Errorf("Session(%q, %+v) = %v, want an error saying %q", tc.tx, tc.set, err, tc.want)
		}
	}
}
