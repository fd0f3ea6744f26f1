package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasAnExample walks the command tree: every command and
// help topic, hidden ones included, has an Example its help shows.
func TestEveryCommandHasAnExample(t *testing.T) {
	args := []string{}
	code := 0
	root := newRoot(&args, &Env{}, nil, &code)
	root.InitDefaultHelpCmd()
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		if strings.HasPrefix(c.Name(), "__") { // cobra's completion helpers
			return
		}
		n++
		if c.Example == "" {
			t.Errorf("%q has no example", c.CommandPath())
		}
		if c.Short == "" {
			t.Errorf("%q has no short description", c.CommandPath())
		}
		var out bytes.Buffer
		path := strings.Fields(c.CommandPath())[1:]
		Main(append([]string{"help"}, path...), Env{Stdout: &out, Stderr: &out})
		if c.Name() != "environment" && !strings.Contains(out.String(), "Examples:\n"+c.Example) {
			t.Errorf("mpsim help %v shows no example:\n%s", path, out.String())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if n < 14 {
		t.Errorf("walked %d commands", n)
	}
}

func TestNormalizeArgs(t *testing.T) {
	args := []string{}
	code := 0
	root := newRoot(&args, &Env{}, nil, &code)
	tests := []struct{ in, want string }{
		{"-json", "-json"}, // mpsim itself has no --json
		{"url -json", "url --json"},
		{"-config f presets -json", "--config f presets --json"},
		{"run -timeout 2m -report - -headless", "run --timeout 2m --report - --headless"},
		{"run -timeout=2m", "run --timeout=2m"},
		{"url --param -json=1 -json", "url --param -json=1 --json"},
		{"run --clock-speed -3", "run --clock-speed -3"},
		{"validate - -json", "validate - --json"},
		{"url -x", "url -x"},
		{"url -bogus", "url -bogus"},
		{"url -- -json", "url -- -json"},
		{"device show -sim psim", "device show --sim psim"},
		{"-help", "--help"},
		{"-version", "--version"},
		{"url -version", "url -version"},
	}
	for _, tc := range tests {
		got := strings.Join(normalizeArgs(root, strings.Fields(tc.in)), " ")
		if got != tc.want {
			t.Errorf("normalizeArgs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
