package cli

import (
	"strings"
	"testing"

	"mpsim/simulator"
)

// esimHolding is an eSIM of the demo operator holding n profiles, the
// first active unless noneActive.
func esimHolding(t *testing.T, n int, noneActive bool) simulator.Device {
	t.Helper()
	op := simulator.DemoOperator()
	g := simulator.NewGenerator(3)
	d := simulator.NewDevice(simulator.KindESIM, op, g)
	for len(d.Profiles) < n {
		// Appended directly: a device saved before the capacity may hold more.
		d.Profiles = append(d.Profiles, simulator.Profile{ICCID: d.FailedDownloadICCID(op, g), Operator: op.Name, State: simulator.ProfileInstalled})
	}
	if noneActive {
		d.Profiles[0].State = simulator.ProfileInstalled
	}
	return d
}

// TestCapacityLine: mpsim device show says how many of its 8 profiles the
// eSIM holds, and says full at 8 and over beyond (an older saved device),
// with what a download then does and how to make room; before, it said
// nothing of the capacity.
func TestCapacityLine(t *testing.T) {
	tests := []struct {
		name      string
		d         simulator.Device
		want, not []string
	}{
		{"room", esimHolding(t, 3, false), []string{"3 of 8 profiles (room for 5 more)"}, []string{"full", "no profile is active"}},
		{"full", esimHolding(t, 8, false), []string{"8 of 8 profiles — full", "InsufficientSpaceOnCard", "remove-profile --iccid ICCID"}, nil},
		{"over", esimHolding(t, 9, false), []string{"9 profiles, more than its 8 — over", "until 2 are removed"}, []string{"8 of 8"}},
		{"none active", esimHolding(t, 2, true), []string{"2 of 8 profiles", "no profile is active"}, nil},
		{"physical SIM", simulator.NewDevice(simulator.KindPSIM, simulator.DemoOperator(), simulator.NewGenerator(1)), nil, []string{"capacity"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			printDevice(&b, deviceOutput{Device: tc.d})
			for _, w := range tc.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("device show does not say %q:\n%s", w, b.String())
				}
			}
			for _, w := range tc.not {
				if strings.Contains(b.String(), w) {
					t.Errorf("device show says %q:\n%s", w, b.String())
				}
			}
		})
	}
}

// TestRemovedText: remove-profile says how many of its 8 profiles the eSIM
// holds after the removal (or that it is still over), and, when the
// removed profile was the active one, that none is active now and what the
// next purchase does; before, it said only "holds N profile(s)".
func TestRemovedText(t *testing.T) {
	tests := []struct {
		name      string
		d         simulator.Device
		wasActive bool
		want      []string
	}{
		{"inactive one", esimHolding(t, 7, false), false, []string{"the eSIM holds 7 of its 8 profiles"}},
		{"the active one", esimHolding(t, 7, true), true, []string{"7 of its 8 profiles", "it was the active profile, so no profile is active now", "(F2) switches to the profile"}},
		{"still over", esimHolding(t, 9, false), false, []string{"holds 9 profiles, still more than its 8: remove 2 more"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := removedText("8988247000100003319", tc.wasActive, tc.d)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q does not say %q", got, w)
				}
			}
			if !tc.wasActive && strings.Contains(got, "active") {
				t.Errorf("%q speaks of the active profile", got)
			}
		})
	}
}
