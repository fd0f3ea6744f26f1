package localefix_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	_ "mpsim/app/internal/localefix"
)

// childEnv makes the test binary the child of TestFyneLogsNoLocaleError.
const childEnv = "LOCALEFIX_TEST_CHILD"

// Fyne, initialised after package localefix as in mpsim-host, logs no
// locale error under LC_ALL=C.UTF-8 or an unknown locale, at start-up or
// when it formats for the user (lang.SystemLocale). The test is in a
// package of its own, as main is: package localefix itself must not
// import Fyne, or Fyne would be initialised first.
func TestFyneLogsNoLocaleError(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		_ = lang.SystemLocale()
		_ = lang.L("Cancel")
		return
	}
	for _, env := range [][]string{
		{"LC_ALL=C.UTF-8"},
		{"LC_ALL=xx_YY.UTF-8"},
		{"LANG=C.UTF-8"},
		{"LANG=xx_YY.UTF-8"},
		{"LC_ALL=de_DE.UTF-8"},
		{"LC_ALL=xx_YY.UTF-8", "LANGUAGE=xx"},
	} {
		t.Run(strings.Join(env, " "), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestFyneLogsNoLocaleError$", "-test.count=1")
			cmd.Env = append(withoutLocale(os.Environ()), childEnv+"=1")
			cmd.Env = append(cmd.Env, env...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if strings.Contains(string(out), "Error parsing user locale") {
				t.Errorf("with %v, Fyne logged a locale error:\n%s", env, out)
			}
		})
	}
}

// withoutLocale is env without the variables Fyne reads the locale from.
func withoutLocale(env []string) []string {
	var out []string
	for _, kv := range env {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE":
		default:
			out = append(out, kv)
		}
	}
	return out
}
