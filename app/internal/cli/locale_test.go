package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
)

// mpsimLocale runs mpsim with the locale variables of locale (and no
// others: LC_ALL, LC_CTYPE and LANG not in it are unset).
func mpsimLocale(t *testing.T, dir string, locale map[string]string, args ...string) result {
	t.Helper()
	t.Setenv(workspace.ConfigDirEnv, dir)
	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			switch k {
			case "DISPLAY":
				return ""
			case "LC_ALL", "LC_CTYPE", "LANG", "LANGUAGE":
				return locale[k]
			}
			return os.Getenv(k)
		}}
	code := cli.Main(args, env)
	return result{code, out.String(), errOut.String()}
}

// nonASCII returns the first byte of s that is not ASCII and where, or -1.
func nonASCII(s string) (int, string) {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return i, s[max(0, i-30):min(len(s), i+10)]
		}
	}
	return -1, ""
}

// handBack writes a hand-back payload whose plan name is in Cyrillic, with
// a dash: what a portal in another script hands back.
func handBack(t *testing.T, plan string) string {
	t.Helper()
	pr, err := json.Marshal(map[string]string{"userAccount": "New", "purchaseInstrument": "New", "line": "New",
		"moDirectStatus": "Complete", "planName": plan})
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": "8988247000124671802",
		"transactionId": "t", "purchaseResult": string(pr)})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "handback.json")
	if err := os.WriteFile(file, payload, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// Under a locale whose character set is not UTF-8 (LANG=C, POSIX, none)
// what mpsim writes on the terminal is ASCII: the —, ✓, §, ⚠ and …
// of its messages have stand-ins and a plan name in another script is
// escaped. Before, the UTF-8 bytes went out as they were and showed as
// mojibake or question marks. JSON stays UTF-8.
func TestASCIIUnderTheCLocale(t *testing.T) {
	const plan = "Тариф — 5 ГБ"
	file := handBack(t, plan)
	locales := []struct {
		name   string
		locale map[string]string
	}{
		{"LANG=C", map[string]string{"LANG": "C"}},
		{"LANG=POSIX", map[string]string{"LANG": "POSIX"}},
		{"no locale set", nil},
		{"LC_ALL=C over LANG=C.UTF-8", map[string]string{"LC_ALL": "C", "LANG": "C.UTF-8"}},
		{"LC_CTYPE=C over LANG=C.UTF-8", map[string]string{"LC_CTYPE": "C", "LANG": "C.UTF-8"}},
	}
	commands := []struct {
		args []string
		want string // in the ASCII output
	}{
		{[]string{"device", "show"}, "+ valid"},
		{[]string{"validate", file}, `\u0422\u0430\u0440\u0438\u0444 -- 5 \u0413\u0411`},
		{[]string{"presets"}, "presets file:"},
		{[]string{"url", "--preset", "bad-iccid-check-digit"}, "https://"},
		{[]string{"help", "environment"}, "Environment variables"},
		{[]string{"help"}, "mpsim -- the simulated"},
		{[]string{"run", "--demo-choice", "maybe"}, "--demo-choice"},
	}
	for _, l := range locales {
		t.Run(l.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, c := range commands {
				r := mpsimLocale(t, dir, l.locale, c.args...)
				for stream, text := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
					if i, around := nonASCII(text); i >= 0 {
						t.Errorf("mpsim %s: %s byte %d is %#x: %q", strings.Join(c.args, " "), stream, i, text[i], around)
					}
				}
				if !strings.Contains(r.stdout+r.stderr, c.want) {
					t.Errorf("mpsim %s: the output lacks %q:\n%s%s", strings.Join(c.args, " "), c.want, r.stdout, r.stderr)
				}
			}
			// JSON is for programs: UTF-8 whatever the locale.
			r := mpsimLocale(t, dir, l.locale, "validate", "--json", file)
			if !strings.Contains(r.stdout, `"planName": "`+plan+`"`) {
				t.Errorf("validate --json: the plan name is not in UTF-8:\n%s", r.stdout)
			}
		})
	}
	// Under a UTF-8 locale the text is as written.
	r := mpsimLocale(t, t.TempDir(), map[string]string{"LANG": "en_US.UTF-8"}, "validate", file)
	if !strings.Contains(r.stdout, plan) {
		t.Errorf("validate under en_US.UTF-8: the plan name changed:\n%s", r.stdout)
	}
}

// `mpsim help environment` lists the locale variables mpsim reads, each
// with what mpsim does with it: before, it named LANG, LC_ALL and
// LC_MESSAGES in passing and left out LANGUAGE (which the host window
// reads and may set) and LC_CTYPE (which, like LC_ALL and LANG, decides
// whether the terminal text is ASCII).
func TestHelpEnvironmentListsTheLocale(t *testing.T) {
	r := mpsim(t, t.TempDir(), "help", "environment")
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	entries := map[string]string{}
	var name string
	for _, line := range strings.Split(r.stdout, "\n") {
		switch {
		case strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   "):
			name = strings.TrimSpace(line)
		case strings.HasPrefix(line, "      ") && name != "":
			entries[name] += strings.TrimSpace(line) + " "
		default:
			name = ""
		}
	}
	tests := []struct {
		entry string
		want  []string
	}{
		{"LC_ALL, LC_CTYPE, LANG", []string{"character set", "ASCII", "C locale", "UTF-8", "JSON"}},
		{"LC_ALL, LC_MESSAGES, LANG", []string{"host window's language"}},
		{"LANGUAGE", []string{"host window's language list", "C or POSIX", "--lang", "never changes the character set"}},
		{workspace.ConfigDirEnv, []string{"configuration directory"}},
	}
	for _, tc := range tests {
		got, ok := entries[tc.entry]
		if !ok {
			t.Errorf("no entry %q in:\n%s", tc.entry, r.stdout)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("entry %q lacks %q: %s", tc.entry, w, got)
			}
		}
	}
}
