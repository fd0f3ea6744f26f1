package cli_test

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
)

// The escape sequences a hostile portal puts in its hand-back: set the
// terminal title (OSC 0 … BEL) and clear the screen (CSI 2J), plus the
// 8-bit CSI and DEL.
const (
	oscTitle    = "\x1b]0;pwned\x07"
	clearScreen = "\x1b[2J"
)

func assertNoControls(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\x07", "\x7f", "\u009b"} {
		if strings.Contains(out, bad) {
			t.Errorf("%s printed the control character %q raw:\n%q", what, bad, out)
		}
	}
}

// TestValidateEscapesTerminalControls: `mpsim validate` prints a portal's
// hand-back with its control characters escaped, in text and JSON output.
func TestValidateEscapesTerminalControls(t *testing.T) {
	dir := t.TempDir()
	pr, _ := json.Marshal(map[string]string{"userAccount": oscTitle, "purchaseInstrument": "New", "line": clearScreen,
		"moDirectStatus": "Complete\x7f\u009b2J", "planName": clearScreen})
	payload, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": "89882470001019977" + oscTitle,
		"activationCode": clearScreen, "transactionId": "t" + oscTitle, "purchaseResult": string(pr)})
	file := filepath.Join(dir, "payload.json")
	if err := os.WriteFile(file, payload, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"validate", file}, {"validate", "--json", file}} {
		r := mpsim(t, dir, args...)
		if r.code == cli.ExitUsage {
			t.Fatalf("mpsim %v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		assertNoControls(t, strings.Join(args, " "), r.stdout+r.stderr)
		if !strings.Contains(r.stdout, `]0;pwned`) {
			t.Errorf("mpsim %v: the escaped value is missing from the output:\n%s", args, r.stdout)
		}
	}
	if r := mpsim(t, dir, "validate", file); !strings.Contains(r.stdout, `\x1b]0;pwned\a`) || !strings.Contains(r.stdout, `\x1b[2J`) {
		t.Errorf("validate: escapes not shown as \\x1b… and \\a:\n%s", r.stdout)
	}
}

// TestDeviceShowEscapesTerminalControls: `mpsim device show` prints a
// device file's strings with their control characters escaped.
func TestDeviceShowEscapesTerminalControls(t *testing.T) {
	dir := t.TempDir()
	if r := mpsim(t, dir, "device", "generate", "--seed", "4"); r.code != cli.ExitOK {
		t.Fatalf("device generate: %d %s", r.code, r.stderr)
	}
	path := filepath.Join(dir, workspace.DeviceFileName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), `"operator": "Contoso Mobile"`, `"operator": "Contoso \u001b]0;pwned\u0007 \u001b[2J \u009b2J"`, 1)
	s = strings.Replace(s, `"imei": "`, `"imei": "\u001b[2J`, 1)
	if s == string(data) {
		t.Fatalf("could not plant the escapes in %s", data)
	}
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"device", "show"}, {"device", "show", "--json"}} {
		r := mpsim(t, dir, args...)
		if r.code == cli.ExitUsage {
			t.Fatalf("mpsim %v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		assertNoControls(t, strings.Join(args, " "), r.stdout+r.stderr)
		if !strings.Contains(r.stdout, "pwned") {
			t.Errorf("mpsim %v: the operator is missing:\n%s", args, r.stdout)
		}
	}
}

// TestValidateRefusesOversizeInput: validate reads at most
// cli.MaxValidateInput bytes of a file or stdin and says why it stops; a
// 1 GiB file used to be read whole (1 GiB allocated, then copied again).
func TestValidateRefusesOversizeInput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "huge.json")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := mpsim(t, dir, "validate", file)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("validate of a 1 GiB file: exit %d, %d KiB allocated", r.code, alloc>>10)
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "larger than 256 KiB") {
		t.Errorf("validate of a 1 GiB file: exit %d, stderr %q; want 2 and 'larger than 256 KiB'", r.code, r.stderr)
	}
	if alloc > 32<<20 {
		t.Errorf("validate allocated %d MiB for a 1 GiB file; want it capped", alloc>>20)
	}
	// A payload whose envelope fits is read and judged as a payload.
	ok := filepath.Join(dir, "ok.json")
	if err := os.WriteFile(ok, []byte(`{"ver":"1","success":true}`+strings.Repeat(" ", cli.MaxValidateInput-200)), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := mpsim(t, dir, "validate", ok); strings.Contains(r.stderr, "larger than") || strings.Contains(r.stderr, "too large") {
		t.Errorf("validate refused a payload whose envelope fits: %q", r.stderr)
	}
}

