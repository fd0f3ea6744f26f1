package window

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/window/webkit"
)

// QA garden3: with the walled garden on, a blocked <link rel=preload
// as=script> (as=font, image, fetch) or <link rel=modulepreload> was a
// "stylesheet" in the network record and the HAR; so was one refused as
// mixed content or for its port. The inspection script now sends a
// link's destination (the message's "s") and the record takes the type it
// says, in the report's vocabulary (inspect.Type*).
func TestRefusedLinkTakesItsDestinationsType(t *testing.T) {
	const (
		page   = "https://portal.example/plans"
		out    = "https://cdn.outside.example/"
		plain  = "http://portal.example/"
		badURL = "https://portal.example:6000/"
	)
	for _, tc := range []struct {
		name, kind, uri, as, want string
	}{
		{"a preload of a script outside the garden", "resource", out + "app.js", "script", inspect.TypeScript},
		{"a preload of a font outside the garden", "resource", out + "f.woff2", "font", inspect.TypeFont},
		{"a preload of an image outside the garden", "resource", out + "hero.png", "image", inspect.TypeImage},
		{"a preload of data outside the garden", "resource", out + "plans.json", "fetch", inspect.TypeFetch},
		{"a preload of a style sheet outside the garden", "resource", out + "p.css", "style", inspect.TypeStylesheet},
		{"a modulepreload outside the garden", "resource", out + "mod.js", "script", inspect.TypeScript},
		{"a style sheet outside the garden", "resource", out + "s.css", "style", inspect.TypeStylesheet},
		{"another link outside the garden", "resource", out + "x", "other", inspect.TypeOther},
		{"a preload of a script as mixed content", "mixed", plain + "app.js", "script", inspect.TypeScript},
		{"a preload of data as mixed content", "mixed", plain + "plans.json", "fetch", inspect.TypeFetch},
		{"a preload of a font to a bad port", "port", badURL + "f.woff2", "font", inspect.TypeFont},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			r := newTestRecorder(&buf)
			r.garden = []string{"portal.example"}
			r.p.loopDone = true
			r.onTopLoad(webkit.LoadStarted, page)
			r.onTopLoad(webkit.LoadCommitted, page)
			r.p.committed = true
			b, _ := json.Marshal(map[string]any{"t": string(r.token), "k": tc.kind, "l": "link", "x": tc.uri, "s": tc.as, "f": page, "top": true})
			r.onMessage(string(b))
			r.releaseMixed(time.Now().Add(2 * hintWait))
			var got []string
			for _, q := range sentRequests(t, &buf) {
				if !q.Main {
					got = append(got, q.Type+" "+q.URL+" "+q.Failed)
				}
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tc.want+" "+tc.uri+" ") {
				t.Errorf("records:\n%s\nwant one of type %s for %s", strings.Join(got, "\n"), tc.want, tc.uri)
			}
		})
	}
}
