package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/buildinfo"
	"mpsim/app/internal/cli"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/workspace"
	"mpsim/simulator/demoportal"
)

// withEnv runs cli.Main with a host window that records its calls and the
// given environment variables (DISPLAY is empty unless given).
func withEnv(t *testing.T, vars map[string]string, args ...string) (result, *[]cli.Env) {
	t.Helper()
	t.Setenv(workspace.ConfigDirEnv, t.TempDir())
	var opened []cli.Env
	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			if v, ok := vars[k]; ok {
				return v
			}
			if k == "DISPLAY" || strings.HasPrefix(k, "MPSIM_") && k != workspace.ConfigDirEnv {
				return ""
			}
			return os.Getenv(k)
		},
		HostUI: func(env cli.Env, args []string) int {
			opened = append(opened, env)
			return cli.ExitOK
		},
		PortalWindow: func(io.Reader, io.Writer) error { return nil },
	}
	code := cli.Main(args, env)
	return result{code, out.String(), errOut.String()}, &opened
}

func TestVersion(t *testing.T) {
	want := buildinfo.Read().String()
	for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}, {"-version"}} {
		r := mpsim(t, t.TempDir(), args...)
		if r.code != cli.ExitOK || strings.TrimSpace(r.stdout) != want {
			t.Errorf("mpsim %v: exit %d, stdout %q; want %q", args, r.code, r.stdout, want)
		}
	}
	r := mpsim(t, t.TempDir(), "version", "--json")
	var info buildinfo.Info
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil || r.code != cli.ExitOK {
		t.Fatalf("version --json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	if info.Version != buildinfo.Version || info.WebKitAPI != buildinfo.WebKitAPI {
		t.Errorf("version --json: %+v", info)
	}
}

func TestCompletion(t *testing.T) {
	tests := []struct{ shell, want string }{
		{"bash", "complete -o default -F __start_mpsim mpsim"},
		{"zsh", "#compdef mpsim"},
		{"fish", "complete -c mpsim"},
	}
	for _, tc := range tests {
		t.Run(tc.shell, func(t *testing.T) {
			r := mpsim(t, t.TempDir(), "completion", tc.shell)
			if r.code != cli.ExitOK || !strings.Contains(r.stdout, tc.want) {
				t.Errorf("completion %s: exit %d, %d bytes, stderr %q; want %q in it", tc.shell, r.code, len(r.stdout), r.stderr, tc.want)
			}
		})
	}
	// The scripts ask mpsim itself; the enum flags complete their values.
	r := mpsim(t, t.TempDir(), "__complete", "run", "--demo-api", "")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "legacy\ninline\n") {
		t.Errorf("__complete run --demo-api: %q", r.stdout)
	}
}

