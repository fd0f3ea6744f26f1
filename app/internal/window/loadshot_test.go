package window

import (
	"bytes"
	"testing"
)

// A return page that handed back as it parsed and then finished loading
// got a "loaded" screenshot after the hand-back's (QA 'pay' ra: 07-loaded
// after 06-handback). Once the parent asked for the hand-back's
// screenshot, no load gets one; a load that finishes after a hand-back
// call the parent has not taken yet is held (the parent may refuse it).
func TestNoLoadedScreenshotAfterTheHandBack(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		loads                    int
		handedBack, handbackShot bool
		want                     loadShotKind
	}{
		{"the first load", 1, false, false, shotFirst},
		{"the first load after an inline hand-back", 1, true, false, shotSkipFirst},
		{"a later load", 3, false, false, shotLoaded},
		{"a later load after the hand-back's screenshot", 3, true, true, shotNone},
		{"a later load after a hand-back call the parent has not taken yet", 3, true, false, shotHold},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestRecorder(&bytes.Buffer{})
			r.loads, r.handedBack = tc.loads, tc.handedBack
			if tc.handbackShot {
				r.pending++
				r.take(handbackLabel) // no directory: no picture, but asked
			}
			if got := r.loadShot(); got != tc.want {
				t.Errorf("loadShot() = %d, want %d", got, tc.want)
			}
		})
	}
}
