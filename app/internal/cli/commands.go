package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/portalproc"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/app/internal/xvfb"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

// DeviceSeed is the seed the host window passes to workspace.New: 0, so that a
// first run generates the device from the clock. Later runs load the saved
// device (workspace.DeviceFileName in the configuration directory).
const DeviceSeed = 0

// openHost opens the host on the configuration directory with the state
// flags, and reports on stderr what happened to the saved state.
func openHost(env Env, cmd string, st stateFlags, kind simulator.SIMKind) (*workspace.Workspace, error) {
	h, err := openHostQuiet(env, cmd, st, kind)
	if err != nil {
		return nil, err
	}
	if seed, ok := h.Created(); ok {
		fmt.Fprintf(env.Stderr, "mpsim %s: no saved device: generated one from seed %d and saved it to %s\n", cmd, seed, h.DevicePath())
	}
	return h, nil
}

// openHostQuiet is openHost without the first-run message; warnings about
// the saved state are always printed.
func openHostQuiet(env Env, cmd string, st stateFlags, kind simulator.SIMKind) (*workspace.Workspace, error) {
	dir, err := workspace.ConfigDir()
	if err != nil {
		return nil, err
	}
	h, err := workspace.Open(dir, workspace.Options{Seed: st.seed.ptr(), Kind: kind, PresetsFile: st.config})
	if err != nil {
		return nil, err
	}
	for _, n := range h.Notices() {
		fmt.Fprintf(env.Stderr, "mpsim %s: warning: %s\n", cmd, n)
	}
	return h, nil
}

// urlOutput is what `mpsim url --json` prints: the launch, and the preset
// with its expectation when one was used.
type urlOutput struct {
	simulator.Launch
	Preset      string `json:"preset,omitempty"`
	Expectation string `json:"expectation,omitempty"`
}

func cmdURL(args []string, env Env) int {
	fs := newFlagSet("url", "url [--preset NAME] [--sim esim|psim|none] [--market CC] [--location CC] [--lang TAGS] [--portal URL]\n       [--generation current|dynamo-2018|nov-2018] [--param NAME=VALUE] [--config FILE] [--seed N] [--json]", env)
	var lf launchFlags
	lf.register(fs, env)
	asJSON := fs.Bool("json", false, `print {"url","params","headers"} as JSON (with "preset" and "expectation" for a preset)`)
	if _, err := parseInterspersed(fs, args); err != nil {
		return flagExit(err)
	}
	lf.parsed(fs)
	req, err := lf.request()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	if req.PortalURL == "" {
		req.PortalURL = "https://" + workspace.DefaultDemoAddr + "/"
	}
	h, err := openHost(env, "url", lf.state, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	l, _, err := h.Launch(req)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	out := urlOutput{Launch: l, Preset: req.Preset}
	if req.Preset != "" {
		p, err := h.Preset(req.Preset)
		if err != nil {
			fmt.Fprintln(env.Stderr, "mpsim url:", err)
			return ExitUsage
		}
		out.Expectation = p.Expect
	}
	if *asJSON {
		return writeJSON(env.Stdout, out, env)
	}
	fmt.Fprintln(env.Stdout, l.URL)
	if out.Expectation != "" {
		fmt.Fprintf(env.Stderr, "mpsim url: preset %s: a correct portal should: %s\n", req.Preset, out.Expectation)
	}
	return ExitOK
}

func writeJSON(w io.Writer, v any, env Env) int {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: write JSON:", err)
		return ExitUsage
	}
	return ExitOK
}

// validateOutput is what `mpsim validate --json` prints.
type validateOutput struct {
	Result   bridge.Result    `json:"result"`
	Findings []bridge.Finding `json:"findings"`
	Errors   int              `json:"errors"`
	Warnings int              `json:"warnings"`
}

