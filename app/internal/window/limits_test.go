package window

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/bridge"
)

func rpcMessage(t *testing.T, token, api string) string {
	env, _ := json.Marshal(map[string]any{"token": token, "api": api, "args": []any{}})
	b, _ := json.Marshal(map[string]any{"id": 1000000001, "method": "__b", "params": []string{string(env)}})
	return string(b)
}

func TestLimits(t *testing.T) {
	now := time.Unix(100, 0)
	l := newLimits(ipc.StartSpec{BindingName: "__b", Token: "tok", MaxCallsPerSecond: 10, MaxMessageBytes: 1000,
		HandBackAPIs: []string{"DataMart.notifyPurchaseResult"}})
	l.now = func() time.Time { return now }
	admit := func(msg string) bool {
		_, _, ok := l.admit(len(msg), func() string { return msg }, true)
		return ok
	}
	copied := false
	if _, _, ok := l.admit(50<<20, func() string { copied = true; return "" }, true); ok || copied {
		t.Fatalf("an oversize message was admitted (%v) or copied (%v)", ok, copied)
	}
	// Ten trusted calls a second, one untrusted; hand-backs have their own budget.
	n := 0
	for i := 0; i < 30; i++ {
		if admit(rpcMessage(t, "tok", "MobilePlans.createPurchaseMetaData")) {
			n++
		}
	}
	if n != 10 {
		t.Errorf("%d trusted calls admitted, want 10", n)
	}
	if !admit(rpcMessage(t, "tok", "DataMart.notifyPurchaseResult")) {
		t.Error("the hand-back was crowded out by the burst")
	}
	if !admit(rpcMessage(t, "forged", "DataMart.notifyPurchaseResult")) || admit(rpcMessage(t, "forged", "DataMart.notifyPurchaseResult")) {
		t.Error("want exactly one untrusted message a second")
	}
	for _, bad := range []string{"not json", `{"method":"other","params":["x"]}`, `{"method":"__b","params":[1]}`} {
		if admit(bad) {
			t.Errorf("admitted %q", bad)
		}
	}
	c, ok := l.changed()
	if !ok || c.Oversize != 1 || c.Largest != 50<<20 || c.Flood != 20 || c.FloodUntrusted != 1 || c.Malformed != 3 || c.PerSecond != 10 ||
		c.FloodControl != 0 || c.FloodEvents != 0 || c.ControlPerSecond != controlPerSecond || c.EventsPerSecond != eventsPerSecond {
		t.Errorf("counts %+v", c)
	}
	if _, ok := l.changed(); ok {
		t.Error("changed twice without news")
	}
	now = now.Add(time.Second)
	if !admit(rpcMessage(t, "tok", "MobilePlans.createPurchaseMetaData")) {
		t.Error("the budget did not renew after a second")
	}
	if got := cut(strings.Repeat("é", 10), 5); got != "éé…" {
		t.Errorf("cut = %q", got)
	}
}

