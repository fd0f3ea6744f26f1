package window

import "testing"

// The embedded page's zoom makes its CSS pixels the host's units whatever
// GTK's own scale (GDK_SCALE) draws them at.
func TestEmbedZoom(t *testing.T) {
	tests := []struct {
		host  float64
		gtk   int
		want  float64
		label string
	}{
		{1, 1, 1, "nothing scaled"},
		{1.5, 1, 1.5, "the host at 1.5"},
		{1, 2, 0.5, "GDK_SCALE=2, the host at 1"},
		{2, 2, 1, "both at 2"},
		{0, 2, 0.5, "no host scale given"},
		{1, 0, 1, "no GTK scale read"},
	}
	for _, tt := range tests {
		if got := embedZoom(tt.host, tt.gtk); got != tt.want {
			t.Errorf("%s: embedZoom(%v, %d) = %v, want %v", tt.label, tt.host, tt.gtk, got, tt.want)
		}
	}
}