func cmdValidate(args []string, env Env) int {
	fs := newFlagSet("validate", "validate [FILE|-] [--json] [--object] [--sim esim|psim] [--transaction-id ID]", env)
	asJSON := fs.Bool("json", false, "print the result and findings as JSON")
	asObject := fs.Bool("object", false, "treat the input as an object the page passed (not the canonical JSON string)")
	sim := fs.String("sim", "", "SIM the session was launched with (esim, psim), for SIM-specific rules")
	txID := fs.String("transaction-id", "", "transactionId the portal was launched with; a different one is an error")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 1 {
		fmt.Fprintln(env.Stderr, "mpsim validate: give one FILE or - for standard input")
		return ExitUsage
	}
	var data []byte
	if len(pos) == 0 || pos[0] == "-" {
		data, err = io.ReadAll(io.LimitReader(env.Stdin, 16<<20))
	} else {
		data, err = os.ReadFile(pos[0])
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim validate: cannot read the input:", err)
		return ExitUsage
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		fmt.Fprintln(env.Stderr, "mpsim validate: the input is empty; give the payload the portal passed to DataMart.notifyPurchaseResult")
		return ExitUsage
	}
	var arg json.RawMessage
	switch {
	case strings.HasPrefix(text, `"`):
		arg = json.RawMessage(text) // already a JSON string literal: the exact argument
	case *asObject:
		arg = json.RawMessage(text)
	default:
		// The text is what JSON.stringify produced: the page passed it as a string.
		b, _ := json.Marshal(text)
		arg = b
	}
	res, findings := bridge.DecodeLegacy(arg, bridge.Expectation{TransactionID: *txID, SIMKind: *sim})
	out := validateOutput{Result: res, Findings: findings}
	if out.Findings == nil {
		out.Findings = []bridge.Finding{}
	}
	for _, f := range findings {
		switch f.Severity {
		case bridge.SeverityError:
			out.Errors++
		case bridge.SeverityWarning:
			out.Warnings++
		}
	}
	if *asJSON {
		if code := writeJSON(env.Stdout, out, env); code != ExitOK {
			return code
		}
	} else {
		printResult(env.Stdout, &res, findings)
	}
	if out.Errors > 0 {
		return ExitFindings
	}
	return ExitOK
}

func printResult(w io.Writer, res *bridge.Result, findings []bridge.Finding) {
	if res != nil {
		pr := res.PurchaseResult
		fmt.Fprintf(w, "success:         %v\n", res.Success)
		fmt.Fprintf(w, "planName:        %q\n", pr.PlanName)
		fmt.Fprintf(w, "iccid:           %s\n", res.ICCID)
		fmt.Fprintf(w, "activationCode:  %s\n", res.ActivationCode)
		fmt.Fprintf(w, "transactionId:   %s\n", res.TransactionID)
		fmt.Fprintf(w, "userAccount:     %s\n", pr.UserAccount)
		fmt.Fprintf(w, "purchaseInstrument: %s\n", pr.PurchaseInstrument)
		fmt.Fprintf(w, "line:            %s\n", pr.Line)
		fmt.Fprintf(w, "moDirectStatus:  %s\n", pr.MoDirectStatus)
	}
	if len(findings) == 0 {
		fmt.Fprintln(w, "findings:        none")
		return
	}
	fmt.Fprintln(w, "findings:")
	for _, f := range findings {
		field := ""
		if f.Field != "" {
			field = " [" + f.Field + "]"
		}
		sec := ""
		if f.Section != "" {
			sec = " (contract " + f.Section + ")"
		}
		fmt.Fprintf(w, "  %-7s %s%s: %s%s\n", f.Severity, f.Code, field, f.Message, sec)
	}
}

