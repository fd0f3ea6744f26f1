package audit

import (
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
	phrases := map[string]string{"ads": "an ad host", "video": "a video host", "maps": "a map host"}
	for _, h := range bannedHosts() {
		if want, ok := phrases[h.kind]; !ok || hostPhrase(h.kind) != want {
			t.Errorf("kind %q of %s reads %q, want %q", h.kind, h.suffix, hostPhrase(h.kind), want)
		}
	}
}
