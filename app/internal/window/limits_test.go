package window

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/ipc"
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
		_, ok := l.admit(len(msg), func() string { return msg }, true)
		return ok
	}
	copied := false
	if _, ok := l.admit(50<<20, func() string { copied = true; return "" }, true); ok || copied {
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
	if !ok || c.Oversize != 1 || c.Largest != 50<<20 || c.Flood != 20 || c.FloodUntrusted != 1 || c.Malformed != 3 || c.PerSecond != 10 {
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
