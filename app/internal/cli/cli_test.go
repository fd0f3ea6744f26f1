package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// result is what one mpsim invocation did.
type result struct {
	code           int
	stdout, stderr string
}

// mpsim runs cli.Main with args in the configuration directory dir.
func mpsim(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return mpsimStdin(t, dir, "", args...)
}

// mpsimStdin runs mpsim with stdin as its standard input.
func mpsimStdin(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	t.Setenv(workspace.ConfigDirEnv, dir)
	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			switch k {
			case "DISPLAY":
				return ""
			case "LC_ALL":
				// The tests read mpsim's UTF-8 text under any locale
				// (TestASCIIUnderTheCLocale tries the others).
				return "C.UTF-8"
			}
			return os.Getenv(k)
		}}
	code := cli.Main(args, env)
	return result{code, out.String(), errOut.String()}
}

// launchJSON is what `mpsim url --json` prints.
type launchJSON struct {
	simulator.Launch
	Preset      string `json:"preset"`
	Expectation string `json:"expectation"`
}

func urlJSON(t *testing.T, dir string, args ...string) launchJSON {
	t.Helper()
	r := mpsim(t, dir, append([]string{"url", "--json"}, args...)...)
	if r.code != cli.ExitOK {
		t.Fatalf("mpsim url %v: exit %d\n%s", args, r.code, r.stderr)
	}
	var l launchJSON
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
		t.Fatalf("url --json output: %v\n%s", err, r.stdout)
	}
	return l
}

func param(l launchJSON, name string) (string, bool) { return l.Param(name) }

func TestURL(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, l launchJSON)
	}{
		{"bad ICCID check digit preset", []string{"--preset", "bad-iccid-check-digit"}, func(t *testing.T, l launchJSON) {
			iccid, ok := param(l, "iccid")
			if !ok || simulator.ValidateICCID(iccid) == nil {
				t.Errorf("iccid %q should be present with a broken check digit: %s", iccid, l.URL)
			}
			if !strings.HasPrefix(l.Expectation, "moDirectStatus InvalidSIM") || l.Preset != "bad-iccid-check-digit" {
				t.Errorf("preset %q expectation %q", l.Preset, l.Expectation)
			}
		}},
		{"dynamo-2018 has no imei", []string{"--generation", "dynamo-2018"}, func(t *testing.T, l launchJSON) {
			if _, ok := param(l, "imei"); ok {
				t.Errorf("dynamo-2018 launch has imei: %s", l.URL)
			}
			if _, ok := param(l, "eid"); !ok {
				t.Errorf("eSIM launch has no eid: %s", l.URL)
			}
		}},
		{"dynamo-2018 previous iccid", []string{"--generation", "dynamo-2018", "--previous-iccid"}, func(t *testing.T, l launchJSON) {
			if _, ok := param(l, "iccid"); !ok {
				t.Errorf("no previous iccid: %s", l.URL)
			}
		}},
		{"nov-2018 phone number", []string{"--generation", "nov-2018", "--phone-number", "+14255550100", "--country-code", "US"}, func(t *testing.T, l launchJSON) {
			if v, _ := param(l, "phoneNumber"); v != "+14255550100" {
				t.Errorf("phoneNumber %q: %s", v, l.URL)
			}
			if _, ok := param(l, "imei"); !ok {
				t.Errorf("nov-2018 launch has no imei: %s", l.URL)
			}
		}},
		{"extra parameters", []string{"--param", "futureParam=1", "--param", "market=FR"}, func(t *testing.T, l launchJSON) {
			if !strings.HasSuffix(l.URL, "&futureParam=1&market=FR") {
				t.Errorf("extras not appended: %s", l.URL)
			}
		}},
		{"explicit flag overrides preset", []string{"--preset", "french-user", "--market", "BE"}, func(t *testing.T, l launchJSON) {
			if m, _ := param(l, "market"); m != "BE" {
				t.Errorf("market %q", m)
			}
			if l.Headers["Accept-Language"] != "fr-FR,fr;q=0.90,en;q=0.80" {
				t.Errorf("Accept-Language %q", l.Headers["Accept-Language"])
			}
		}},
		{"physical SIM", []string{"--sim", "psim"}, func(t *testing.T, l launchJSON) {
			iccid, ok := param(l, "iccid")
			if !ok || simulator.ValidateICCID(iccid) != nil {
				t.Errorf("psim launch iccid %q: %s", iccid, l.URL)
			}
		}},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, urlJSON(t, dir, tc.args...)) })
	}
}

func TestURLErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"url", "--sim", "dual"}, "--sim"},
		{[]string{"url", "--generation", "2017"}, "--generation"},
		{[]string{"url", "--preset", "no-such"}, `no preset "no-such"`},
		{[]string{"url", "--param", "novalue"}, "--param"},
		{[]string{"url", "--phone-number", "+1"}, "nov-2018"},
		{[]string{"url", "--seed", "x"}, "--seed"},
		{[]string{"--config"}, "--config needs a FILE"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"device", "explode"}, "unknown subcommand"},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		r := mpsim(t, dir, tc.args...)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("mpsim %v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

func TestDeviceSurvivesRestarts(t *testing.T) {
	dir := t.TempDir()
	first := urlJSON(t, dir, "--seed", "7")
	second := urlJSON(t, dir, "--seed", "8") // the seed only matters on first run
	for _, name := range []string{"eid", "imei", "iccids"} {
		a, _ := param(first, name)
		b, _ := param(second, name)
		if a == "" || a != b {
			t.Errorf("%s changed between runs: %q, %q", name, a, b)
		}
	}
	// device show sees the same device.
	r := mpsim(t, dir, "device", "show", "--json")
	if r.code != cli.ExitOK {
		t.Fatalf("device show: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		Device simulator.Device `json:"device"`
		Saved  bool             `json:"saved"`
		Checks []struct {
			Field string `json:"field"`
			Valid bool   `json:"valid"`
		} `json:"checks"`
		Problems []string `json:"problems"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if eid, _ := param(first, "eid"); out.Device.EID != eid || !out.Saved {
		t.Errorf("device show EID %s, url eid %s, saved %v", out.Device.EID, eid, out.Saved)
	}
	if len(out.Checks) < 3 || len(out.Problems) != 0 {
		t.Errorf("checks %+v problems %v", out.Checks, out.Problems)
	}
	for _, c := range out.Checks {
		if !c.Valid {
			t.Errorf("generated %s is not valid", c.Field)
		}
	}
}

func TestDeviceGenerateIsReproducible(t *testing.T) {
	var devices []string
	for _, dir := range []string{t.TempDir(), t.TempDir()} {
		r := mpsim(t, dir, "device", "generate", "--seed", "42", "--sim", "psim", "--json")
		if r.code != cli.ExitOK {
			t.Fatalf("device generate: exit %d\n%s", r.code, r.stderr)
		}
		var out struct {
			Device json.RawMessage `json:"device"`
			Seed   int64           `json:"seed"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		if out.Seed != 42 {
			t.Errorf("seed %d", out.Seed)
		}
		devices = append(devices, string(out.Device))
		// The generated device is the saved one.
		l := urlJSON(t, dir)
		if _, ok := param(l, "iccid"); !ok {
			t.Errorf("url after generate --sim psim has no iccid: %s", l.URL)
		}
	}
	if devices[0] != devices[1] {
		t.Errorf("the same seed gave different devices:\n%s\n%s", devices[0], devices[1])
	}
	r := mpsim(t, t.TempDir(), "device", "generate", "--seed", "42")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "seed 42") || !strings.Contains(r.stdout, "✓ valid") {
		t.Errorf("device generate text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDeviceShowMarksInvalidIdentifiers(t *testing.T) {
	dir := t.TempDir()
	bad := simulator.Device{Kind: simulator.KindPSIM, IMEI: "001201234567890", ICCID: "8988247000100003313"}
	if err := (simulator.Store{Path: filepath.Join(dir, workspace.DeviceFileName)}).Save(bad); err != nil {
		t.Fatal(err)
	}
	r := mpsim(t, dir, "device", "show")
	if r.code != cli.ExitFindings {
		t.Errorf("device show on an invalid device: exit %d, want 1", r.code)
	}
	if !strings.Contains(r.stdout, "✗") || !strings.Contains(r.stdout, "check digit should be") {
		t.Errorf("device show does not explain the invalid identifiers:\n%s", r.stdout)
	}
	// A deliberately broken saved device is launched as is.
	if iccid, _ := param(urlJSON(t, dir), "iccid"); iccid != bad.ICCID {
		t.Errorf("iccid %q, want the saved %q", iccid, bad.ICCID)
	}
	// A view of another kind is shown as such.
	r = mpsim(t, dir, "device", "show", "--sim", "esim")
	if !strings.Contains(r.stdout, "per-session view") {
		t.Errorf("device show --sim esim on a psim device:\n%s", r.stdout)
	}
}

func TestDeviceResetAndCorruptFile(t *testing.T) {
	dir := t.TempDir()
	first := urlJSON(t, dir)
	r := mpsim(t, dir, "device", "reset")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "removed") {
		t.Fatalf("device reset: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, workspace.DeviceFileName)); err == nil {
		t.Error("device reset left the device file")
	}
	r = mpsim(t, dir, "device", "reset", "--json")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, `"removed": false`) {
		t.Errorf("second device reset: exit %d\n%s", r.code, r.stdout)
	}
	second := urlJSON(t, dir)
	if a, _ := param(first, "eid"); a == mustParam(second, "eid") {
		t.Error("the device after reset is the old one")
	}

	path := filepath.Join(dir, workspace.DeviceFileName)
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = mpsim(t, dir, "url")
	if r.code != cli.ExitOK || !strings.Contains(r.stderr, "corrupt") || !strings.Contains(r.stderr, path+".corrupt-") {
		t.Errorf("corrupt device file: exit %d, stderr %q", r.code, r.stderr)
	}
	kept, _ := filepath.Glob(path + ".corrupt-*")
	if len(kept) != 1 {
		t.Errorf("corrupt file not kept aside: %v", kept)
	}
}

func mustParam(l launchJSON, name string) string {
	v, _ := l.Param(name)
	return v
}

func TestLPAErrorHeaders(t *testing.T) {
	dir := t.TempDir()
	if l := urlJSON(t, dir); l.Headers[simulator.HeaderLPAErrorCodes] != "" {
		t.Fatalf("a fresh device has LPA errors: %v", l.Headers)
	}
	r := mpsim(t, dir, "device", "lpa-error", "--code", "ServerNotReachable")
	if r.code != cli.ExitOK {
		t.Fatalf("device lpa-error: exit %d\n%s", r.code, r.stderr)
	}
	l := urlJSON(t, dir)
	if l.Headers[simulator.HeaderLPAErrorCodes] != "ServerNotReachable" || l.Headers[simulator.HeaderLPAErrorICCIDs] == "" || l.Headers[simulator.HeaderLPAErrorTimeStamps] == "" {
		t.Errorf("headers after a failed download: %v", l.Headers)
	}
	if l := urlJSON(t, dir, "--generation", "dynamo-2018"); l.Headers[simulator.HeaderLPAErrorCodes] != "" {
		t.Errorf("dynamo-2018 sends LPA error headers: %v", l.Headers)
	}
	if r := mpsim(t, dir, "device", "lpa-error", "--code", "Success"); r.code != cli.ExitUsage {
		t.Errorf("lpa-error --code Success: exit %d", r.code)
	}
}

func TestPresetsAndConfig(t *testing.T) {
	dir := t.TempDir()
	r := mpsim(t, dir, "presets", "--json")
	if r.code != cli.ExitOK {
		t.Fatalf("presets: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		File    string `json:"file"`
		Presets []struct {
			Name, Description, Expect, Source string
		} `json:"presets"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.File != filepath.Join(dir, workspace.PresetsFileName) {
		t.Errorf("presets file %q", out.File)
	}
	if len(out.Presets) != len(simulator.BuiltinPresets()) {
		t.Errorf("%d presets, want the %d built-ins", len(out.Presets), len(simulator.BuiltinPresets()))
	}
	for _, p := range out.Presets {
		if p.Description == "" || p.Expect == "" || p.Source != "built-in" {
			t.Errorf("preset %+v lacks a description, an expectation or its source", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, workspace.DeviceFileName)); err == nil {
		t.Error("mpsim presets created a device")
	}

	r = mpsim(t, dir, "presets")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "presets file: "+out.File) || !strings.Contains(r.stdout, "expect:  moDirectStatus InvalidSIM") {
		t.Errorf("presets text:\n%s", r.stdout)
	}

	// --config FILE: shown in help, used by presets and url, before or after the command.
	custom := filepath.Join(t.TempDir(), "team.toml")
	toml := "[[preset]]\nname = \"team-uk\"\ndescription = \"UK team\"\nsim = \"esim\"\nmarket = \"GB\"\nlocation = \"GB\"\nexpect = \"English page\"\n"
	if err := os.WriteFile(custom, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--config", custom, "help"}, {"--config=" + custom, "--help"}} {
		if r := mpsim(t, dir, args...); r.code != cli.ExitOK || !strings.Contains(r.stdout, "presets: "+custom) {
			t.Errorf("mpsim %v does not show the active presets file:\n%s", args, r.stdout)
		}
	}
	if r := mpsim(t, dir, "help"); !strings.Contains(r.stdout, "presets: "+out.File) || !strings.Contains(r.stdout, "Device and presets:\n  device ") || !strings.Contains(r.stdout, "\n  presets ") {
		t.Errorf("mpsim help:\n%s", r.stdout)
	}
	if r := mpsim(t, dir, "--config", custom, "presets"); !strings.Contains(r.stdout, "team-uk") || !strings.Contains(r.stdout, "from the presets file") {
		t.Errorf("presets with --config:\n%s", r.stdout)
	}
	if l := urlJSON(t, dir, "--config", custom, "--preset", "team-uk"); mustParam(l, "market") != "GB" || l.Expectation != "English page" {
		t.Errorf("url --config --preset team-uk: %s %q", l.URL, l.Expectation)
	}
	if r := mpsim(t, dir, "url", "--preset", "team-uk"); r.code != cli.ExitUsage {
		t.Errorf("team-uk without --config: exit %d", r.code)
	}
	if r := mpsim(t, dir, "presets", "--config", filepath.Join(dir, "missing.toml")); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("missing --config: exit %d %q", r.code, r.stderr)
	}
	if err := os.WriteFile(custom, []byte("[[preset]]\nname = \"x\"\nsim = \"dual\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := mpsim(t, dir, "presets", "--config", custom); r.code != cli.ExitUsage || !strings.Contains(r.stderr, custom+":3") {
		t.Errorf("invalid presets file: exit %d %q", r.code, r.stderr)
	}
}

func TestRunFlagValidation(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--activation-result", "exploded"}, "--activation-result"},
		{[]string{"--registration-state", "mars"}, "--registration-state"},
		{[]string{"--clock-speed", "0"}, "--clock-speed"},
		{[]string{"--clock-speed", "-3"}, "--clock-speed"},
		{[]string{"--download-time", "-1s"}, "--download-time"},
		{[]string{"--preset", "no-such"}, `no preset "no-such"`},
		{[]string{"--demo-choice", "maybe"}, "--demo-choice"},
		{[]string{"--demo-api", "soap"}, "--demo-api"},
		{[]string{"--demo-api", "inline", "--demo-choice", "buy-deferred"}, "no DISPLAY"},
		{[]string{"--compare-lang", "not a tag"}, "--compare-lang"},
		{[]string{"--compare-lang", "fr-FR", "--no-inspect"}, "comparing languages needs the recording"},
		{[]string{"--compare-lang", "fr-FR,fr"}, "no DISPLAY"},
		{[]string{"--close-after", "registered"}, `--close-after "registered": use one of downloadStarted, profileInstalled`},
		{[]string{"--close-after", "networkRegistered"}, "no DISPLAY"},
		// Valid lifecycle flags get as far as the display check.
		{[]string{"--activation-result", "InvalidIccid", "--registration-state", "roaming", "--clock-speed", "600"}, "no DISPLAY"},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		r := mpsim(t, dir, append([]string{"run"}, tc.args...)...)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("mpsim run %v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// readOnly makes dir read-only for this process until the test ends: a
// read-only bind mount for root (whom modes do not stop), mode 0555 for
// anyone else. It skips the test where neither can be had.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
		return
	}
	if err := unix.Mount(dir, dir, "", unix.MS_BIND, ""); err != nil {
		t.Skipf("no read-only mount for root: %v", err)
	}
	t.Cleanup(func() { _ = unix.Unmount(dir, unix.MNT_DETACH) })
	if err := unix.Mount("", dir, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		t.Skipf("no read-only mount for root: %v", err)
	}
}

// The commands that can do their work with what the configuration
// directory holds, or with the defaults, work on one they cannot write in
// (a read-only mount as root, mode 0555 otherwise): url, presets,
// operators, device show, test and run (which gets as far as the display
// here); all but test, whose cells have directories of their own, warn
// once, naming the directory and why, that changes will not be saved
// (operators did not). Before, all but device show with a saved device stopped with
// "configuration directory … is not writable". The commands that exist to
// write (device generate, device lpa-error) still refuse.
func TestReadOnlyConfigDir(t *testing.T) {
	scenario := filepath.Join(t.TempDir(), "buy.toml")
	if err := os.WriteFile(scenario, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\n[scenario.expect]\nstatus = [\"Complete\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		device  bool // a device is saved before the directory is made read-only
		args    []string
		code    int
		stdout  []string
		stderr  []string
		warning bool // warns, once, that changes will not be saved
	}{
		{"device show, a saved device", true, []string{"device", "show"}, cli.ExitOK, []string{"device file:", "IMEI:"}, nil, true},
		{"device show, no device", false, []string{"device", "show", "--seed", "7"}, cli.ExitOK,
			[]string{"generated from seed 7", "generated for this command and not saved"}, []string{"holds no device", "--seed 7 gives it again"}, true},
		{"url", true, []string{"url"}, cli.ExitOK, []string{"https://"}, nil, true},
		{"url, a preset, no device", false, []string{"url", "--preset", "bad-iccid-check-digit"}, cli.ExitOK, []string{"https://"}, []string{"holds no device"}, true},
		{"presets", false, []string{"presets"}, cli.ExitOK, []string{"presets file:", "bad-iccid-check-digit"}, nil, true},
		{"operators", false, []string{"operators"}, cli.ExitOK, []string{"Contoso Mobile"}, nil, true},
		{"test --list", false, []string{"test", "--list", scenario}, cli.ExitOK, []string{"buy/"}, nil, false},
		{"run gets to the display", true, []string{"run", "--demo-choice", "buy"}, cli.ExitUsage, nil, []string{"no DISPLAY"}, true},
		{"device generate refuses", false, []string{"device", "generate", "--seed", "3"}, cli.ExitUsage, nil, []string{"is not writable", workspace.ConfigDirEnv}, false},
		{"device lpa-error refuses", true, []string{"device", "lpa-error", "--code", "ServerFailure"}, cli.ExitUsage, nil, []string{"is not writable", workspace.ConfigDirEnv}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "config")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if tc.device {
				if r := mpsim(t, dir, "device", "generate", "--seed", "7"); r.code != cli.ExitOK {
					t.Fatalf("device generate: %d %s", r.code, r.stderr)
				}
			}
			before, _ := os.ReadDir(dir)
			readOnly(t, dir)
			r := mpsim(t, dir, tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tc.code, r.stderr)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tc.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			warnings := strings.Count(r.stderr, "changes will not be saved")
			if want := map[bool]int{true: 1, false: 0}[tc.warning]; warnings != want {
				t.Errorf("%d warnings that changes will not be saved, want %d:\n%s", warnings, want, r.stderr)
			}
			if tc.warning && !strings.Contains(r.stderr, dir+" is not writable") {
				t.Errorf("the warning does not name the directory and why:\n%s", r.stderr)
			}
			if os.Geteuid() == 0 && strings.Contains(r.stderr, "chmod") {
				t.Errorf("chmod advised for a read-only mount:\n%s", r.stderr)
			}
			if after, _ := os.ReadDir(dir); len(after) != len(before) {
				t.Errorf("the read-only directory went from %d to %d entries", len(before), len(after))
			}
		})
	}
}

// TestPortalWithoutSchemeGetsOne: a portal given without its scheme is
// refused with the URL it likely meant; on a loopback host, where a local
// development server may speak plain http, with the http:// URL too.
func TestPortalWithoutSchemeGetsOne(t *testing.T) {
	for _, tc := range []struct {
		portal   string
		want     []string
		wantNone string
	}{
		{portal: "localhost:8443", want: []string{"like https://localhost:8443", "http://localhost:8443"}},
		{portal: "127.0.0.1:8080/", want: []string{"like https://127.0.0.1:8080/", "or http://127.0.0.1:8080/ for a local development server"}},
		{portal: "[::1]:8080/start", want: []string{"like https://[::1]:8080/start", "http://[::1]:8080/start"}},
		{portal: "portal.example/start", want: []string{"like https://portal.example/start"}, wantNone: "http://"},
		{portal: "127.0.0.2:8080/", want: []string{"like https://127.0.0.2:8080/"}, wantNone: "http://"},
		// A bare IPv6 address needs its brackets (before: https://::1:8123).
		{portal: "::1:8123", want: []string{"like https://[::1]:8123 (or http://[::1]:8123 for a local development server)"}},
		{portal: "fe80::1/start", want: []string{"like https://[fe80::1]/start"}},
		// A mistyped scheme is fixed, not prefixed (before: like
		// https://http:/127.0.0.1:8123/).
		{portal: "http:/127.0.0.1:8123/", want: []string{"like http://127.0.0.1:8123/"}, wantNone: "https://http"},
		{portal: "http//127.0.0.1:8123/", want: []string{"like http://127.0.0.1:8123/"}, wantNone: "https://http"},
		{portal: "https:/portal.example/?q=1", want: []string{"like https://portal.example/?q=1"}},
		{portal: "htp://127.0.0.1:8123/", want: []string{"like http://127.0.0.1:8123/"}},
		{portal: "htps://portal.example/", want: []string{"like https://portal.example/"}},
		{portal: "HTTPS://portal.example/", want: []string{"like https://portal.example/"}},
		{portal: "http:/::1:8123/", want: []string{"like http://[::1]:8123/"}},
		{portal: "ftp://portal.example/", want: []string{"give an http(s) URL"}, wantNone: "like"},
		// The scheme written right, the IPv6 address out of its brackets
		// (before: url.Parse's `invalid port "::1:8123" after host`).
		{portal: "http://::1:8123/", want: []string{`--portal "http://::1:8123/": an IPv6 address goes in brackets in a URL, like http://[::1]:8123/`}, wantNone: "invalid port"},
		{portal: "https://fe80::1/start", want: []string{"like https://[fe80::1]/start"}, wantNone: "invalid port"},
	} {
		t.Run(tc.portal, func(t *testing.T) {
			r := mpsim(t, t.TempDir(), "url", "--portal", tc.portal)
			if r.code != cli.ExitUsage {
				t.Fatalf("exit %d, want %d; stderr %q", r.code, cli.ExitUsage, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not say %q", r.stderr, w)
				}
			}
			if tc.wantNone != "" && strings.Contains(r.stderr, tc.wantNone) {
				t.Errorf("stderr %q suggests %q for a host that may not use it", r.stderr, tc.wantNone)
			}
		})
	}
}

// TestWatchURLWithoutSchemeGetsOne: a --watch target that is no directory
// but a URL without its scheme, or with a mistyped one, is refused with
// the URL it likely meant, in mpsim run and mpsim test (before: "stat
// 127.0.0.1:18461/: no such file or directory"); a missing directory is
// still one.
func TestWatchURLWithoutSchemeGetsOne(t *testing.T) {
	dir := t.TempDir()
	scenarios := filepath.Join(dir, "s.toml")
	if err := os.WriteFile(scenarios, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		target, want, wantNone string
	}{
		{"127.0.0.1:18461/", "give the portal's directory or its URL, like https://127.0.0.1:18461/ (or http://127.0.0.1:18461/ for a local development server)", "stat "},
		{"localhost/portal", "like https://localhost/portal (or http://localhost/portal", ""},
		{"http:/127.0.0.1:18461/", "like http://127.0.0.1:18461/", "stat "},
		{"portal.example:8443", "like https://portal.example:8443", "http://"},
		{"no-such-dir", "no such file or directory", "like"},
		// An http URL whose IPv6 address is out of its brackets (before:
		// accepted, then polled for ever with url.Parse's "invalid port").
		{"http://::1:18461/", "--watch http://::1:18461/: an IPv6 address goes in brackets in a URL, like http://[::1]:18461/", ""},
	} {
		for _, cmd := range [][]string{{"run", "--watch", tc.target}, {"test", scenarios, "--watch", tc.target}} {
			t.Run(cmd[0]+" "+tc.target, func(t *testing.T) {
				r := mpsim(t, dir, cmd...)
				if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.want) || (tc.wantNone != "" && strings.Contains(r.stderr, tc.wantNone)) {
					t.Errorf("exit %d, stderr %q; want exit 2, %q and not %q", r.code, r.stderr, tc.want, tc.wantNone)
				}
			})
		}
	}
}

// mpsim device remove-profile takes one profile off the saved eSIM, so the
// next launch's iccids no longer carry it; an ICCID that is not there, or
// none, is a usage error that changes nothing.
func TestDeviceRemoveProfile(t *testing.T) {
	dir := t.TempDir()
	before := strings.Split(mustParam(urlJSON(t, dir), "iccids"), ",")
	if len(before) == 0 || before[0] == "" {
		t.Fatal("the fresh device's launch carries no iccids")
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no iccid", []string{"device", "remove-profile"}, cli.ExitUsage, "--iccid is required"},
		{"not on the eSIM", []string{"device", "remove-profile", "--iccid", "8988247000100003319"}, cli.ExitUsage, "no such profile"},
		{"one of its profiles", []string{"device", "remove-profile", "--iccid", before[0]}, cli.ExitOK, "removed profile " + before[0]},
	} {
		r := mpsim(t, dir, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
			t.Errorf("%s: exit %d, output %q; want %d and %q", tc.name, r.code, r.stdout+r.stderr, tc.code, tc.want)
		}
	}
	// mpsim device show says how full the eSIM is, and that the removal of
	// the active profile left none active.
	if r := mpsim(t, dir, "device", "show"); !strings.Contains(r.stdout, "capacity:") || !strings.Contains(r.stdout, " of 8 profiles") {
		t.Errorf("device show after the removal does not say how full the eSIM is:\n%s", r.stdout)
	}
	after, _ := urlJSON(t, dir).Param("iccids")
	if strings.Contains(after, before[0]) {
		t.Errorf("iccids after the removal: %q still carries %s", after, before[0])
	}
	if want := strings.Join(before[1:], ","); after != want {
		t.Errorf("iccids after the removal: %q, want %q", after, want)
	}
}
