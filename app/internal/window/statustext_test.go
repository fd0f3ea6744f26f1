package window

import (
	"net/http"
	"testing"
)

// The window's reason phrases are net/http's, code for code.
func TestStatusTextIsNetHTTPs(t *testing.T) {
	for code := 0; code < 1000; code++ {
		if got, want := statusText(code), http.StatusText(code); got != want {
			t.Errorf("statusText(%d) = %q, want %q", code, got, want)
		}
	}
}
