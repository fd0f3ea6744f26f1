package main

import (
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// A single-page portal changes its route with history.pushState and a
// fragment, tries a pop-up on that route, then leaves for a payment site,
// which sends it back to a page that replaces its URL and hands back. The
// navigation log has each route change as a same-document entry, the
// off-site hop with its real URL (not the route it left, which WebKit's
// view still had when the load started), the pop-up and the hand-back
// screenshot name the page's URL at the time, and no same-document entry
// is taken for a page load or an off-site navigation.
func TestE2ESameDocumentNavigationsAndTheHopAfterThem(t *testing.T) {
	needE2E(t)
	payURL := startPaymentSite(t) + "/provider.html"

	start := `<!doctype html><html><body style="background:#05a"><h1>plans</h1><script>
setTimeout(function () {
  var back = location.origin + "/done" + location.search;
  history.pushState({}, "", "/app/checkout");
  location.hash = "pay";
  setTimeout(function () {
    window.open("/popup.html");
    location.href = "PAY?back=" + encodeURIComponent(back);
  }, 200);
}, 300);
</script></body></html>`
	done := `<!doctype html><html><body style="background:#0a5"><h1>done</h1><script>
var q = location.search;
history.replaceState({}, "", "/done/confirmed" + q);
setTimeout(function () {` + handBackJS + `}, 300);
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": strings.ReplaceAll(start, "PAY", payURL), "/done": done})
	shots := filepath.Join(t.TempDir(), "shots")
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s", "--screenshots", shots)
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack; findings %+v\nstderr:\n%s", rep.Ended, rep.Findings, tail(stderr))
	}
	for _, n := range rep.Navigations {
		t.Logf("%s %.70s from %.70s (cause %q)", n.Kind, n.URL, n.From, n.Cause)
	}
	checkout, hash := p.base+"app/checkout", p.base+"app/checkout#pay"
	want := []struct {
		name       string
		kind, url  string
		fromPrefix string
		exactURL   bool
	}{
		{"pushState", inspect.NavSameDocument, checkout, p.base + "?", true},
		{"fragment", inspect.NavSameDocument, hash, checkout, true},
		{"pop-up from the route", inspect.NavPopup, p.base + "popup.html", hash, true},
		{"off-site hop from the route", inspect.NavTopFrame, payURL + "?back=", hash, false},
		{"back from the payment site", inspect.NavTopFrame, p.base + "done?", payURL, false},
		{"replaceState", inspect.NavSameDocument, p.base + "done/confirmed?", p.base + "done?", false},
	}
	for _, w := range want {
		found := false
		for _, n := range rep.Navigations {
			urlOK := n.URL == w.url || !w.exactURL && strings.HasPrefix(n.URL, w.url)
			found = found || n.Kind == w.kind && urlOK && strings.HasPrefix(n.From, w.fromPrefix)
		}
		if !found {
			t.Errorf("%s: no %s navigation to %s from %s…", w.name, w.kind, w.url, w.fromPrefix)
		}
	}
	for _, n := range rep.Navigations {
		if n.Kind == inspect.NavTopFrame && strings.HasPrefix(n.URL, checkout) {
			t.Errorf("a page load of the pushState route %s: the load that left it is recorded with the wrong URL", n.URL)
		}
	}
	offsite := strings.Join(findingsOf(rep, bridge.CodeOffsiteNavigation), "\n")
	if !strings.Contains(offsite, payURL) || strings.Contains(offsite, "app/checkout") {
		t.Errorf("offsite-navigation findings %q: want the hop to %s, and no route", offsite, payURL)
	}
	var handback bool
	for _, s := range rep.Screenshots {
		if s.Label == "handback" {
			handback = true
			if !strings.HasPrefix(s.URL, p.base+"done/confirmed?") {
				t.Errorf("the hand-back screenshot is labelled %s, want the page's URL after replaceState (%sdone/confirmed?…)", s.URL, p.base)
			}
		}
	}
	if !handback {
		t.Errorf("no hand-back screenshot in %+v", rep.Screenshots)
	}
	focus := false
	for _, pol := range rep.Policies {
		if pol.ID != "capabilities-focus" {
			continue
		}
		focus = true
		ev := strings.Join(pol.Evidence, "\n")
		if !strings.Contains(ev, "the page tried to open a new window (blocked by mpsim), which would take the focus: "+p.base+"popup.html (from "+hash+")") {
			t.Errorf("capabilities-focus evidence %q: want the pop-up the route %s tried, blocked", ev, hash)
		}
	}
	if !focus {
		t.Errorf("no capabilities-focus policy in the report")
	}
}
