package window

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

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
			var got []string
			sc := bufio.NewScanner(&out)
			for sc.Scan() {
				var m ipc.Message
				if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
					t.Fatalf("decode %q: %v", sc.Text(), err)
				}
				if m.Type == ipc.TypeNavDecided {
					got = append(got, m.URL)
				}
			}
			if len(got) != len(tc.want) || (len(got) == 1 && got[0] != tc.want[0]) {
				t.Errorf("navDecided messages %q, want %q", got, tc.want)
			}
		})
	}
}
