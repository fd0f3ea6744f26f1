package session_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// callNumber is the host's number of the listener invocation in js (the
// last argument CallbackScriptFor gives the dispatcher).
func callNumber(t *testing.T, js string) int {
	t.Helper()
	m := regexp.MustCompile(`,(\d+)\);\}\}\)\(\);$`).FindStringSubmatch(js)
	if m == nil {
		t.Fatalf("no call number in %q", js)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestCallbacksSayWhetherThePageReceivedThem: the report's callbacks list
// every listener call the app made (contract §2.5) and say whether the
// page's listener received it: delivered when the shim called it (threw
// names what it threw), not delivered with the reason when the page
// registered no listener or none that is a function, or never answered
// before the portal closed; the log says "not delivered" for such a call.
// Until 2026-12-06 a call to a page with no listener read like any other
// ("callback profileActivationComplete(…)", no field said otherwise).
func TestCallbacksSayWhetherThePageReceivedThem(t *testing.T) {
	type answer struct {
		event string
		arg   map[string]any
	}
	tests := []struct {
		name    string
		answers []*answer // per call-back, nil: the page does not answer
		want    []session.CallbackRecord
	}{
		{"no listener registered", []*answer{
			{"mpsim:listenerMissing", map[string]any{"listener": "profileActivationComplete", "reason": "unset"}},
			{"mpsim:listenerMissing", map[string]any{"listener": "registrationChanged", "reason": "unset"}},
		}, []session.CallbackRecord{
			{Listener: "profileActivationComplete", NotDelivered: "the page registered no profileActivationComplete listener (listener-missing)"},
			{Listener: "registrationChanged", NotDelivered: "the page registered no registrationChanged listener (listener-missing)"},
		}},
		{"delivered, one threw", []*answer{
			{"mpsim:listenerInvoked", map[string]any{"listener": "profileActivationComplete", "name": "onAct", "kind": "string"}},
			{"mpsim:listenerError", map[string]any{"listener": "registrationChanged", "name": "onReg", "message": "boom"}},
		}, []session.CallbackRecord{
			{Listener: "profileActivationComplete", Delivered: true},
			{Listener: "registrationChanged", Delivered: true, Threw: "boom"},
		}},
		{"not a function, then no answer", []*answer{
			{"mpsim:listenerMissing", map[string]any{"listener": "profileActivationComplete", "reason": "not-a-function", "name": "onAct"}},
			nil,
		}, []session.CallbackRecord{
			{Listener: "profileActivationComplete", NotDelivered: `the page registered "onAct" as its profileActivationComplete listener, but window["onAct"] is not a function (listener-not-function)`},
			{Listener: "registrationChanged", NotDelivered: "no answer from the page before the portal closed: its listener may have received the call and still been running, or the page was being left"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$ABCD-1234"))
				for i, a := range tc.answers {
					evals := waitEvals(t, w, i+1)
					if a == nil || len(evals) <= i {
						continue
					}
					arg := map[string]any{"call": callNumber(t, evals[i])}
					for k, v := range a.arg {
						arg[k] = v
					}
					w.Envelope(inlineEnvelope(t, a.event, "", arg))
				}
				w.UserClose()
			}}
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Callbacks) != len(tc.want) {
				t.Fatalf("callbacks %+v, want %d", rep.Callbacks, len(tc.want))
			}
			for i, want := range tc.want {
				got := rep.Callbacks[i]
				if got.Listener != want.Listener || got.Delivered != want.Delivered || got.NotDelivered != want.NotDelivered || got.Threw != want.Threw {
					t.Errorf("callback %d = {%s delivered=%v notDelivered=%q threw=%q}, want {%s delivered=%v notDelivered=%q threw=%q}",
						i, got.Listener, got.Delivered, got.NotDelivered, got.Threw, want.Listener, want.Delivered, want.NotDelivered, want.Threw)
				}
				b, _ := json.Marshal(got)
				if !strings.Contains(string(b), `"delivered":`+strconv.FormatBool(want.Delivered)) {
					t.Errorf("callback JSON %s has no delivered field", b)
				}
			}
			// The log says "not delivered" for each call the page's
			// listener did not receive once the shim said so, and never
			// for one it received.
			notDelivered := map[string]bool{}
			for _, e := range rep.Log {
				if e.Kind == session.KindCallback && strings.Contains(e.Text, "not delivered") {
					notDelivered[e.Callback.Listener] = true
				}
			}
			for i, want := range tc.want {
				answered := tc.answers[i] != nil
				if got := notDelivered[want.Listener]; got != (answered && !want.Delivered) {
					t.Errorf("log says %s not delivered: %v, want %v", want.Listener, got, answered && !want.Delivered)
				}
			}
		})
	}
}

// envelopeAt is inlineEnvelope from the page at pageURL.
func envelopeAt(t *testing.T, pageURL, api string, arg map[string]any) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(inlineEnvelope(t, api, "", arg)), &m); err != nil {
		t.Fatal(err)
	}
	m["pageUrl"] = pageURL
	b, _ := json.Marshal(m)
	return string(b)
}

// TestListenerLeftWithItsPage: a page that registered its listeners and
// then navigated has none on the next page; the not-delivered reason and
// the listener-missing finding say the earlier page registered one (QA:
// "the page registered no listener" read as if the portal never had).
func TestListenerLeftWithItsPage(t *testing.T) {
	const step1, step2 = "https://portal.example/step1", "https://portal.example/step2"
	tests := []struct {
		name    string
		cleared bool // step1 sets the listener to "" again before leaving
		want    string
	}{
		{"registered, then the portal navigated", false,
			"the page registered no profileActivationComplete listener (listener-missing): the page at " + step1 + " registered one, but the portal navigated since (the call reached " + step2 + ")"},
		{"registered, then cleared", true, "the page registered no profileActivationComplete listener (listener-missing)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				for _, name := range []string{"onAct", ""} {
					w.Envelope(envelopeAt(t, step1, "mpsim:listenerSet", map[string]any{"listener": "profileActivationComplete", "property": "profileActivationCompleteScript", "object": "MobilePlansInlineOperations", "kind": "string", "name": name}))
					if !tc.cleared {
						break
					}
				}
				w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$ABCD-1234"))
				evals := waitEvals(t, w, 1)
				w.Envelope(envelopeAt(t, step2, "mpsim:listenerMissing", map[string]any{"listener": "profileActivationComplete", "reason": "unset", "call": callNumber(t, evals[0])}))
				w.UserClose()
			}}
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Callbacks) == 0 || !strings.HasPrefix(rep.Callbacks[0].NotDelivered, tc.want) {
				t.Fatalf("first callback %+v, want it not delivered as %q", rep.Callbacks, tc.want)
			}
			if !tc.cleared && rep.Callbacks[0].NotDelivered == tc.want {
				t.Errorf("the reason stops at the page the call reached: %q", rep.Callbacks[0].NotDelivered)
			}
			var msg string
			for _, f := range rep.Findings {
				if f.Code == "listener-missing" {
					msg = f.Message
				}
			}
			if left := strings.Contains(msg, "The page at "+step1+" registered one"); left == tc.cleared {
				t.Errorf("listener-missing %q: says the earlier page registered one = %v, want %v", msg, left, !tc.cleared)
			}
		})
	}
}
