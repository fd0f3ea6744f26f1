package session_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// QA: a page stuck in an endless loop and a page waiting for a click got
// the same handback-missing, with no word of either.
func TestHandbackMissingSaysWhyThePageNeverCalled(t *testing.T) {
	const page = "https://portal.example/buy"
	tests := []struct {
		name      string
		events    []string // what the window says: "unresponsive", "responsive"
		want      []string
		wantNot   []string
		wantInLog string
	}{
		{
			name:      "a script busy in a loop",
			events:    []string{session.PageUnresponsive},
			want:      []string{"The page had stopped responding", "endless loop"},
			wantNot:   []string{"If the page waits for a click"},
			wantInLog: "the page stopped responding",
		},
		{
			name:      "a page that answered again",
			events:    []string{session.PageUnresponsive, session.PageResponsive},
			want:      []string{"If the page waits for a click", "unattended session"},
			wantNot:   []string{"stopped responding"},
			wantInLog: "the page responds again, after",
		},
		{
			name:    "a page waiting for a click",
			want:    []string{"If the page waits for a click: an unattended session (mpsim run, mpsim test) clicks nothing unless its scenario has steps"},
			wantNot: []string{"stopped responding"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
				for _, e := range tc.events {
					w.Emit(session.Event{Type: session.WindowResponsiveness, Reason: e})
				}
			}}
			cfg := testConfig()
			cfg.Timeout = 500 * time.Millisecond
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			var msg string
			for _, f := range rep.Findings {
				if f.Code == bridge.CodeHandbackMissing {
					msg = f.Message
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("handback-missing = %q\nwant %q in it", msg, w)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(msg, w) {
					t.Errorf("handback-missing = %q\nwant no %q in it", msg, w)
				}
			}
			if tc.wantInLog != "" {
				found := false
				for _, e := range rep.Log {
					found = found || strings.Contains(e.Text, tc.wantInLog)
				}
				if !found {
					t.Errorf("no log entry with %q", tc.wantInLog)
				}
			}
		})
	}
}

// QA: window.external.notify(...) as the hand-back got "The page made no
// Mobile Plans call", with no word of the channel it used.
func TestHandbackMissingNamesAnotherHostsChannel(t *testing.T) {
	op := &sessiontest.FakeOpener{Record: true, OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelope(envelope(t, bridge.EventExternalNotify, "https://portal.example/buy", map[string]any{"type": "string", "length": 16, "text": `{"success":true}`}))
	}}
	cfg := testConfig()
	cfg.Timeout = 500 * time.Millisecond
	rep, err := session.Run(t.Context(), op, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rep.Findings, func(f bridge.Finding) bool { return f.Code == bridge.CodeHandbackMissing })
	if i < 0 || !strings.Contains(rep.Findings[i].Message, "another host's raw channel (api-other-host)") {
		t.Errorf("findings %+v: want handback-missing naming the raw channel", rep.Findings)
	}
	if !slices.ContainsFunc(rep.Findings, func(f bridge.Finding) bool { return f.Code == bridge.CodeAPIOtherHost }) {
		t.Fatalf("no api-other-host among %+v", rep.Findings)
	}
}
