package main

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
)

// axeReusePage is a page without accessibility problems that runs change
// (nothing when empty) at changeMs ms and hands back at handBackMs ms.
func axeReusePage(changeMs, handBackMs int, change string) string {
	return `<!doctype html><html lang="en"><head><title>Thank you</title>
<style>p.note{color:#222;background:#fff}</style></head>
<body><main><h1>Thank you</h1><p class="note">Your plan is active.</p><button type="button" id="done">Done</button></main>
<script>
setTimeout(function () {` + change + `}, ` + strconv.Itoa(changeMs) + `);
</script>` + handBackAfter(strconv.Itoa(handBackMs)) + `</body></html>`
}

// TestE2EAxeReusedOnlyWhenThePageDidNotChange runs pages whose hand-back
// comes after the first paint's probe: the hand-back's probe reuses
// axe-core's result when the page did not change in between, and runs it
// again after a DOM change, a style rule changed through the CSSOM, or a
// focus move, finding what changed.
func TestE2EAxeReusedOnlyWhenThePageDidNotChange(t *testing.T) {
	needE2E(t)
	needAxe(t)
	for _, tc := range []struct {
		name, change string
		reused       bool
		newViolation string // in the hand-back's result only
	}{
		{name: "unchanged", reused: true},
		{name: "dom", change: `var i = document.createElement("img"); i.src = "/none.png"; document.querySelector("main").appendChild(i);`,
			newViolation: "image-alt"},
		{name: "cssom", change: `document.styleSheets[0].cssRules[0].style.color = "#eee";`, newViolation: "color-contrast"},
		{name: "focus", change: `document.getElementById("done").focus();`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := startTestPortal(t, map[string]string{"/": axeReusePage(3000, 3600, tc.change)})
			_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s")
			if rep.Ended != session.EndedHandBack {
				t.Fatalf("ended %q, want handBack\nstderr:\n%s", rep.Ended, stderr)
			}
			first, last := axeOf(t, rep, "first-paint"), axeOf(t, rep, "handback")
			if first.ReusedFrom != "" {
				t.Errorf("the first paint's probe reused %q's result; nothing ran before it", first.ReusedFrom)
			}
			switch {
			case tc.reused && last.ReusedFrom != "first-paint":
				t.Errorf("the hand-back's probe reused %q, want first-paint's result (the page did not change)", last.ReusedFrom)
			case !tc.reused && last.ReusedFrom != "":
				t.Errorf("the hand-back's probe reused %q's result after the page changed (%s)", last.ReusedFrom, tc.name)
			}
			if tc.newViolation != "" {
				if hasViolation(first, tc.newViolation) || !hasViolation(last, tc.newViolation) {
					t.Errorf("%s: first paint %+v, hand-back %+v; want it only at the hand-back", tc.newViolation, first.Violations, last.Violations)
				}
			}
		})
	}
}

// quickHandBackPage hands back one frame after mpsim's first paint (which
// the shim reports two frames after DOMContentLoaded), before the first
// paint's probe, which waits for a quiet network, has begun.
const quickHandBackPage = `<!doctype html><html lang="en"><head><title>Thank you</title></head>
<body><main><h1>Thank you</h1><p>Your plan is active.</p></main>
<script>
document.addEventListener("DOMContentLoaded", function () {
  requestAnimationFrame(function () { requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(function () {
    ` + completedHandBackJS + `
  }, 20); }); }); });
});
</script></body></html>`

// TestE2EAxeOneAtATime hands back right after the first paint, so that the
// first paint's probe and the hand-back's are asked for together: neither
// fails with axe-core's "already running", both have a result, and
// axe-core is loaded into the page once.
func TestE2EAxeOneAtATime(t *testing.T) {
	needE2E(t)
	needAxe(t)
	p := startTestPortal(t, map[string]string{"/": quickHandBackPage})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s")
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("ended %q, want handBack\nstderr:\n%s", rep.Ended, stderr)
	}
	for _, pr := range rep.Probes {
		if strings.Contains(pr.Error, "axe") {
			t.Errorf("probe %s: %s", pr.Label, pr.Error)
		}
	}
	first, last := axeOf(t, rep, "first-paint"), axeOf(t, rep, "handback")
	if first.ReusedFrom == "" && last.ReusedFrom == "" {
		t.Errorf("both probes ran axe-core on the same unchanged page; one should reuse the other's result")
	}
	var call, closed time.Time
	for _, e := range rep.Log {
		switch {
		case e.Kind == session.KindCall && call.IsZero():
			call = e.At
		case e.Kind == session.KindClosed:
			closed = e.At
		}
	}
	t.Logf("hand-back call → window closed: %s", closed.Sub(call).Round(time.Millisecond))
	// The second probe waits for the first, then finds axe-core defined:
	// the 650 KB are sent and parsed once per document.
	if first.Loads != 1 || last.Loads != 1 {
		t.Errorf("axe-core loaded %d times by the first paint's probe, %d by the hand-back's; want 1 and 1", first.Loads, last.Loads)
	}
}

// axeOf returns the axe-core result of rep's probe labelled label.
func axeOf(t *testing.T, rep session.Report, label string) inspect.AxeResult {
	t.Helper()
	for _, pr := range rep.Probes {
		if pr.Label == label {
			if pr.Accessibility == nil {
				t.Fatalf("probe %s has no axe-core result (error %q)", label, pr.Error)
			}
			return *pr.Accessibility
		}
	}
	t.Fatalf("no %s probe in %d probes", label, len(rep.Probes))
	return inspect.AxeResult{}
}

func hasViolation(a inspect.AxeResult, id string) bool {
	for _, v := range a.Violations {
		if v.ID == id {
			return true
		}
	}
	return false
}

// TestE2ENoAxe runs the page that breaks three axe-core rules with
// --no-axe: its probes carry no axe-core result and no error, the
// accessibility policy is manual and says why, and the rest of the audit
// still runs (the missing lang attribute warns).
func TestE2ENoAxe(t *testing.T) {
	needE2E(t)
	needAxe(t)
	p := startTestPortal(t, map[string]string{"/": a11yPage})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s", "--no-axe")
	if rep.Ended != session.EndedHandBack || len(rep.Probes) < 2 {
		t.Fatalf("ended %q with %d probes; want handBack and two probes\nstderr:\n%s", rep.Ended, len(rep.Probes), stderr)
	}
	for _, pr := range rep.Probes {
		if pr.Accessibility != nil || pr.Error != "" {
			t.Errorf("probe %s: axe-core result %+v, error %q; want neither", pr.Label, pr.Accessibility, pr.Error)
		}
	}
	statuses := map[string]audit.Policy{}
	for _, x := range rep.Policies {
		statuses[x.ID] = x
	}
	if a := statuses["accessibility"]; a.Status != audit.StatusManual || !slices.Contains(a.Evidence, "axe-core was left out of this session (--no-axe, or no_axe in its scenario)") {
		t.Errorf("accessibility: %q %q; want manual, left out", a.Status, a.Evidence)
	}
	if l := statuses["localization-locale"]; l.Status != audit.StatusWarn {
		t.Errorf("localization-locale: %q %q; want warn (no lang attribute): the rest of the audit runs", l.Status, l.Evidence)
	}
}