// TestUsageErrors: mistakes on the command line exit 2 with one sentence
// on stderr, never reach the host window, and say what was probably meant.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown flag of mpsim", []string{"--bogus"}, []string{"unknown flag --bogus"}},
		{"unknown flag with suggestion", []string{"url", "--jsn"}, []string{"unknown flag --jsn", "did you mean --json?"}},
		{"unknown flag after a positional", []string{"validate", "-", "--bogus"}, []string{"mpsim validate: unknown flag --bogus"}},
		{"unknown shorthand", []string{"url", "-x"}, []string{"unknown flag -x"}},
		{"unknown command", []string{"rnu"}, []string{`unknown command "rnu"`, `did you mean "run"?`}},
		{"unknown command before a flag", []string{"rnu", "--headless"}, []string{`unknown command "rnu"`, `did you mean "run"?`}},
		{"unknown command far off", []string{"frobnicate"}, []string{`unknown command "frobnicate"`, "mpsim --help"}},
		{"unknown device subcommand", []string{"device", "shw"}, []string{`unknown subcommand "shw"`, `did you mean "show"?`}},
		{"unknown help topic", []string{"help", "envirnoment"}, []string{`no help for "envirnoment"`, `did you mean "environment"?`}},
		{"stray argument: url", []string{"url", "extra"}, []string{`mpsim url: unexpected argument "extra"`}},
		{"stray argument: run", []string{"run", "now"}, []string{`unexpected argument "now"`}},
		{"stray argument: presets", []string{"presets", "all"}, []string{`unexpected argument "all"`}},
		{"stray argument: device show", []string{"device", "show", "x"}, []string{`unexpected argument "x"`}},
		{"stray argument: device reset", []string{"device", "reset", "x"}, []string{`unexpected argument "x"`}},
		{"stray argument: ui", []string{"ui", "x"}, []string{`unexpected argument "x"`}},
		{"stray argument: version", []string{"version", "x"}, []string{`unexpected argument "x"`}},
		{"two files to validate", []string{"validate", "a", "b"}, []string{"give one FILE"}},
		{"missing value", []string{"url", "--preset"}, []string{"--preset needs a NAME"}},
		{"bool with a value", []string{"presets", "--json=maybe"}, []string{`--json "maybe"`, "--json=false"}},
		{"completion without a shell", []string{"completion"}, []string{"name the shell: bash, zsh, fish"}},
		{"completion of another shell", []string{"completion", "tcsh"}, []string{`no completion for "tcsh"`}},
		{"bad duration", []string{"run", "--timeout", "abc"}, []string{`mpsim run: --timeout "abc" is not a duration; write it like 90s or 2m`}},
		{"duration without unit", []string{"run", "--timeout", "90"}, []string{`--timeout "90" has no unit; write it like 90s or 2m`}},
		{"negative timeout", []string{"run", "--timeout", "-5s"}, []string{`--timeout "-5s" is negative`}},
		{"single-dash bad duration", []string{"run", "-timeout=abc"}, []string{`--timeout "abc" is not a duration`}},
		{"negative download time", []string{"run", "--download-time", "-1s"}, []string{`--download-time "-1s" is negative`}},
		{"clock speed zero", []string{"run", "--clock-speed", "0"}, []string{`--clock-speed "0" must be above 0`}},
		{"clock speed negative", []string{"run", "--clock-speed", "-3"}, []string{`--clock-speed "-3" must be above 0`}},
		{"clock speed not a number", []string{"run", "--clock-speed", "fast"}, []string{`--clock-speed "fast" is not a number`}},
		{"clock speed NaN", []string{"run", "--clock-speed", "NaN"}, []string{`--clock-speed "NaN" is not a number`}},
		{"seed not a number", []string{"url", "--seed", "x"}, []string{`--seed "x" is not a whole number`}},
		{"seed out of range", []string{"test", "x.toml", "--seed", "99999999999999999999"}, []string{`--seed "99999999999999999999" is out of range: give a whole number from -9223372036854775808 to 9223372036854775807, like 42`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, opened := withEnv(t, nil, tc.args...)
			if r.code != cli.ExitUsage {
				t.Errorf("mpsim %v: exit %d, want 2; stderr %q", tc.args, r.code, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("mpsim %v: stderr %q; want %q in it", tc.args, r.stderr, w)
				}
			}
			for _, raw := range []string{"strconv", "time: ", "invalid argument", "flag needs", "Error:", "unknown shorthand"} {
				if strings.Contains(r.stderr, raw) {
					t.Errorf("mpsim %v: stderr has library wording %q: %q", tc.args, raw, r.stderr)
				}
			}
			if strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
				t.Errorf("mpsim %v: more than one line on stderr: %q", tc.args, r.stderr)
			}
			if len(*opened) > 0 {
				t.Errorf("mpsim %v opened the host window", tc.args)
			}
		})
	}
}

// TestTimeoutZeroMeansNoLimit: --timeout 0 is accepted (and documented).
func TestTimeoutZeroMeansNoLimit(t *testing.T) {
	r := mpsim(t, t.TempDir(), "run", "--timeout", "0")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "no DISPLAY") {
		t.Errorf("run --timeout 0: exit %d %q; want it to get as far as the display check", r.code, r.stderr)
	}
	r = mpsim(t, t.TempDir(), "run", "--help")
	if !strings.Contains(r.stdout, "0 waits with no limit") {
		t.Errorf("run --help does not say what --timeout 0 does:\n%s", r.stdout)
	}
}

// TestReportCheckedBeforeTheSession: an unwritable --report stops run
// before the workspace is opened or an Xvfb started.
func TestReportCheckedBeforeTheSession(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(t.TempDir(), "dangling") // a link to no directory
	if err := os.Symlink(filepath.Join(t.TempDir(), "gone"), dangling); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		report string
		want   string
	}{
		{filepath.Join(dangling, "sub", "report.json"), "cannot create the directory " + filepath.Join(dangling, "sub") + " (mkdir " + dangling + ": file exists); write the JSON report elsewhere"},
		{t.TempDir(), "is a directory"},
		{filepath.Join(file, "report.json"), "is not a directory"},
	}
	for _, tc := range tests {
		dir := t.TempDir()
		r := mpsim(t, dir, "run", "--headless", "--demo-choice", "buy", "--report", tc.report)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "mpsim run: --report "+tc.report) || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("run --report %s: exit %d %q; want 2 and %q", tc.report, r.code, r.stderr, tc.want)
		}
		if strings.Contains(r.stderr, "Xvfb") || strings.Contains(r.stderr, "no saved device") {
			t.Errorf("run --report %s went on: %q", tc.report, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, workspace.DeviceFileName)); err == nil {
			t.Errorf("run --report %s opened the workspace", tc.report)
		}
	}
	// A writable place passes the check (and stops at the display).
	report := filepath.Join(t.TempDir(), "report.json")
	if r := mpsim(t, t.TempDir(), "run", "--report", report); !strings.Contains(r.stderr, "no DISPLAY") {
		t.Errorf("run --report %s: %q", report, r.stderr)
	}
	if _, err := os.Stat(report); err == nil {
		t.Error("the check left a report file behind")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(report), ".mpsim-report-check-*")); len(left) > 0 {
		t.Errorf("the check left %v", left)
	}
}

