package demoportal

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestWrongLang(t *testing.T) {
	tests := []struct {
		name, acceptLanguage, want string
	}{
		{"none sent", "", "fi"},
		{"english", "en-US", "fi"},
		{"finnish first", "fi-FI,fi;q=0.9,en;q=0.8", "ko"},
		{"finnish later", "en-US,fi;q=0.5", "ko"},
		{"malformed entries skipped", "fi, not a tag!, ko;q=0.5", "nl"},
		{"every candidate sent", "fi,ko,nl,pl", "x-none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := WrongLang(tc.acceptLanguage); got != tc.want {
				t.Errorf("WrongLang(%q) = %q, want %q", tc.acceptLanguage, got, tc.want)
			}
		})
	}
}

// The switch renders each element break and sends the scripted ones to the
// page; off, the page has none of them.
func TestBreakPoliciesPage(t *testing.T) {
	breaks := []string{
		`<html lang="fi">`, `id="broken-close"`, `aria-label="Close">×</button>`, `id="broken-wide"`,
		`id="broken-http-image" src="` + BrokenHTTPImage + `"`, `<img id="broken-no-alt" src="/assets/logo.svg" width="40" height="40">`,
		`<video id="broken-video" autoplay`,
	}
	tests := []struct {
		name   string
		broken bool
	}{{"off", false}, {"on", true}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Config{BreakPolicies: tc.broken, AutoChoice: AutoBuy})
			if err != nil {
				t.Fatal(err)
			}
			base, c := startTLS(t, s)
			resp, body := get(t, c, base+"?"+esimQuery, map[string]string{"Accept-Language": "en-US"})
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Language"); got != "en" {
				t.Errorf("Content-Language = %q, want en (the language the page is written in)", got)
			}
			for _, b := range breaks {
				if strings.Contains(body, b) != tc.broken {
					t.Errorf("page has %q: %v, want %v", b, !tc.broken, tc.broken)
				}
			}
			if strings.Contains(body, `id="btn-cancel"`) == tc.broken {
				t.Errorf("page has the Cancel button: %v, want %v", tc.broken, !tc.broken)
			}
			if !tc.broken && !strings.Contains(body, `<html lang="en">`) {
				t.Error(`page without the switch is not <html lang="en">`)
			}

			_, raw := get(t, c, base+"api/config", nil)
			var cfg struct {
				Break  bool              `json:"breakPolicies"`
				Broken map[string]string `json:"broken"`
				Auto   string            `json:"autoChoice"`
			}
			if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
				t.Fatalf("config %s: %v", raw, err)
			}
			if cfg.Break != tc.broken || (cfg.Broken != nil) != tc.broken || cfg.Auto != AutoBuy {
				t.Errorf("config = %+v, want breakPolicies %v with the scripted breaks, autoChoice buy", cfg, tc.broken)
			}
			if tc.broken {
				want := map[string]string{"popup": BrokenPopupURL, "fetch": BrokenFetchPath, "consoleError": BrokenConsoleError, "uncaught": BrokenUncaught}
				for k, v := range want {
					if cfg.Broken[k] != v {
						t.Errorf("config broken.%s = %q, want %q", k, cfg.Broken[k], v)
					}
				}
			}
			// The fetch of the switch is a 404 of the back end, with or
			// without it.
			if resp, _ := get(t, c, strings.TrimSuffix(base, "/")+BrokenFetchPath, nil); resp.StatusCode != 404 {
				t.Errorf("GET %s: %d, want 404", BrokenFetchPath, resp.StatusCode)
			}
		})
	}
}
