package hostwin

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// A host window that closed ends its process after the grace period even
// when the toolkit never returns, once however often the close is seen.
func TestExitWatchEndsTheProcessOnce(t *testing.T) {
	var mu sync.Mutex
	var codes []int
	var stderr bytes.Buffer
	x := &exitWatch{grace: 20 * time.Millisecond, stderr: &stderr, exit: func(code int) {
		mu.Lock()
		defer mu.Unlock()
		codes = append(codes, code)
	}}
	x.arm()
	x.arm()
	mu.Lock()
	if len(codes) != 0 {
		t.Fatalf("exited at once: %v", codes)
	}
	mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(codes)
		mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(60 * time.Millisecond) // a second exit would come now
	mu.Lock()
	defer mu.Unlock()
	if len(codes) != 1 || codes[0] != 0 {
		t.Errorf("exit calls %v, want one with 0", codes)
	}
	if !strings.Contains(stderr.String(), "has not ended the host") {
		t.Errorf("stderr %q", stderr.String())
	}
}
