package session_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
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

// QA hostile: a portal whose first page never answered got handback-missing
// with advice about clicking, and not a word that no page had loaded;
// mpsim test's end note already said it.
func TestHandbackMissingSaysThePageNeverLoaded(t *testing.T) {
	const slow = "http://127.0.0.1:18931/hang"
	tests := []struct {
		name    string
		inspect bool
		emit    func(w *sessiontest.FakeWindow)
		want    []string
	}{
		{
			name:    "a main document still waiting for its answer",
			inspect: true,
			emit: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowRequest, Request: &inspect.Request{Method: "GET", URL: slow + "?market=US", Main: true, Pending: true, Bytes: -1}})
			},
			want: []string{"The likely cause: the main document " + slow + " had not answered after"},
		},
		{
			name: "no page committed, without the recording",
			emit: func(*sessiontest.FakeWindow) {},
			want: []string{"The likely cause: the portal's first page", "had not loaded after"},
		},
		{
			name:    "a main document that answered 404",
			inspect: true,
			emit: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowRequest, Request: &inspect.Request{Method: "GET", URL: slow, Main: true, Status: 404, StatusText: "Not Found"}})
				w.Emit(session.Event{Type: session.WindowNavigated, URL: slow})
			},
			want: []string{"The likely cause: the main document " + slow + " answered HTTP 404 Not Found."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := &sessiontest.FakeOpener{OnOpen: tc.emit}
			cfg := testConfig()
			cfg.Inspect = tc.inspect
			cfg.Timeout = 300 * time.Millisecond
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(rep.Findings, func(f bridge.Finding) bool { return f.Code == bridge.CodeHandbackMissing })
			if i < 0 {
				t.Fatalf("no handback-missing in %v", rep.Findings)
			}
			msg := rep.Findings[i].Message
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("handback-missing = %q\nwant %q in it", msg, w)
				}
			}
			if strings.Contains(msg, "If the page waits for a click") {
				t.Errorf("handback-missing = %q\nwant no click advice for a page that did not load", msg)
			}
		})
	}
}