// Whatever a page floods the window with in one second (the shim's events,
// which it can cause at will, other calls, untrusted posts), a hand-back and
// an inline call still go through, and each drop is counted against the
// budget that refused it (exempt-flood.html, rerender.html,
// inline-flood.html).
func TestLimitsNothingCrowdsOutHandBacks(t *testing.T) {
	handBacks := []string{"DataMart.notifyPurchaseResult", "MobilePlans.notifyCancelledPurchase", "MobilePlansInlineOperations.notifyProfileDownload"}
	for _, tc := range []struct {
		name, token, api string
		n                int
		want             func(ipc.DropCounts) int
	}{
		{"global overwrites", "tok", "mpsim:globalOverwrite", 200, func(c ipc.DropCounts) int { return c.FloodEvents }},
		{"listener sets", "tok", "mpsim:listenerSet", 60, func(c ipc.DropCounts) int { return c.FloodEvents }},
		{"metadata calls", "tok", "MobilePlans.createPurchaseMetaData", 600, func(c ipc.DropCounts) int { return c.Flood }},
		{"untrusted posts", "forged", "DataMart.notifyPurchaseResult", 600, func(c ipc.DropCounts) int { return c.FloodUntrusted }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Unix(100, 0)
			l := newLimits(ipc.StartSpec{BindingName: "__b", Token: "tok", MaxCallsPerSecond: 500, HandBackAPIs: handBacks})
			l.now = func() time.Time { return now }
			admitted := 0
			for i := 0; i < tc.n; i++ {
				msg := rpcMessage(t, tc.token, tc.api)
				if _, _, ok := l.admit(len(msg), func() string { return msg }, true); ok {
					admitted++
				}
			}
			for _, api := range handBacks {
				msg := rpcMessage(t, "tok", api)
				if _, _, ok := l.admit(len(msg), func() string { return msg }, true); !ok {
					t.Errorf("%s was crowded out by %d %s", api, tc.n, tc.api)
				}
			}
			c, _ := l.changed()
			if got := tc.want(c); got != tc.n-admitted || got == 0 {
				t.Errorf("%d of %d dropped, counted %d against their budget; counts %+v", tc.n-admitted, tc.n, got, c)
			}
			if c.FloodControl != 0 {
				t.Errorf("hand-backs counted as dropped: %+v", c)
			}
		})
	}
}

// A message is attributed to the page WebKit shows: the view's URI when it
// has the committed page's origin (pushState), else the committed page's
// URL, whatever the message claims (forge.html).
func TestHostPageURL(t *testing.T) {
	for _, tc := range []struct{ committed, current, want string }{
		{"", "https://a.example/x", "https://a.example/x"},
		{"https://a.example/x", "https://a.example/y?pushed", "https://a.example/y?pushed"},
		{"http://localhost:8801/forge.html", "http://127.0.0.1:8801/steal2.html", "http://localhost:8801/forge.html"},
		{"https://a.example/x", "https://a.example:444/x", "https://a.example/x"},
	} {
		if got := hostPageURL(tc.committed, tc.current); got != tc.want {
			t.Errorf("hostPageURL(%q, %q) = %q, want %q", tc.committed, tc.current, got, tc.want)
		}
	}
}

// TestAdmitSaysWhatTheCallIs: the recorder learns of a hand-back (a
// trusted call of spec.HandBackAPIs) and of the shim's first paint from
// admit, so that a first load finishing after a hand-back gets no
// first-load picture; an untrusted (forged) hand-back is neither.
func TestAdmitSaysWhatTheCallIs(t *testing.T) {
	if firstPaintEvent != bridge.EventFirstPaint {
		t.Fatalf("firstPaintEvent %q, bridge.EventFirstPaint %q", firstPaintEvent, bridge.EventFirstPaint)
	}
	tests := []struct {
		token, api string
		want       callKind
	}{
		{"tok", "DataMart.notifyPurchaseResult", callHandBack},
		{"forged", "DataMart.notifyPurchaseResult", callOther},
		{"tok", bridge.EventFirstPaint, callFirstPaint},
		{"forged", bridge.EventFirstPaint, callOther},
		{"tok", "MobilePlans.createPurchaseMetaData", callOther},
	}
	for _, tc := range tests {
		// A limits of its own: forged calls share a budget of one a second.
		l := newLimits(ipc.StartSpec{BindingName: "__b", Token: "tok", MaxCallsPerSecond: 10, MaxMessageBytes: 1000,
			HandBackAPIs: []string{"DataMart.notifyPurchaseResult"}})
		msg := rpcMessage(t, tc.token, tc.api)
		if _, kind, ok := l.admit(len(msg), func() string { return msg }, true); !ok || kind != tc.want {
			t.Errorf("admit(%s, token %s) = kind %d, admitted %v; want kind %d", tc.api, tc.token, kind, ok, tc.want)
		}
	}
}
