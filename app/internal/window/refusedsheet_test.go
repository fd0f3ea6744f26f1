package window

import (
	"bytes"
	"encoding/json"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
)

// A sheet of another origin whose <link> fired an error event: the page
// cannot read its rules, so the inspection script asks the window, which
// knows the answer's type. Answered as text/css, the sheet was not refused
// (an @import of it failed): no console error. Answered otherwise, or not
// recorded at all, the error stays, as a console error of the page.
func TestRefusedSheetOfAnotherOrigin(t *testing.T) {
	const sheet = "https://cdn.example/theme.css"
	for _, tc := range []struct {
		name     string
		mimeType string // "" records no answer
		want     bool
	}{
		{"answered as a style sheet", "text/css", false},
		{"answered as a style sheet, in capitals", "Text/CSS", false},
		{"answered as HTML", "text/html", true},
		{"no answer recorded", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			if tc.mimeType != "" {
				r.onStarted(7, "GET", sheet, nil, false)
				r.onResponse(7, 200, tc.mimeType, 120, nil, sheet)
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