// The output files of run and test pass the check before the session
// where they can be written: missing directories are made (the README's
// "--junit out/junit.xml" on a fresh clone was refused), and a file
// descriptor of /proc is checked as the file it is, not as a directory
// /proc/self/fd to make a file in (which said "no such file or
// directory"). Each run stops at the display, after the check.
func TestOutputsCheckedWhereTheyCanBeWritten(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	fd := fmt.Sprintf("/proc/self/fd/%d", w.Fd())
	out := filepath.Join(t.TempDir(), "out", "deep")
	scenarios := filepath.Join(t.TempDir(), "s.toml")
	if err := os.WriteFile(scenarios, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args    []string
		stopped string // where the run stopped, after the check
		made    string // a directory the check made
	}{
		{[]string{"run", "--report", filepath.Join(out, "run", "report.json")}, "no DISPLAY", filepath.Join(out, "run")},
		{[]string{"run", "--report", fd}, "no DISPLAY", ""},
		{[]string{"run", "--report", "/dev/stdout"}, "no DISPLAY", ""},
		{[]string{"test", scenarios, "--junit", filepath.Join(out, "test", "junit.xml"), "--html", filepath.Join(out, "html", "report.html"), "--run", "cancel"}, `--run "cancel" matches none`, filepath.Join(out, "html")},
		{[]string{"test", scenarios, "--junit", fd, "--run", "cancel"}, `--run "cancel" matches none`, ""},
	}
	for _, tc := range tests {
		r := mpsim(t, t.TempDir(), tc.args...)
		if !strings.Contains(r.stderr, tc.stopped) || strings.Contains(r.stderr, "directory") {
			t.Errorf("mpsim %v: exit %d %q; want it past the check, stopped at %q", tc.args, r.code, r.stderr, tc.stopped)
		}
		if fi, err := os.Stat(tc.made); tc.made != "" && (err != nil || !fi.IsDir()) {
			t.Errorf("mpsim %v did not make %s: %v", tc.args, tc.made, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(out, "test")); err != nil || !fi.IsDir() {
		t.Errorf("mpsim test did not make the --junit directory: %v", err)
	}
}

// TestSingleDashLongFlags: the spelling the standard flag package took
// (-json, -config FILE) still works, before or after the command.
func TestSingleDashLongFlags(t *testing.T) {
	dir := t.TempDir()
	custom := filepath.Join(t.TempDir(), "team.toml")
	if err := os.WriteFile(custom, []byte("[[preset]]\nname = \"team-uk\"\nsim = \"esim\"\nexpect = \"English page\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-config", custom, "presets", "-json"},
		{"presets", "-json", "-config=" + custom},
		{"--config=" + custom, "presets", "--json"},
	} {
		r := mpsim(t, dir, args...)
		if r.code != cli.ExitOK || !strings.Contains(r.stdout, `"name": "team-uk"`) {
			t.Errorf("mpsim %v: exit %d %q\n%s", args, r.code, r.stderr, r.stdout)
		}
	}
	if l := urlJSON(t, dir, "-generation", "dynamo-2018", "-previous-iccid"); l.Params == nil || mustParam(l, "iccid") == "" {
		t.Errorf("url -generation dynamo-2018 -previous-iccid: %s", l.URL)
	}
	// A value that looks like a flag stays a value.
	if l := urlJSON(t, dir, "--param", "-json=1"); !strings.HasSuffix(l.URL, "&-json=1") {
		t.Errorf("--param -json=1: %s", l.URL)
	}
	if r := mpsim(t, dir, "device", "-help"); r.code != cli.ExitOK || !strings.Contains(r.stdout, "Examples:") {
		t.Errorf("device -help: exit %d\n%s", r.code, r.stdout)
	}
}

func TestHelpEnvironment(t *testing.T) {
	r := mpsim(t, t.TempDir(), "help", "environment")
	if r.code != cli.ExitOK {
		t.Fatalf("help environment: exit %d %q", r.code, r.stderr)
	}
	vars := settings.Vars()
	if len(vars) < 13 {
		t.Errorf("only %d variables listed", len(vars))
	}
	for _, v := range vars {
		if v.Meaning == "" || v.Values == "" || v.Default == "" {
			t.Errorf("%s lacks a meaning, values or default: %+v", v.Name, v)
		}
		for _, want := range []string{"  " + v.Name + "\n", v.Meaning, "values:  " + v.Values, "default: " + v.Default} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("help environment lacks %q", want)
			}
		}
	}
	// The variables the code reads are all listed (the list is checked
	// against the source in TestEveryVariableIsListed).
	if r := mpsim(t, t.TempDir(), "help"); !strings.Contains(r.stdout, "mpsim help environment") {
		t.Errorf("mpsim help does not point at help environment:\n%s", r.stdout)
	}
}

