package cli_test

import (
	"fmt"
	"os"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/termsafe"
)

// TestMain gives the tests a UTF-8 locale when the runner has none: they read
// mpsim's text as UTF-8, and under LANG=C or no locale at all mpsim writes
// ASCII stand-ins instead (TestASCIIUnderTheCLocale sets those locales
// itself).
func TestMain(m *testing.M) {
	if !termsafe.UTF8Locale(os.Getenv) {
		if err := os.Setenv("LC_ALL", "C.UTF-8"); err != nil {
			fmt.Fprintln(os.Stderr, "set LC_ALL:", err)
			os.Exit(2)
		}
	}
	if os.Getenv(childEnv) == "1" {
		// The test binary re-executed as another user (asUser): it is
		// mpsim, with the arguments it was given.
		os.Exit(cli.Main(os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
	}
	os.Exit(m.Run())
}
