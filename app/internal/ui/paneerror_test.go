package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// The error page keeps the hint after a load failure's reason whole (the
// URL to try), ends with one full stop, or an ellipsis alone, and cuts a
// long reason only. Before, the reason and its hint were cut together at
// 140 characters: "… answers plain http; try http:…." (found by GUI QA).
func TestFailureTextKeepsItsHint(t *testing.T) {
	const try = "http://127.0.0.1:45999/operator/portal/index.html?campaign=spring"
	long := strings.Repeat("word ", 40) // 200 characters
	for _, tc := range []struct {
		name, text string
		want       string // the error page's text, whole
		has        []string
	}{
		{"the plain-http hint", "An unexpected TLS packet was received. (the server at 127.0.0.1:45999 answers plain http; try " + try + ")",
			"The operator's portal could not be loaded — An unexpected TLS packet was received. (the server at 127.0.0.1:45999 answers plain http; try " + try + ").", nil},
		{"a long reason and its hint", "tls: " + long + "(pin the portal's certificate in the Launch form's Trust cert field)",
			"", []string{"word…", "… (pin the portal's certificate in the Launch form's Trust cert field)."}},
		{"a long reason", "network: " + long, "", []string{"word…"}},
		{"a short reason", "network: Could not connect: Connection refused",
			"The operator's portal could not be loaded — network: Could not connect: Connection refused.", nil},
		{"a reason ending in a full stop", "http: The server said 503.",
			"The operator's portal could not be loaded — http: The server said 503.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := failureText(&session.Report{Log: []session.LogEntry{{Kind: session.KindLoadFailed, Text: tc.text}}})
			if tc.want != "" && got != tc.want {
				t.Errorf("failureText =\n %q\nwant\n %q", got, tc.want)
			}
			for _, h := range tc.has {
				if !strings.Contains(got, h) {
					t.Errorf("failureText = %q, want it to hold %q", got, h)
				}
			}
			if strings.Contains(got, "….") || strings.Contains(got, "..") {
				t.Errorf("failureText = %q: a full stop after an ellipsis, or two", got)
			}
		})
	}
}

// On the pane's error page, at the default window size, the hint's URL
// shows whole and the text has its lines' height, with room between it
// and Retry under it: it seemed to touch Retry (found by GUI QA).
func TestErrorPageHintAndRetryApart(t *testing.T) {
	const portal = "https://127.0.0.1:45999/operator/portal/index.html?campaign=spring"
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowLoadFailed, URL: w.Spec.URL, Reason: "An unexpected TLS packet was received.", Fatal: true, TLS: true, Kind: session.LoadTLS})
	})})
	s.launch.fieldErrs[0].SetText(portal)
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	layOutAgain(s.win.Content())
	text := s.pane.errText
	if want := "try http://127.0.0.1:45999/operator/portal/index.html?campaign=spring)."; !strings.HasSuffix(text.Text, want) {
		t.Errorf("the error page says %q, want it to end %q", text.Text, want)
	}
	if need := text.MinSize().Height; text.Size().Height < need {
		t.Errorf("the text is %.0f px high, its lines need %.0f", text.Size().Height, need)
	}
	if gap := top(s.pane.retryBtn) - bottom(text); gap < 2*theme.Padding() {
		t.Errorf("Retry is %.0f px under the text, want %.0f or more", gap, 2*theme.Padding())
	}
	if bottom(s.pane.retryBtn) > bottom(s.pane.errPage)+0.5 {
		t.Errorf("Retry ends at %.0f, past the page's end %.0f", bottom(s.pane.retryBtn), bottom(s.pane.errPage))
	}
}
