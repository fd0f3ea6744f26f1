package matrix

import (
	"strings"
	"testing"
)

// TestScenarioPortalGetsTheCommandLinesHint: a scenario whose portal has
// no scheme, a mistyped one or an IPv6 address out of its brackets is
// refused at the portal's file:line with the URL it likely meant, in the
// words of --portal (urlhint.Portal), once: not with url.Parse's error at
// the scenario's header ("first path segment in URL cannot contain
// colon", "invalid port") beside the schema's pattern error. Its cells
// fail with that reason; the file's other scenario still runs.
func TestScenarioPortalGetsTheCommandLinesHint(t *testing.T) {
	for _, tc := range []struct {
		portal, want string
	}{
		{"127.0.0.1:8443/p", `s.toml:4: scenario "a": portal "127.0.0.1:8443/p": give an http(s) URL, like https://127.0.0.1:8443/p (or http://127.0.0.1:8443/p for a local development server)`},
		{"portal.example/start", `s.toml:4: scenario "a": portal "portal.example/start": give an http(s) URL, like https://portal.example/start`},
		{"htps://portal.example/", `s.toml:4: scenario "a": portal "htps://portal.example/": give an http(s) URL, like https://portal.example/`},
		{"http:/127.0.0.1:8123/", `s.toml:4: scenario "a": portal "http:/127.0.0.1:8123/": give an http(s) URL, like http://127.0.0.1:8123/`},
		{"::1:8443/p", `s.toml:4: scenario "a": portal "::1:8443/p": give an http(s) URL, like https://[::1]:8443/p (or http://[::1]:8443/p for a local development server)`},
		{"https://::1:8443/p", `s.toml:4: scenario "a": portal "https://::1:8443/p": an IPv6 address goes in brackets in a URL, like https://[::1]:8443/p`},
		{"https://fe80::1/", `s.toml:4: scenario "a": portal "https://fe80::1/": an IPv6 address goes in brackets in a URL, like https://[fe80::1]/`},
		{"ftp://portal.example/", `s.toml:4: scenario "a": portal "ftp://portal.example/": give an http(s) URL`},
		// What only workspace.CheckPortalURL says is said at the portal's line too.
		{"https://127.0.0.1:6000/", `s.toml:4: scenario "a": portal URL "https://127.0.0.1:6000/"`},
	} {
		t.Run(tc.portal, func(t *testing.T) {
			src := "[[scenario]]\nname = \"a\"\nsims = [\"esim\"]\nportal = \"" + tc.portal + "\"\n\n[[scenario]]\nname = \"b\"\nsims = [\"esim\"]\n"
			good, broken := ParseEach("s.toml", []byte(src), nil)
			if len(good) != 1 || good[0].Name != "b" {
				t.Errorf("good = %+v, want scenario b", good)
			}
			if len(broken) != 1 {
				t.Fatalf("broken = %+v", broken)
			}
			reason := broken[0].Reason()
			if !strings.Contains(reason, tc.want) {
				t.Errorf("reason %q\nwant it to contain %q", reason, tc.want)
			}
			for _, not := range []string{"does not match pattern", "parse \"", "first path segment", "invalid port", "s.toml:1:"} {
				if strings.Contains(reason, not) {
					t.Errorf("reason %q says %q", reason, not)
				}
			}
			if n := strings.Count(reason, "s.toml:"); n != 1 {
				t.Errorf("reason %q says %d problems, want 1", reason, n)
			}
			cells, why := BrokenCells(broken, nil)
			if len(cells) != 1 || cells[0].ID != "a/esim/en-US" || why["a/esim/en-US"] != reason {
				t.Errorf("broken cells %+v, why %q", cells, why)
			}
		})
	}
}

// TestWaitURLPartsAreLeftAlone: a wait_url is a part of the page's URL; only
// an absolute URL no page's URL can contain is refused
// (TestLanguageTablesAreCheckedOnLoad), not a path, a host and port
// without a scheme, or an http(s) URL written right.
func TestWaitURLPartsAreLeftAlone(t *testing.T) {
	for _, v := range []string{"/confirm", "127.0.0.1:8443/done", "https://[::1]:8443/done", "http://x.example/", "https://", "done:1", "step/2", "?ok=1", "#thanks", "http"} {
		t.Run(v, func(t *testing.T) {
			src := "[[scenario]]\nname = \"a\"\nportal = \"https://x.example/\"\n[[scenario.steps]]\nwait_url = \"" + v + "\"\n"
			if _, err := Parse("s.toml", []byte(src), nil); err != nil {
				t.Errorf("wait_url %q: %v", v, err)
			}
		})
	}
}