// TestHostWindowSettings: the host window gets the variables checked,
// and refuses bad ones with a message that names them.
func TestHostWindowSettings(t *testing.T) {
	vars := map[string]string{"MPSIM_AUTOOPEN": "2", "MPSIM_THEME": "Dark", "MPSIM_TAB": "history",
		"MPSIM_PORTAL_AT": "40,60", "MPSIM_DEMO_CHOICE": "buy", "MPSIM_PRESENTER": "1"}
	for _, args := range [][]string{nil, {"ui"}, {"host"}, {"--config", "x.toml"}} {
		r, opened := withEnv(t, vars, args...)
		if r.code != cli.ExitOK || len(*opened) != 1 {
			t.Fatalf("mpsim %v: exit %d, opened %d %q", args, r.code, len(*opened), r.stderr)
		}
		s := (*opened)[0].Settings
		if s.AutoOpen != 2 || s.Theme != "dark" || s.Tab != "History" || s.PortalAt == nil || s.PortalAt.X != 40 || s.DemoChoice != "buy" || !s.Presenter {
			t.Errorf("mpsim %v: settings %+v", args, s)
		}
	}
	bad := map[string]string{"MPSIM_AUTOOPEN": "abc", "MPSIM_THEME": "blue"}
	r, opened := withEnv(t, bad)
	if r.code != cli.ExitUsage || len(*opened) != 0 {
		t.Fatalf("bad MPSIM_AUTOOPEN: exit %d, opened %d", r.code, len(*opened))
	}
	for _, want := range []string{`MPSIM_AUTOOPEN="abc": give how many sessions`, `MPSIM_THEME="blue": use dark or light`, "mpsim help environment"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("bad variables: stderr %q; want %q", r.stderr, want)
		}
	}
	// Commands that do not read the host window's variables run anyway.
	if r, _ := withEnv(t, bad, "presets"); r.code != cli.ExitOK {
		t.Errorf("presets with a bad MPSIM_AUTOOPEN: exit %d %q", r.code, r.stderr)
	}
}

func TestHelpIsGroupedAndExitsZero(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"-help"}, {"run", "--help"}, {"help", "device", "lpa-error"}} {
		r := mpsim(t, t.TempDir(), args...)
		if r.code != cli.ExitOK || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("mpsim %v: exit %d\n%s", args, r.code, r.stdout)
		}
	}
	r := mpsim(t, t.TempDir(), "help")
	for _, want := range []string{"Sessions:\n", "Device and presets:\n", "Other:\n", "  run ", "  completion ", "  version ", "--version", "Exit codes: 0 pass"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("mpsim help lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "portal ") && strings.Contains(r.stdout, "  portal ") {
		t.Errorf("mpsim help lists the internal portal command:\n%s", r.stdout)
	}
}

