package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
)

// TestE2EDemoPortalByKeyboard buys a plan on the demo portal with the
// keyboard alone, real key presses in WebKit (xdotool on the test's own
// display): Enter on the plan and in the text fields submits each step
// (each step is a form whose submit is Next), and Enter on an account
// step with the name left empty moves the focus to that field, so that
// the name typed next lands there and the step goes on. Before, Enter in
// a field did nothing and the focus stayed where it was.
func TestE2EDemoPortalByKeyboard(t *testing.T) {
	needE2E(t)
	needXTools(t)
	x := privateX(t, "1024x768x24")
	d := x.Display
	cmd, stderr, report := startOnDisplay(t, d, "run", "--sim", "psim", "--timeout", "90s")
	win := strings.Fields(xdo(t, d, "search", "--sync", "--onlyvisible", "--name", "Mobile Plans"))
	if len(win) == 0 {
		t.Fatal("no portal window")
	}
	time.Sleep(4 * time.Second) // the page's first paint
	// A click on the header (no control there) gives the view the keyboard.
	xdo(t, d, "mousemove", "--window", win[0], "300", "20", "click", "1")
	keys := func(args ...string) {
		for _, a := range args {
			if strings.HasPrefix(a, "type:") {
				xdo(t, d, "type", "--delay", "20", strings.TrimPrefix(a, "type:"))
			} else {
				xdo(t, d, "key", a)
			}
			time.Sleep(300 * time.Millisecond)
		}
	}
	keys("Tab", "Return") // the first plan's radio; Enter: the account step, its heading focused
	time.Sleep(time.Second)
	// The plan's radio, the name (left empty), the e-mail: Enter there
	// finds the empty name and puts the focus in it.
	keys("Tab", "Tab", "Tab", "type:demo@example.com", "Return")
	keys("type:Demo User", "Return") // into the name, if the focus moved there: the payment step
	time.Sleep(time.Second)
	keys("Tab", "Tab", "type:4242 4242 4242 4242", "Tab", "type:12/30", "Return") // the confirm step
	time.Sleep(time.Second)
	// Terms, privacy, Cancel, Back, Buy.
	keys("Tab", "Tab", "Tab", "Tab", "Tab", "Return")
	rep := reportWhenDone(t, cmd, stderr, report)
	var routes []string
	for _, n := range rep.Navigations {
		if n.Kind == inspect.NavSameDocument {
			if _, frag, ok := strings.Cut(n.URL, "#"); ok {
				routes = append(routes, frag)
			}
		}
	}
	t.Logf("routes: %v", routes)
	for _, want := range []string{"/account", "/payment", "/confirm"} {
		if !slices.Contains(routes, want) {
			t.Errorf("the keyboard never reached #%s (routes %v)", want, routes)
		}
	}
	if rep.Ended != session.EndedHandBack || rep.Result == nil || !rep.Result.Success {
		t.Errorf("ended %q with result %+v, want a purchase handed back", rep.Ended, rep.Result)
	}
}
