package window

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// With scenario steps the window tells the parent of each navigation
// WebKit let go, as it lets it go: a step then waits for the page it led
// to however late its load starts. A blocked one (a custom scheme once
// the portal loaded), a pop-up, and a session without steps send none;
// nor does one without inspection, whose parent never learns when a load
// starts (it waited for nothing, 2 s a click).
func TestNavigationsLetGoAreTold(t *testing.T) {
	const next = "https://portal.example/next"
	for _, tc := range []struct {
		name      string
		inspect   bool
		steps     bool
		committed bool
		kind      webkit.PolicyKind
		uri       string
		want      []string
	}{
		{"a navigation, with steps", true, true, true, webkit.PolicyNavigation, next, []string{next}},
		{"without steps", true, false, true, webkit.PolicyNavigation, next, nil},
		{"without inspection", false, true, true, webkit.PolicyNavigation, next, nil},
		{"a custom scheme, blocked", true, true, true, webkit.PolicyNavigation, "ms-settings:network", nil},
		{"a pop-up", true, true, true, webkit.PolicyNewWindow, next, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			r.p.steps, r.p.committed = tc.steps, tc.committed
			if tc.inspect {
				r.p.rec = r
			}
			r.p.onDecide(tc.kind, tc.uri, 0, false)
			got := sentDecided(t, &out)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("navDecided messages %q, want %q", got, tc.want)
			}
		})
	}
}

// A page that floods its frames with navigations (a loop of src
// assignments) costs the pipe one navDecided line a gap, not one a
// navigation, and the burst's last navigation is told at the gap's end: a
// step still waits for it.
func TestNavigationFloodIsThrottled(t *testing.T) {
	now := time.Unix(1000, 0)
	var later []func()
	th := &throttle{gap: navDecidedGap, now: func() time.Time { return now }, later: func(d time.Duration, f func()) {
		if d <= 0 || d > navDecidedGap {
			t.Errorf("held for %v, want within (0, %v]", d, navDecidedGap)
		}
		later = append(later, f)
	}}
	var told []int
	for i := 0; i < 1000; i++ {
		th.do(func() { told = append(told, i) })
		now = now.Add(time.Millisecond / 10)
	}
	if len(told) != 1 || told[0] != 0 {
		t.Fatalf("during the burst told %v, want only the first navigation", told)
	}
	if len(later) != 1 {
		t.Fatalf("%d releases armed for one burst, want 1", len(later))
	}
	now = now.Add(navDecidedGap)
	later[0]()
	if len(told) != 2 || told[1] != 999 {
		t.Fatalf("after the gap told %v, want the first and the last (999)", told)
	}
	// A quiet spell after it: the next navigation is told at once.
	now = now.Add(navDecidedGap)
	th.do(func() { told = append(told, -1) })
	if len(told) != 3 || len(later) != 1 {
		t.Errorf("after a quiet gap told %v with %d releases, want the new one at once", told, len(later))
	}
}

// The portal's own throttle: a thousand navigations let go in a row send
// one line now; the rest are held for the GTK loop (none runs here).
func TestPortalTellsAFloodOnce(t *testing.T) {
	var out bytes.Buffer
	r := newTestRecorder(&out)
	r.p.steps, r.p.committed, r.p.rec = true, true, r
	for i := 0; i < 1000; i++ {
		r.p.onDecide(webkit.PolicyNavigation, "https://portal.example/frame?"+strconv.Itoa(i), 0, false)
	}
	if n := len(sentDecided(t, &out)); n != 1 {
		t.Errorf("%d navDecided lines for 1000 navigations in a row, want 1", n)
	}
}

// A navigation that starts as a frame's document load (a link whose
// target is an iframe) is told as a frame's once it starts, after the
// navDecided it is about: a step then waits for no top-level load. Not
// while another navigation let go has not started (it may be the top
// frame's), nor for a load of another kind, nor without steps.
func TestFrameNavigationsAreTold(t *testing.T) {
	const (
		frame = "https://pay.example/3ds"
		top   = "https://portal.example/next"
	)
	iframe := []string{"Sec-Fetch-Dest: iframe"}
	type start struct {
		uri     string
		headers []string
		main    bool
	}
	for _, tc := range []struct {
		name    string
		steps   bool
		decided []string
		starts  []start
		want    []string // "url" for a navDecided, "url frame" for a frame's
	}{
		{"a frame's navigation", true, []string{frame}, []start{{frame, iframe, false}}, []string{frame, frame + " frame"}},
		{"a frame's load without Sec-Fetch-Dest", true, []string{frame}, []start{{frame, nil, false}}, []string{frame, frame + " frame"}},
		{"an image of that URL", true, []string{frame}, []start{{frame, []string{"Sec-Fetch-Dest: image"}, false}}, []string{frame}},
		{"a top-level navigation let go as well", true, []string{top, frame}, []start{{frame, iframe, false}}, []string{top}},
		{"the top-level load started first", true, []string{top, frame}, []start{{top, nil, true}, {frame, iframe, false}}, []string{top}},
		{"a load started for nothing let go", true, nil, []start{{frame, iframe, false}}, nil},
		{"without steps", false, []string{frame}, []start{{frame, iframe, false}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			r.p.steps, r.p.committed, r.p.rec = tc.steps, true, r
			for _, uri := range tc.decided {
				r.p.onDecide(webkit.PolicyNavigation, uri, 0, false)
			}
			for i, s := range tc.starts {
				r.onStarted(uint(i+1), "GET", s.uri, s.headers, s.main)
			}
			got := sentDecided(t, &out)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("navDecided messages %q, want %q", got, tc.want)
			}
		})
	}
}

// sentDecided are the navDecided messages in out, one line each: the URL,
// then the reason when there is one ("url frame").
func sentDecided(t *testing.T, out *bytes.Buffer) []string {
	t.Helper()
	var got []string
	for _, m := range sentMessages(t, out) {
		if m.Type == ipc.TypeNavDecided {
			got = append(got, strings.TrimSpace(m.URL+" "+m.Reason))
		}
	}
	return got
}
