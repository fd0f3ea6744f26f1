package window

import (
	"testing"
	"time"
)

func TestPageWatchStuck(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name string
		w    pageWatch
		want bool
	}{
		{"no ping in flight", pageWatch{}, false},
		{"a ping just sent", pageWatch{sent: now.Add(-100 * time.Millisecond)}, false},
		{"a ping unanswered for a second", pageWatch{sent: now.Add(-stuckAfter)}, true},
		{"said unresponsive", pageWatch{sent: now.Add(-unresponsiveAfter), unresponsive: true}, true},
	}
	for _, tc := range tests {
		if got := tc.w.stuck(now); got != tc.want {
			t.Errorf("%s: stuck = %v, want %v", tc.name, got, tc.want)
		}
	}
}