func cmdRun(args []string, env Env) int {
	fs := newFlagSet("run", "run [--preset NAME] [--portal URL] [--sim …] [--lang …] [--timeout DUR] [--report FILE] [--trust-cert PEM] [--headless]\n       [--demo-choice buy|cancel|…] [--demo-api legacy|inline] [--activation-result NAME] [--registration-state NAME] [--clock-speed X] [--config FILE]", env)
	var lf launchFlags
	lf.register(fs, env)
	timeout := fs.Duration("timeout", 2*time.Minute, "end the session without a hand-back after this long")
	reportPath := fs.String("report", "", "write the JSON report to FILE (default: standard output)")
	var trust multiFlag
	fs.Var(&trust, "trust-cert", "PEM certificate of a local portal to pin for every host it names (repeatable)")
	var notify multiFlag
	fs.Var(&notify, "notify-host", "host a hand-back may come from, like the notification URI of the service configuration (repeatable; default: the portal's host)")
	headless := fs.Bool("headless", false, "with no DISPLAY, start a private Xvfb for the portal window")
	choice := fs.String("demo-choice", "", "make the demo portal complete on its own: "+strings.Join(demoportal.AutoChoices()[1:], ", "))
	demoAPI := fs.String("demo-api", "", "the demo operator's hand-back API: legacy (DataMart.notifyPurchaseResult, the default) or inline (MobilePlans* APIs)")
	debug := fs.Bool("devtools", false, "enable the WebKit inspector in the portal window")
	verbose := fs.Bool("verbose", false, "copy the portal window's console and WebKit messages to standard error")
	accel := fs.String("compositing", "auto", "WebKit GL compositing: on, off, or auto (off when there is no GPU)")
	activation := fs.String("activation-result", "success", "MobilePlansActivationError the simulated eSIM reports after an inline download (contract §2.5): "+strings.Join(bridge.ActivationErrors(), ", "))
	registration := fs.String("registration-state", "home", "MobilePlansNetworkRegistrationState reported after activation (contract §2.5): "+strings.Join(bridge.RegistrationStates(), ", "))
	clockSpeed := fs.Float64("clock-speed", 60, "simulated seconds per real second for deferred flows (downloadDelay, networkRegistrationInterval)")
	downloadTime := fs.Duration("download-time", 0, "how long the simulated profile download takes (default 1.5s)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return flagExit(err)
	}
	lf.parsed(fs)
	req, err := lf.request()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	if !slices.Contains(demoportal.AutoChoices(), *choice) {
		fmt.Fprintf(env.Stderr, "mpsim run: --demo-choice %q: use one of %s\n", *choice, strings.Join(demoportal.AutoChoices()[1:], ", "))
		return ExitUsage
	}
	if *demoAPI != "" && !slices.Contains(demoportal.APIs(), *demoAPI) {
		fmt.Fprintf(env.Stderr, "mpsim run: --demo-api %q: use one of %s\n", *demoAPI, strings.Join(demoportal.APIs(), ", "))
		return ExitUsage
	}
	lifecycle, err := lifecycleFlags(*activation, *registration, *clockSpeed, *downloadTime)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	var pinned []ipc.PinnedCert
	for _, p := range trust {
		c, err := workspace.LoadTrustedCert(p)
		if err != nil {
			fmt.Fprintln(env.Stderr, "mpsim run: --trust-cert:", err)
			return ExitUsage
		}
		pinned = append(pinned, c)
	}
	h, err := openHost(env, "run", lf.state, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	defer h.Close()
	var expectation string
	if req.Preset != "" { // check the preset before starting Xvfb or the portal
		p, err := h.Preset(req.Preset)
		if err != nil {
			fmt.Fprintln(env.Stderr, "mpsim run:", err)
			return ExitUsage
		}
		expectation = p.Expect
	}
	display := env.Getenv("DISPLAY")
	var xs *xvfb.Server
	if display == "" {
		if !*headless {
			fmt.Fprintln(env.Stderr, "mpsim run: no DISPLAY; add --headless to start a private Xvfb")
			return ExitUsage
		}
		xs, err = xvfb.Start("1280x800x24")
		if err != nil {
			fmt.Fprintln(env.Stderr, "mpsim run:", err)
			return ExitUsage
		}
		defer xs.Stop()
		display = xs.Display
	}
	h.SetDemoChoice(*choice)
	if err := h.SetDemoAPI(*demoAPI); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	cfg, err := h.SessionConfig(req, pinned)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	cfg.Timeout = *timeout
	if len(notify) > 0 {
		cfg.AllowedHosts = append([]string(nil), notify...)
	}
	cfg.Debug = *debug
	cfg.Accelerated = Compositing(*accel)
	cfg.Lifecycle = lifecycle

	childEnv := append(os.Environ(), "DISPLAY="+display)
	opener := portalproc.Opener{Env: childEnv}
	if *verbose {
		opener.Stderr = env.Stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := session.Run(ctx, opener, cfg, nil)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	if req.PortalURL == "" {
		rep.Server = h.Observation()
	}
	if _, err := h.FinishSession(cfg, rep); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run: warning: the device after the session was not saved:", err)
	}
	if err := writeReport(*reportPath, rep, env); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	fmt.Fprintf(env.Stderr, "mpsim run: %s — verdict %s (%d calls, %d findings)\n", rep.Ended, rep.Verdict, len(rep.Calls), len(rep.Findings))
	if expectation != "" {
		fmt.Fprintf(env.Stderr, "mpsim run: preset %s: a correct portal should: %s\n", req.Preset, expectation)
	}
	if rep.Verdict == bridge.VerdictPass {
		return ExitOK
	}
	return ExitFindings
}

// lifecycleFlags checks the session lifecycle flags and returns the
// session's Lifecycle, with the documented spelling of each enum value.
func lifecycleFlags(activation, registration string, clockSpeed float64, download time.Duration) (session.Lifecycle, error) {
	var lc session.Lifecycle
	var ok bool
	if lc.ActivationResult, ok = canonical(activation, bridge.ActivationErrors()); !ok {
		return lc, fmt.Errorf("--activation-result %q: use one of %s", activation, strings.Join(bridge.ActivationErrors(), ", "))
	}
	if lc.RegistrationState, ok = canonical(registration, bridge.RegistrationStates()); !ok {
		return lc, fmt.Errorf("--registration-state %q: use one of %s", registration, strings.Join(bridge.RegistrationStates(), ", "))
	}
	if math.IsNaN(clockSpeed) || math.IsInf(clockSpeed, 0) || clockSpeed <= 0 {
		return lc, fmt.Errorf("--clock-speed %v: give a positive number of simulated seconds per second", clockSpeed)
	}
	if download < 0 {
		return lc, fmt.Errorf("--download-time %v: must not be negative", download)
	}
	lc.ClockSpeed, lc.DownloadTime = clockSpeed, download
	return lc, nil
}

// canonical returns the documented spelling of v among values, matching
// case-insensitively.
func canonical(v string, values []string) (string, bool) {
	for _, c := range values {
		if strings.EqualFold(c, v) {
			return c, true
		}
	}
	return "", false
}

// Compositing decides WebKit's GL compositing: "auto" (or "") turns it on
// only where a GPU device node exists (software GL makes it slower; facts note).
func Compositing(mode string) bool {
	switch mode {
	case "on":
		return true
	case "off":
		return false
	}
	_, err := os.Stat("/dev/dri")
	return err == nil
}

func writeReport(path string, rep session.Report, env Env) error {
	if path == "" || path == "-" {
		if code := writeJSON(env.Stdout, rep, env); code != ExitOK {
			return errors.New("could not write the report")
		}
		return nil
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func cmdDemoPortal(args []string, env Env) int {
	fs := newFlagSet("demo-portal", "demo-portal [--addr 127.0.0.1:PORT] [--demo-api legacy|inline]", env)
	addr := fs.String("addr", workspace.DefaultDemoAddr, "loopback address to serve on")
	api := fs.String("demo-api", "", "hand-back API of the demo operator: legacy (DataMart.notifyPurchaseResult) or inline (MobilePlans*)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return flagExit(err)
	}
	h, err := openHost(env, "demo-portal", stateFlags{config: env.ConfigFile}, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim demo-portal:", err)
		return ExitUsage
	}
	if err := h.SetDemoAPI(*api); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim demo-portal: --demo-api:", err)
		return ExitUsage
	}
	base, err := h.ServeDemo(*addr)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim demo-portal:", err)
		return ExitUsage
	}
	defer h.Close()
	fmt.Fprintf(env.Stdout, "demo portal: %s\ncertificate: %s\nPress Ctrl+C to stop.\n", base, h.CertPath())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return ExitOK
}
