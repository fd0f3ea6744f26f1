package audit

import (
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
)

// The advertising evidence names each kind of host with its article: "a
// ads host" and "a maps host" read badly (QA).
func TestAdvertisingHostPhrases(t *testing.T) {
	for _, c := range []struct {
		url, phrase string
	}{
		{"https://securepubads.g.doubleclick.net/tag/js/gpt.js", "an ad host"},
		{"https://www.youtube-nocookie.com/embed/xyz", "a video host"},
		{"https://www.google.com/maps/embed?pb=1", "a map host"},
	} {
		t.Run(c.phrase, func(t *testing.T) {
			in := good()
			in.Probes[0].Frames = []string{c.url}
			in.Probes[1].Scripts = append(in.Probes[1].Scripts, c.url)
			in.Network = append(in.Network, inspect.Request{ID: 6, Method: "GET", URL: c.url})
			p := find(t, Evaluate(in), "advertising-none")
			got := strings.Join(p.Evidence, "\n")
			for _, want := range []string{
				"first-paint (https://portal.example/mp): iframe from " + c.phrase + ": " + c.url,
				"handback (https://portal.example/mp): script from " + c.phrase + ": " + c.url,
				"request #6 to " + c.phrase + ": " + c.url,
			} {
				if !strings.Contains(got, want) {
					t.Errorf("evidence %q lacks %q", p.Evidence, want)
				}
			}
		})
	}
	// Every kind of the host list has a phrase of its own, not the
	// fallback's "a KIND host".
	phrases := map[string]string{"ads": "an ad host", "video": "a video host", "maps": "a map host", "tracking": "an ad network's tracking host"}
	for _, h := range bannedHosts() {
		if want, ok := phrases[h.kind]; !ok || hostPhrase(h.kind) != want {
			t.Errorf("kind %q of %s reads %q, want %q", h.kind, h.suffix, hostPhrase(h.kind), want)
		}
	}
}

// An ad network's tracking host (a conversion or audience tag) displays
// nothing by itself: a page that loads only Microsoft UET's bat.bing.com
// script warns advertising-none for a look at the screenshots instead of
// failing it (QA: "script from a ads host"). A host that serves ads, and
// Google Publisher Tag's gpt.js, still fail.
func TestAdNetworkTrackingHostsWarn(t *testing.T) {
	const tracking = "an ad network's tracking host (it displays nothing by itself; check the screenshots for ads): "
	script := func(src string) func(in *Input) {
		return func(in *Input) { in.Probes[1].Scripts = append(in.Probes[1].Scripts, src) }
	}
	request := func(id int, u string) func(in *Input) {
		return func(in *Input) { in.Network = append(in.Network, inspect.Request{ID: id, Method: "GET", URL: u}) }
	}
	both := func(a, b func(in *Input)) func(in *Input) { return func(in *Input) { a(in); b(in) } }
	for _, c := range []struct {
		name string
		edit func(in *Input)
		want Status
		line string // one evidence line, whole
	}{
		{"UET script", script("https://bat.bing.com/bat.js"), StatusWarn,
			"handback (https://portal.example/mp): script from " + tracking + "https://bat.bing.com/bat.js"},
		{"UET beacon", request(6, "https://bat.bing.com/action/0?ti=1234&evt=pageLoad"), StatusWarn,
			"request #6 to " + tracking + "https://bat.bing.com/action/0?ti=1234&evt=pageLoad"},
		{"Google Ads conversion tag", script("https://www.googleadservices.com/pagead/conversion_async.js"), StatusWarn,
			"handback (https://portal.example/mp): script from " + tracking + "https://www.googleadservices.com/pagead/conversion_async.js"},
		{"LinkedIn Insight Tag pixel", request(7, "https://px.ads.linkedin.com/collect/?pid=1&fmt=gif"), StatusWarn,
			"request #7 to " + tracking + "https://px.ads.linkedin.com/collect/?pid=1&fmt=gif"},
		{"Google Publisher Tag fills ad slots", script("https://www.googletagservices.com/tag/js/gpt.js"), StatusFail,
			"handback (https://portal.example/mp): script from an ad host: https://www.googletagservices.com/tag/js/gpt.js"},
		{"an ad host beside a tracking host", both(script("https://bat.bing.com/bat.js"), request(6, "https://pagead2.googlesyndication.com/pagead/show_ads.js")), StatusFail,
			"request #6 to an ad host: https://pagead2.googlesyndication.com/pagead/show_ads.js"},
		{"a tracking host without probes", both(func(in *Input) { in.Probes = nil }, request(6, "https://bat.bing.com/bat.js")), StatusWarn,
			"request #6 to " + tracking + "https://bat.bing.com/bat.js"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := good()
			c.edit(&in)
			p := find(t, Evaluate(in), "advertising-none")
			if p.Status != c.want || !slices.Contains(p.Evidence, c.line) {
				t.Errorf("%s %q, want %s with %q", p.Status, p.Evidence, c.want, c.line)
			}
			if p.Status == StatusWarn && p.Look == "" {
				t.Error("warn without Look")
			}
		})
	}
}