// 'mpsim ui --portal --trust-cert' puts a developer's portal in the host
// window's launch form; what the host could not open stops it before any
// window, with the flag named.
func TestUIFillsTheLaunchForm(t *testing.T) {
	cert, err := demoportal.LoadOrCreateCert(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(t.TempDir(), "portal.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
		want   cli.HostLaunch
	}{
		{"nothing", []string{"ui"}, cli.ExitOK, "", cli.HostLaunch{}},
		{"portal and certificate", []string{"ui", "--portal", "https://127.0.0.1:8443/", "--trust-cert", cert.Path}, cli.ExitOK, "",
			cli.HostLaunch{PortalURL: "https://127.0.0.1:8443/", TrustCert: cert.Path}},
		{"the alias", []string{"host", "--portal", "https://portal.example/"}, cli.ExitOK, "", cli.HostLaunch{PortalURL: "https://portal.example/"}},
		{"not http", []string{"ui", "--portal", "ftp://portal.example/"}, cli.ExitUsage, "--portal \"ftp://portal.example/\": give an http(s) URL", cli.HostLaunch{}},
		// The hints of mpsim run --portal (before: url.Parse's "first path
		// segment in URL cannot contain colon" and "invalid port").
		{"no scheme", []string{"ui", "--portal", "127.0.0.1:8443/p"}, cli.ExitUsage,
			"--portal \"127.0.0.1:8443/p\": give an http(s) URL, like https://127.0.0.1:8443/p (or http://127.0.0.1:8443/p for a local development server)", cli.HostLaunch{}},
		{"an IPv6 address out of its brackets", []string{"ui", "--portal", "https://::1:8443/"}, cli.ExitUsage,
			"like https://[::1]:8443/", cli.HostLaunch{}},
		{"a port browsers refuse", []string{"ui", "--portal", "https://127.0.0.1:6000/"}, cli.ExitUsage, "port 6000", cli.HostLaunch{}},
		{"no certificate file", []string{"ui", "--trust-cert", "/nonexistent/portal.pem"}, cli.ExitUsage, "--trust-cert: read certificate", cli.HostLaunch{}},
		{"not a certificate", []string{"ui", "--trust-cert", notPEM}, cli.ExitUsage, "no PEM CERTIFICATE block", cli.HostLaunch{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, opened := withEnv(t, nil, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
				t.Fatalf("mpsim %v: exit %d, stderr %q; want exit %d and %q", tc.args, r.code, r.stderr, tc.code, tc.stderr)
			}
			if tc.code != cli.ExitOK {
				if len(*opened) != 0 {
					t.Errorf("mpsim %v opened the host window", tc.args)
				}
				return
			}
			if len(*opened) != 1 || (*opened)[0].HostLaunch != tc.want {
				t.Errorf("mpsim %v: host window opened %d times with %+v, want %+v", tc.args, len(*opened), *opened, tc.want)
			}
		})
	}
}

// Two output flags that name one file are refused before anything runs:
// the file written second replaced the first (an HTML page where CI read
// JUnit, a HAR where a script read the report).
func TestOutputsNamingOneFile(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "out")
	for _, args := range [][]string{
		{"test", "x.toml", "--junit", same, "--html", same},
		{"test", "x.toml", "--junit", same, "--html", filepath.Join(dir, ".", "out")},
		{"report", "merge", dir, "--junit", same, "--html", same},
		{"run", "--report", same, "--har", same},
	} {
		r, _ := withEnv(t, nil, args...)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "both name "+same) {
			t.Errorf("mpsim %q: exit %d, stderr %q; want 2 and the clash named", args, r.code, r.stderr)
		}
	}
}

// A huge field of a hand-back is cut in validate's text output (the JSON
// output keeps it whole), with its length.
func TestValidateCutsHugeFields(t *testing.T) {
	pr, _ := json.Marshal(map[string]string{"userAccount": "New", "purchaseInstrument": "New", "line": "New", "moDirectStatus": "Complete",
		"planName": strings.Repeat("P", 200000)})
	payload, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": "8988247000101997790", "activationCode": "", "transactionId": "t", "purchaseResult": string(pr)})
	path := filepath.Join(t.TempDir(), "payload.json")
	if err := os.WriteFile(path, payload, 0o600); err != nil {
		t.Fatal(err)
	}
	r, _ := withEnv(t, nil, "validate", path)
	if len(r.stdout) > 4000 || !strings.Contains(r.stdout, "… (200000 characters in all)") {
		t.Errorf("validate printed %d bytes:\n%.600s", len(r.stdout), r.stdout)
	}
}

// A payload that did not decode shows no result's fields ("success:
// false" and empty ones), but that there is none and why.
func TestValidateSaysAnUndecodedPayloadHasNoResult(t *testing.T) {
	path := filepath.Join(t.TempDir(), "payload.json")
	if err := os.WriteFile(path, []byte(`"{bad json"`), 0o600); err != nil {
		t.Fatal(err)
	}
	r, _ := withEnv(t, nil, "validate", path)
	if strings.Contains(r.stdout, "success:") || !strings.Contains(r.stdout, "result:          none: the payload did not decode (payload-not-object)") {
		t.Errorf("validate printed:\n%s", r.stdout)
	}
}
