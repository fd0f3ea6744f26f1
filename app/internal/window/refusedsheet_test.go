package window

import (
	"bytes"
	"encoding/json"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// A sheet of another origin whose <link> fired an error event: the page
// cannot read its rules, so the inspection script asks the window, which
// knows the answer's type. Answered as text/css, the sheet was not refused
// (an @import of it failed): no console error. Answered otherwise, or not
// recorded at all, the error stays, as a console error of the page. The
// page names the URL its <link> asked for; a redirected sheet's answer
// (one record per hop) counts for that URL too: until 2026-12-07 it
// counted only for the last hop's URL, and a CDN's redirected theme with
// a broken @import kept its false error.
func TestRefusedSheetOfAnotherOrigin(t *testing.T) {
	const sheet = "https://cdn.example/theme.css"
	for _, tc := range []struct {
		name     string
		hops     []string // the URLs the sheet was redirected to, in order
		mimeType string   // the last hop's answer; "" records no answer
		want     bool
	}{
		{"answered as a style sheet", nil, "text/css", false},
		{"answered as a style sheet, in capitals", nil, "Text/CSS", false},
		{"answered as HTML", nil, "text/html", true},
		{"no answer recorded", nil, "", true},
		{"redirected, answered as a style sheet", []string{"https://cdn-b.example/theme.css"}, "text/css", false},
		{"redirected twice, answered as a style sheet",
			[]string{"https://cdn-b.example/theme.css", "https://cdn-c.example/v2/theme.css"}, "text/css", false},
		{"redirected, answered as HTML", []string{"https://cdn-b.example/theme.css"}, "text/html", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			if tc.mimeType != "" {
				r.onStarted(7, "GET", sheet, nil, false)
				last := sheet
				for _, hop := range tc.hops {
					r.onRedirect(7, webkit.Redirect{To: hop, Method: "GET", Status: 302})
					last = hop
				}
				r.onResponse(7, 200, tc.mimeType, 120, nil, last)
				r.onDone(7, "", true, false)
				if len(r.chainStarts) != 0 {
					t.Errorf("chainStarts %v once the sheet's load ended, want none", r.chainStarts)
				}
			}
			msg, err := json.Marshal(map[string]any{"t": string(r.token), "k": "refused", "l": "error",
				"x": "The style sheet " + sheet + " was refused after a successful answer, so it never applied: …", "s": sheet,
				"f": "https://portal.example/", "top": true})
			if err != nil {
				t.Fatal(err)
			}
			r.onMessage(string(msg))
			var got []inspect.ConsoleMessage
			for _, m := range sentMessages(t, &out) {
				if m.Type == ipc.TypeConsole && m.Console != nil {
					got = append(got, *m.Console)
				}
			}
			if !tc.want {
				if len(got) != 0 {
					t.Errorf("console %+v, want none: the sheet's answer was a style sheet's", got)
				}
				return
			}
			if len(got) != 1 || got[0].Kind != inspect.ConsoleCall || got[0].Level != "error" || got[0].Source != "" {
				t.Errorf("console %+v, want one console error with no source", got)
			}
		})
	}
}
