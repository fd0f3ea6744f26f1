package session

import (
	"testing"
	"time"

	"mpsim/app/internal/inspect"
)

// TestNavClockSees: which window events start and end a top-level
// navigation for the steps' settle.
func TestNavClockSees(t *testing.T) {
	nav := func(kind string, blocked bool) Event {
		return Event{Type: WindowNavigation, Navigation: &inspect.Navigation{Kind: kind, Blocked: blocked}}
	}
	for _, tt := range []struct {
		name           string
		ev             Event
		starts, ending bool
	}{
		{"a navigation starts", nav(inspect.NavTopFrame, false), true, false},
		{"a blocked one does not", nav(inspect.NavTopFrame, true), false, false},
		{"a redirect is neither", nav(inspect.NavRedirect, false), false, false},
		{"committed", nav(inspect.NavCommitted, false), false, true},
		{"a download", nav(inspect.NavDownload, true), false, true},
		{"a custom scheme", nav(inspect.NavScheme, true), false, true},
		{"a same-document change", nav(inspect.NavSameDocument, false), false, true},
		{"navigated", Event{Type: WindowNavigated}, false, true},
		{"a failed load", Event{Type: WindowLoadFailed}, false, true},
		{"a console message is neither", Event{Type: WindowConsole}, false, false},
		{"a navigation WebKit let go is neither", Event{Type: WindowNavDecided}, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c navClock
			c.see(tt.ev)
			if got := c.started.Load() != 0; got != tt.starts {
				t.Errorf("started = %v, want %v", got, tt.starts)
			}
			if got := c.ended.Load() != 0; got != tt.ending {
				t.Errorf("ended = %v, want %v", got, tt.ending)
			}
		})
	}
}

// TestNavClockSettle: a step whose act started no navigation does not
// wait for one; one that did returns once the navigation has ended, or at
// its limit when it never ends.
func TestNavClockSettle(t *testing.T) {
	t.Run("no navigation", func(t *testing.T) {
		var c navClock
		if c.settle(t.Context(), time.Now(), time.Second) {
			t.Error("settle waited for a navigation that never started")
		}
	})
	t.Run("a navigation that ends", func(t *testing.T) {
		var c navClock
		since := time.Now()
		c.see(Event{Type: WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavTopFrame}})
		go func() {
			time.Sleep(50 * time.Millisecond)
			c.see(Event{Type: WindowNavigated})
		}()
		if !c.settle(t.Context(), since, 5*time.Second) {
			t.Fatal("settle saw no navigation")
		}
		if c.ended.Load() < c.started.Load() {
			t.Error("settle returned before the navigation ended")
		}
	})
	t.Run("a navigation that never ends", func(t *testing.T) {
		var c navClock
		since := time.Now()
		c.see(Event{Type: WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavTopFrame}})
		if !c.settle(t.Context(), since, 50*time.Millisecond) {
			t.Error("settle saw no navigation")
		}
	})
	// WebKit let a navigation go (the page set location.href from a
	// timer) but its load started 400 ms later, on a busy machine: the
	// step waits for it and for its end (CI saw the next step fill the
	// field of the page being left). Without the decision it would not.
	t.Run("a navigation that starts late", func(t *testing.T) {
		var c navClock
		since := time.Now()
		c.see(Event{Type: WindowNavDecided})
		go func() {
			time.Sleep(400 * time.Millisecond)
			c.see(Event{Type: WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavTopFrame}})
			time.Sleep(50 * time.Millisecond)
			c.see(Event{Type: WindowNavigated})
		}()
		if !c.settle(t.Context(), since, 5*time.Second) {
			t.Fatal("settle gave up on a navigation WebKit had let go")
		}
		if c.ended.Load() < c.started.Load() {
			t.Error("settle returned before the navigation ended")
		}
	})
	t.Run("a decided navigation that never starts a top-level load", func(t *testing.T) {
		var c navClock
		since := time.Now()
		c.see(Event{Type: WindowNavDecided}) // a frame's own navigation
		if c.settle(t.Context(), since, 5*time.Second) {
			t.Error("settle saw a top-level navigation that never started")
		}
		if waited := time.Since(since); waited < navStartWait+decidedStartWait {
			t.Errorf("settle gave up after %v, before its extended wait of %v", waited, navStartWait+decidedStartWait)
		}
	})
	// A hash route's change (the demo portal's #done) is let go by WebKit
	// too, and ends as a same-document change with no load of its own: no
	// wait for a load.
	t.Run("a decided same-document change", func(t *testing.T) {
		var c navClock
		since := time.Now()
		c.see(Event{Type: WindowNavDecided})
		c.see(Event{Type: WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavSameDocument}})
		if c.settle(t.Context(), since, 5*time.Second) {
			t.Error("settle saw a top-level navigation that never started")
		}
		if waited := time.Since(since); waited >= decidedStartWait {
			t.Errorf("settle waited %v for the load of a same-document change", waited)
		}
	})
	// A frame's own navigation (a link whose target is an iframe): the
	// window saw its document load start as a frame's and said so. Until
	// 2026-12-07 the step waited decidedStartWait for a top-level load
	// that never came.
	t.Run("a decided frame navigation", func(t *testing.T) {
		var c navClock
		since := time.Now()
		c.see(Event{Type: WindowNavDecided, URL: "https://pay.example/3ds"})
		c.see(Event{Type: WindowNavDecided, URL: "https://pay.example/3ds", Reason: NavDecidedFrame})
		if c.settle(t.Context(), since, 5*time.Second) {
			t.Error("settle saw a top-level navigation that never started")
		}
		if waited := time.Since(since); waited >= decidedStartWait {
			t.Errorf("settle waited %v for the top-level load of a frame's navigation", waited)
		}
	})
	t.Run("a navigation before the step", func(t *testing.T) {
		var c navClock
		c.see(Event{Type: WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavTopFrame}})
		time.Sleep(time.Millisecond)
		if c.settle(t.Context(), time.Now(), time.Second) {
			t.Error("settle waited for a navigation that started before the step")
		}
	})
}
