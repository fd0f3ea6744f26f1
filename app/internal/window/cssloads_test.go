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

// QA gardencss: the loads a style sheet makes (an @import, a url() image,
// an @font-face source) that the walled garden refuses left no trace. The
// inspection script now tells each one that would load ("resource",
// initiator "css", its destination in "s"), and the record is a blocked
// request of that type, with the frame that asked; one inside the garden
// is no record. An element's blocked load has its frame too (until
// 2026-12-07 it had none).
func TestStyleSheetLoadsOutsideTheGarden(t *testing.T) {
	const (
		page  = "https://portal.example/plans"
		frame = "https://portal.example/terms"
		out   = "https://cdn.outside.example/"
	)
	for _, tc := range []struct {
		name, initiator, uri, dest, frame string
		top                               bool
		want                              string // type, or "" for no record
	}{
		{"an @import outside the garden", "css", out + "theme.css", "style", page, true, inspect.TypeStylesheet},
		{"a background image outside the garden", "css", out + "hero.png", "image", page, true, inspect.TypeImage},
		{"an @font-face source outside the garden", "css", out + "brand.woff2", "font", page, true, inspect.TypeFont},
		{"an iframe's style sheet's image", "css", out + "seal.svg", "image", frame, false, inspect.TypeImage},
		{"an image inside the garden", "css", "https://portal.example/hero.png", "image", page, true, ""},
		{"a wildcard host's subdomain", "css", "https://a.login.live.com/x.png", "image", page, true, ""},
		{"an image element outside the garden", "img", out + "logo.png", "", page, true, inspect.TypeImage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			r := newTestRecorder(&buf)
			r.garden = []string{"portal.example", "*.login.live.com"}
			r.p.loopDone = true
			r.onTopLoad(webkit.LoadStarted, page)
			r.onTopLoad(webkit.LoadCommitted, page)
			r.p.committed = true
			b, _ := json.Marshal(map[string]any{"t": string(r.token), "k": "resource", "l": tc.initiator, "x": tc.uri, "s": tc.dest,
				"f": tc.frame, "top": tc.top})
			r.onMessage(string(b))
			r.releaseMixed(time.Now().Add(2 * hintWait))
			var got []inspect.Request
			for _, q := range sentRequests(t, &buf) {
				if !q.Main {
					got = append(got, q)
				}
			}
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("records %+v, want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("records %+v, want one", got)
			}
			q := got[0]
			if q.Type != tc.want || q.URL != tc.uri || !q.Blocked || !strings.Contains(q.Failed, "outside the walled garden") {
				t.Errorf("record %+v, want a blocked %s of %s", q, tc.want, tc.uri)
			}
			if q.Frame != tc.frame || q.TopFrame != tc.top || q.Initiator != tc.initiator {
				t.Errorf("frame %q top %v initiator %q, want %q %v %q", q.Frame, q.TopFrame, q.Initiator, tc.frame, tc.top, tc.initiator)
			}
		})
	}
}

// The inspection script takes the garden's hosts inside a quoted string:
// a host with a character no host name has is left out (the window checks
// every URL the script reports again).
func TestScriptGardenHosts(t *testing.T) {
	for _, tc := range []struct {
		garden []string
		want   string
	}{
		{nil, ""},
		{[]string{"Portal.Example", "*.login.live.com", "127.0.0.1", "[::1]", "my_host"}, "portal.example,*.login.live.com,127.0.0.1,[::1],my_host"},
		{[]string{"ok.example", "evil'+alert(1)+'", "a,b", "", "x\\y", "line\nbreak"}, "ok.example"},
	} {
		if got := scriptGardenHosts(tc.garden); got != tc.want {
			t.Errorf("scriptGardenHosts(%q) = %q, want %q", tc.garden, got, tc.want)
		}
	}
}

// The script a window with the garden on injects has the garden's hosts
// where the script reads them, and no placeholder left.
func TestScriptHasTheGardenHosts(t *testing.T) {
	var buf bytes.Buffer
	r := newTestRecorder(&buf)
	r.garden = []string{"portal.example", "*.login.live.com"}
	s, err := r.script()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "toStr('portal.example,*.login.live.com').split(',')") {
		t.Error("the script does not read the garden's hosts")
	}
	if strings.Contains(s, "__INSPECT_") {
		t.Error("a placeholder is left in the script")
	}
}
