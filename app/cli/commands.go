package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"mpsim/app/host"
	"mpsim/app/ipc"
	"mpsim/app/portalproc"
	"mpsim/app/session"
	"mpsim/app/xvfb"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

// DeviceSeed makes the simulated device the same on every run until the
// device store (issue 4) keeps it.
const DeviceSeed = 20180917

func openHost(env Env) (*host.Host, error) {
	dir, err := host.ConfigDir()
	if err != nil {
		return nil, err
	}
	return host.New(dir, DeviceSeed), nil
}

func cmdURL(args []string, env Env) int {
	fs := newFlagSet("url", "url [--sim esim|psim|none] [--market CC] [--location CC] [--lang TAGS] [--portal URL] [--json]", env)
	var lf launchFlags
	lf.register(fs)
	asJSON := fs.Bool("json", false, `print {"url","params","headers"} as JSON`)
	if _, err := parseInterspersed(fs, args); err != nil {
		return flagExit(err)
	}
	req, err := lf.request()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	if req.PortalURL == "" {
		req.PortalURL = "https://" + host.DefaultDemoAddr + "/"
	}
	h, err := openHost(env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	l, _, err := h.Launch(req)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	if *asJSON {
		return writeJSON(env.Stdout, l, env)
	}
	fmt.Fprintln(env.Stdout, l.URL)
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
	fs := newFlagSet("run", "run [--portal URL] [--sim …] [--lang …] [--timeout DUR] [--report FILE] [--trust-cert PEM] [--headless] [--demo-choice buy|cancel]", env)
	var lf launchFlags
	lf.register(fs)
	timeout := fs.Duration("timeout", 2*time.Minute, "end the session without a hand-back after this long")
	reportPath := fs.String("report", "", "write the JSON report to FILE (default: standard output)")
	var trust multiFlag
	fs.Var(&trust, "trust-cert", "PEM certificate of a local portal to pin for every host it names (repeatable)")
	headless := fs.Bool("headless", false, "with no DISPLAY, start a private Xvfb for the portal window")
	choice := fs.String("demo-choice", "", "make the demo portal complete on its own: "+strings.Join(demoportal.AutoChoices()[1:], ", "))
	debug := fs.Bool("devtools", false, "enable the WebKit inspector in the portal window")
	verbose := fs.Bool("verbose", false, "copy the portal window's console and WebKit messages to standard error")
	accel := fs.String("compositing", "auto", "WebKit GL compositing: on, off, or auto (off when there is no GPU)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return flagExit(err)
	}
	req, err := lf.request()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	if !slices.Contains(demoportal.AutoChoices(), *choice) {
		fmt.Fprintf(env.Stderr, "mpsim run: --demo-choice %q: use one of %s\n", *choice, strings.Join(demoportal.AutoChoices()[1:], ", "))
		return ExitUsage
	}
	var pinned []ipc.PinnedCert
	for _, p := range trust {
		c, err := host.LoadTrustedCert(p)
		if err != nil {
			fmt.Fprintln(env.Stderr, "mpsim run: --trust-cert:", err)
			return ExitUsage
		}
		pinned = append(pinned, c)
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
	h, err := openHost(env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	defer h.Close()
	h.SetDemoChoice(*choice)
	cfg, err := h.SessionConfig(req, pinned)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	cfg.Timeout = *timeout
	cfg.Debug = *debug
	cfg.Accelerated = Compositing(*accel)

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
		rep.Server = observe(h, rep.Launch)
	}
	if err := writeReport(*reportPath, rep, env); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	fmt.Fprintf(env.Stderr, "mpsim run: %s — verdict %s (%d calls, %d findings)\n", rep.Ended, rep.Verdict, len(rep.Calls), len(rep.Findings))
	if rep.Verdict == bridge.VerdictPass {
		return ExitOK
	}
	return ExitFindings
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

// observe summarises what the demo portal server received for this launch.
func observe(h *host.Host, l simulator.Launch) *session.ServerObservation {
	reqs := h.DemoRequests()
	obs := &session.ServerObservation{Requests: len(reqs)}
	for _, r := range reqs {
		if r.Path == "/" {
			obs.AcceptLanguage = r.AcceptLanguage
			obs.Query = r.RawQuery
			break
		}
	}
	return obs
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
	fs := newFlagSet("demo-portal", "demo-portal [--addr 127.0.0.1:PORT]", env)
	addr := fs.String("addr", host.DefaultDemoAddr, "loopback address to serve on")
	if _, err := parseInterspersed(fs, args); err != nil {
		return flagExit(err)
	}
	h, err := openHost(env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim demo-portal:", err)
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