// TestValidateRefusesWhatTheBridgeNeverCarries: the live host receives a
// payload inside an envelope, escaped once more, and the shim sends none
// over 256 KiB. A 150 KiB payload of escaped quotes (\" each) is 300 KiB
// in its envelope: the host never sees it, so validate must not pass it
// (issue 13: one decoding path; it passed before). The same from stdin.
func TestValidateRefusesWhatTheBridgeNeverCarries(t *testing.T) {
	dir := t.TempDir()
	quotes := `{"ver":"1","success":false,"planName":"` + strings.Repeat(`\"`, 75<<10) + `"}`
	file := filepath.Join(dir, "quotes.json")
	if err := os.WriteFile(file, []byte(quotes), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"validate", file}, {"validate", "--object", file}} {
		r := mpsim(t, dir, args...)
		want := "too large for the bridge"
		if args[1] == "--object" {
			// As an object the payload is not escaped again: 150 KiB fits.
			if strings.Contains(r.stderr, want) {
				t.Errorf("mpsim %v: refused an object that fits: %q", args, r.stderr)
			}
			continue
		}
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("mpsim %v: exit %d, stderr %q; want 2 and %q", args, r.code, r.stderr, want)
		}
	}
	r := mpsimStdin(t, dir, quotes, "validate")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "too large for the bridge") {
		t.Errorf("validate from stdin: exit %d, stderr %q; want 2 and 'too large for the bridge'", r.code, r.stderr)
	}
}

// TestRunStrayArgument: `mpsim run … TO=60s` (a shell-style assignment
// after the flags) is an error, exit 2, not silently ignored.
func TestRunStrayArgument(t *testing.T) {
	r, opened := withEnv(t, nil, "run", "--headless", "--demo-choice", "buy", "TO=60s")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, `unexpected argument "TO=60s"`) || len(*opened) != 0 {
		t.Errorf("mpsim run … TO=60s: exit %d, stderr %q; want 2 and 'unexpected argument'", r.code, r.stderr)
	}
}

// TestValidateJudgesTheBytesThePagePassed: a payload stringified twice (a
// JSON string literal holding the JSON) is what a page passes when it calls
// JSON.stringify on a string; the live host finds payload-not-object in it,
// and validate now does too instead of unwrapping it and passing (issue 13).
func TestValidateJudgesTheBytesThePagePassed(t *testing.T) {
	dir := t.TempDir()
	payload := `{"ver":"1","success":false,"iccid":"","transactionId":"t","purchaseResult":"{\"userAccount\":\"Existing\",\"purchaseInstrument\":\"Existing\",\"line\":\"Existing\",\"moDirectStatus\":\"Cancelled\",\"planName\":\"\"}"}`
	twice, _ := json.Marshal(payload)
	for _, c := range []struct {
		name, text string
		code       int
		want       string
	}{
		{"once", payload, cli.ExitOK, ""},
		{"twice", string(twice), cli.ExitFindings, "payload-not-object"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(dir, c.name+".json")
			if err := os.WriteFile(file, []byte(c.text), 0o600); err != nil {
				t.Fatal(err)
			}
			r := mpsim(t, dir, "validate", file)
			if r.code != c.code || !strings.Contains(r.stdout, c.want) {
				t.Errorf("validate %s: exit %d, output %q; want %d and %q", c.name, r.code, r.stdout, c.code, c.want)
			}
		})
	}
}

// TestURLTransactionIDForms: every transactionId form the documentation
// shows (short base64-like with dots, GUIDs with and without braces) and ones
// that need URL encoding reach the portal unchanged (issue 13).
func TestURLTransactionIDForms(t *testing.T) {
	dir := t.TempDir()
	for _, tx := range []string{"waoigFfX00yGH3Vb.1", "rRi8OzhI3EiR02nm.2.0.1", "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
		"{3F2504E0-4F89-11D3-9A0C-0305E82C3301}", "a+b/c=d", "with space&x=1#frag"} {
		r := mpsim(t, dir, "url", "--transaction-id", tx, "--json")
		var out struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("%s: %v: %s %s", tx, err, r.stdout, r.stderr)
		}
		u, err := url.Parse(out.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got := u.Query().Get("transactionId"); got != tx {
			t.Errorf("transactionId %q arrives as %q (%s)", tx, got, out.URL)
		}
	}
}

// TestURLWarnsAboutRegionCodes: `mpsim url` warns about market and location
// values Windows would not send, with the rule the launch form uses
// (workspace.LaunchRequest.Warnings), and still prints the URL with the
// value given (issue 13).
func TestURLWarnsAboutRegionCodes(t *testing.T) {
	dir := t.TempDir()
	r := mpsim(t, dir, "url", "--market", "UK", "--location", "fr")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "market=UK") || !strings.Contains(r.stdout, "location=fr") {
		t.Fatalf("mpsim url: exit %d, stdout %q", r.code, r.stdout)
	}
	for _, want := range []string{`warning: market "UK": the ISO 3166-1 code of the United Kingdom is GB`, `warning: location "fr": Windows sends FR`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r := mpsim(t, dir, "url", "--market", "GB", "--location", "FR"); strings.Contains(r.stderr, "warning") {
		t.Errorf("warnings for well-formed codes: %q", r.stderr)
	}
}
