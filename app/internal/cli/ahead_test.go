package cli

import "testing"

// A worker's window makes the next cell's view ahead only when the workers
// leave a CPU to spare.
func TestAheadOf(t *testing.T) {
	tests := []struct {
		workers, cpus int
		want          bool
	}{
		{1, 2, true},
		{2, 2, false},
		{3, 2, false},
		{2, 4, true},
		{1, 1, false},
	}
	for _, tt := range tests {
		if got := aheadOf(tt.workers, tt.cpus); got != tt.want {
			t.Errorf("aheadOf(%d workers, %d CPUs) = %v, want %v", tt.workers, tt.cpus, got, tt.want)
		}
	}
}

func TestDefaultParallelIsHalfTheCPUs(t *testing.T) {
	for _, tt := range []struct{ cpus, want int }{{1, 1}, {2, 1}, {3, 1}, {4, 2}, {8, 4}, {16, 8}} {
		if got := defaultParallel(tt.cpus); got != tt.want {
			t.Errorf("defaultParallel(%d) = %d, want %d", tt.cpus, got, tt.want)
		}
	}
}
