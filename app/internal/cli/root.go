package cli

import (
	"fmt"
	"io"
	"mpsim/app/internal/suggest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mpsim/app/internal/buildinfo"
	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
	"mpsim/simulator/urlhint"
)

// Command groups of the help.
const (
	groupSessions = "sessions"
	groupDevice   = "device"
	groupOther    = "other"
)

// builder makes the command tree for one Main call. Every command's RunE
// copies what its flags parsed into an options struct and calls the
// command's body (cmdURL, cmdRun …), which returns the exit code.
type builder struct {
	args        *[]string // what Main parses
	env         *Env
	settingsErr error
	code        *int
}

// do returns a RunE that runs body and keeps its exit code.
func (b *builder) do(body func() int) func(*cobra.Command, []string) error {
	return func(*cobra.Command, []string) error {
		*b.code = body()
		return nil
	}
}

func newRoot(args *[]string, env *Env, settingsErr error, code *int) *cobra.Command {
	b := &builder{args: args, env: env, settingsErr: settingsErr, code: code}
	root := &cobra.Command{
		Use:   "mpsim",
		Short: "the simulated Windows Mobile Plans host for MO Direct portals",
		Long: `mpsim — the simulated Windows Mobile Plans host for MO Direct portals.

With no command it opens the host window (device, launch, portal, result).
Exit codes: 0 pass, 1 findings or another verdict, 2 could not run
(bad flags, unreadable input, no display …).`,
		Example: `  mpsim                                   # open the host window
  mpsim run --headless --demo-choice buy   # one unattended session, JSON report on stdout
  mpsim url --preset bad-iccid-check-digit # the launch URL a preset sends
  mpsim --config team.toml presets         # the presets of a team file`,
		Version:           buildinfo.Read().String(),
		Args:              func(c *cobra.Command, args []string) error { return rootArgs(c, args) },
		RunE:              b.do(func() int { return b.window(nil) }),
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.PersistentFlags().StringVar(&env.ConfigFile, "config", env.ConfigFile,
		"presets `FILE` (default: "+workspace.PresetsFileName+" in the configuration directory); before or after the command")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// "mpsim rnu --headless": the mistyped command, not the flag, is the news.
		if !c.HasParent() {
			if name := firstPositional(*b.args); name != "" {
				return unknownCommand(c, name)
			}
		}
		return err
	})
	root.AddGroup(
		&cobra.Group{ID: groupSessions, Title: "Sessions:"},
		&cobra.Group{ID: groupDevice, Title: "Device and presets:"},
		&cobra.Group{ID: groupOther, Title: "Other:"},
	)
	root.AddCommand(b.testCmd(), b.reportCmd()) // scenario files and matrix runs (test.go)
	root.AddCommand(b.historyCmd())             // the session history (historycmd.go)
	root.AddCommand(b.runCmd(), b.urlCmd(), b.validateCmd(), b.windowCmd(), b.demoPortalCmd(),
		b.deviceCmd(), b.presetsCmd(), b.operatorsCmd(),
		b.versionCmd(), b.completionCmd(root), b.portalCmd(), environmentTopic())
	root.SetHelpCommand(helpCmd())
	root.SetHelpCommandGroupID(groupOther)
	defaultHelp := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		defaultHelp(c, args)
		if !c.HasParent() {
			writeFiles(c.OutOrStdout(), *env)
		}
	})
	// The help topics read as the command that shows them.
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(),
		`{{rpad .CommandPath .CommandPathPadding}} {{.Short}}`, `{{rpad (print "mpsim help " .Name) 24}} {{.Short}}`, 1))
	root.InitDefaultVersionFlag()
	root.Flags().Lookup("version").Usage = "print the version, commit, build date and WebKitGTK API, and exit"
	return root
}

// rootArgs: mpsim takes no arguments, only commands.
func rootArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return unknownCommand(c, args[0])
	}
	return nil
}

// firstPositional returns the first argument of args that is neither a
// flag nor the value of --config.
func firstPositional(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return ""
		case a == "--config":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return a
		}
	}
	return ""
}

// window opens the host window (mpsim, mpsim ui, mpsim host).
func (b *builder) window(args []string) int {
	env := *b.env
	if b.settingsErr != nil {
		fmt.Fprintf(env.Stderr, "mpsim: the environment has values the host window cannot use:\n")
		for _, line := range strings.Split(b.settingsErr.Error(), "\n") {
			fmt.Fprintln(env.Stderr, "  "+line)
		}
		fmt.Fprintln(env.Stderr, "Fix or unset them; 'mpsim help environment' lists what each one takes.")
		return ExitUsage
	}
	if env.HostUI == nil {
		fmt.Fprintln(env.Stderr, "mpsim: this build has no host window")
		return ExitUsage
	}
	return env.HostUI(env, args)
}

func (b *builder) windowCmd() *cobra.Command {
	var launch HostLaunch
	c := &cobra.Command{
		Use:     "ui",
		Aliases: []string{"host"},
		GroupID: groupSessions,
		Short:   "Open the host window (what mpsim with no command does)",
		Long: `Open the host window: the simulated device, the launch, the portal window and
the decoded result. --portal and --trust-cert fill the launch form, so that
Open portal (Ctrl+O) opens your portal. The MPSIM_* variables ('mpsim help
environment') script it.`,
		Example: `  mpsim ui
  mpsim ui --portal https://localhost:8443/ --trust-cert portal.pem
  MPSIM_AUTOOPEN=1 MPSIM_DEMO_CHOICE=buy mpsim host   # open the demo portal, buy a plan`,
		Args: noArgs,
	}
	c.Flags().StringVar(&launch.PortalURL, "portal", "", "portal `URL` to put in the launch form (default: the built-in demo portal)")
	c.Flags().StringVar(&launch.TrustCert, "trust-cert", "", "`PEM` certificate of your portal to put in the launch form, pinned for every host it names")
	c.RunE = b.do(func() int {
		if err := checkHostLaunch(launch); err != nil {
			fmt.Fprintln(b.env.Stderr, "mpsim ui:", err)
			return ExitUsage
		}
		b.env.HostLaunch = launch
		return b.window(nil)
	})
	return c
}

// checkHostLaunch refuses, before any window, a portal URL the host could
// not open and a certificate it could not pin.
func checkHostLaunch(l HostLaunch) error {
	if l.PortalURL != "" {
		if err := urlhint.Portal(l.PortalURL); err != nil {
			return fmt.Errorf("--portal %q: %w", l.PortalURL, err)
		}
		if err := workspace.CheckPortalURL(l.PortalURL); err != nil {
			return fmt.Errorf("--portal: %w", err)
		}
	}
	if l.TrustCert != "" {
		if _, err := workspace.LoadTrustedCert(l.TrustCert); err != nil {
			return fmt.Errorf("--trust-cert: %w", err)
		}
	}
	return nil
}

func (b *builder) urlCmd() *cobra.Command {
	o := &urlOptions{}
	c := &cobra.Command{
		Use:     "url",
		GroupID: groupSessions,
		Short:   "Print the launch URL the host would open",
		Long: `Print the launch URL the host would open for the saved device, with the
parameters and headers of the chosen generation of the Mobile Plans app.
Standard output is the URL alone (for url=$(mpsim url)); the headers the
launch carries (Accept-Language, and X-MP-LPAError-* after a failed eSIM
download) follow on standard error, one "Name: value" line each, as curl -H
takes them; --json prints the URL, parameters and headers together.
With --preset, a correct portal's expected reaction is printed on standard error.`,
		Example: `  mpsim url
  mpsim url --preset bad-iccid-check-digit --json
  mpsim url --generation nov-2018 --phone-number +14255550100 --country-code US
  mpsim url --param futureParam=1 --portal https://portal.example/`,
		Args: noArgs,
	}
	o.launch.register(c.Flags())
	c.Flags().BoolVar(&o.json, "json", false, `print {"url","params","headers"} as JSON (with "preset" and "expectation" for a preset)`)
	enumCompletions(c)
	c.RunE = b.do(func() int {
		o.launch.parsed(c.Flags())
		o.launch.state.config = b.env.ConfigFile
		return cmdURL(o, *b.env)
	})
	return c
}

func (b *builder) validateCmd() *cobra.Command {
	o := &validateOptions{}
	c := &cobra.Command{
		Use:     "validate [FILE|-] | validate --report REPORT",
		GroupID: groupSessions,
		Short:   "Check what a portal passed to DataMart.notifyPurchaseResult, or re-check an old report",
		Long: `Check the payload a portal passed to DataMart.notifyPurchaseResult (the JSON
string, or with --object the object) against the contract. It reads FILE, or
standard input when FILE is - or missing. Exit code 1 when there is an error finding.

With --report, re-check every call recorded in a session report (the JSON
'mpsim run --report' writes, or a session directory of the history) with the
current rules: the verdict they give now, and which findings are new or not
found again. What the session found outside the calls (page loads, the console,
a timeout, the eSIM lifecycle and the page's listeners, an expectation, the
policies) cannot be checked again and is kept as it was, in the verdict too.
Exit code 1 when the verdict is not pass.`,
		Example: `  mpsim validate handback.json
  pbpaste | mpsim validate - --sim esim --transaction-id 0f7c…
  mpsim validate --object --json payload.json
  mpsim validate --report yesterday.json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("give one FILE or - for standard input (got %d arguments)", len(args))
			}
			if len(args) == 1 && o.report != "" {
				return usagef("give either --report REPORT (a session report) or a hand-back FILE, not both")
			}
			return nil
		},
	}
	f := c.Flags()
	f.BoolVar(&o.json, "json", false, "print the result and findings as JSON")
	f.BoolVar(&o.object, "object", false, "treat the input as an object the page passed (not the canonical JSON string)")
	f.StringVar(&o.sim, "sim", "", "`SIM` the session was launched with (esim, psim), for SIM-specific rules")
	f.StringVar(&o.txID, "transaction-id", "", "transactionId `ID` the portal was launched with, as sent or URL-encoded as the docs' launch URLs show it (%2F7RBTuSJt02OZbX8.4 is the id /7RBTuSJt02OZbX8.4); a different one is an error")
	f.StringVar(&o.iccids, "iccids", "", "the launch's iccids `LIST` (comma-separated): the operator's profiles on the eSIM, or the physical SIM's ICCID; an eSIM hand-back naming one needs no activation code (flow F2)")
	f.StringVar(&o.report, "report", "", "re-check the calls recorded in the session report `REPORT` (mpsim run --report, or a history session directory) with the current rules")
	f.Var(&o.notify, "notify-host", "with --report: a `HOST` the session allowed hand-backs from (repeatable), as 'mpsim run --notify-host'")
	c.RegisterFlagCompletionFunc("sim", fixed("esim", "psim"))
	c.RunE = func(_ *cobra.Command, args []string) error {
		*b.code = cmdValidate(o, args, *b.env)
		return nil
	}
	return c
}

func (b *builder) runCmd() *cobra.Command {
	o := &runOptions{}
	c := &cobra.Command{
		Use:     "run",
		GroupID: groupSessions,
		Short:   "Run one unattended session and print its JSON report",
		Long: `Run one unattended session: open the portal in a real WebKit window with the
launch, wait for the hand-back (or the timeout), and write the JSON report.
Exit code 0 when the verdict is pass, 1 for any other verdict, 2 when the
session could not run. With no DISPLAY, --headless starts a private Xvfb.
With --watch, Ctrl+C ends the loop with the exit code of the last session
that ran to its end: a session Ctrl+C cuts short is not compared with the
last one.`,
		Example: `  mpsim run --headless --demo-choice buy
  mpsim run --portal https://localhost:8443/ --trust-cert portal.pem --report out/report.json
  mpsim run --preset french-user --timeout 5m --report report.json
  mpsim run --headless --demo-api inline --demo-choice buy-deferred --clock-speed 600 --close-after networkRegistered
  mpsim run --headless --demo-choice buy --demo-break-policies   # the policy audit on a known-bad portal
  mpsim run --headless --demo-choice buy --compare-lang fr-FR     # and the same launch in French, compared
  mpsim run --portal https://localhost:8443/ --trust-cert portal.pem --watch ./my-portal`,
		Args: noArgs,
	}
	f := c.Flags()
	o.launch.register(f)
	f.Var(newDuration(&o.timeout, defaultRunTimeout), "timeout", "end the session without a hand-back after this `DURATION` (like 90s or 5m); 0 waits with no limit, until the hand-back, the window closes or Ctrl+C")
	f.StringVar(&o.reportPath, "report", "", "write the JSON report to `FILE` (default: standard output); checked before the session starts")
	f.StringVar(&o.watch, "watch", "", "after the session, watch your portal's `DIR` (or its URL: then only that page is compared, polled each second, so edits to the scripts and style sheets it loads go unseen; watch the folder for those; a URL that does not answer yet is polled until it does) and run the same launch again after each change, until Ctrl+C")
	f.Var(&o.trust, "trust-cert", "`PEM` certificate of a local portal to pin for every host it names (repeatable)")
	f.Var(&o.notify, "notify-host", "`HOST` a hand-back may come from, like the notification URI of the service configuration (repeatable; default: the portal's host)")
	f.BoolVar(&o.headless, "headless", false, "open the portal window in a private Xvfb, even when there is a DISPLAY")
	f.StringVar(&o.compareLang, "compare-lang", "", "first run the same launch, unseen, with the Accept-Language `LANGS` (like fr-FR,fr), and have the localization policies compare the visible text and the pages of both runs")
	f.StringVar(&o.choice, "demo-choice", "", "make the demo portal complete on its own with `CHOICE`: "+strings.Join(demoportal.AutoChoices()[1:], ", "))
	f.StringVar(&o.demoAPI, "demo-api", "", "the demo operator's hand-back `API`: legacy (DataMart.notifyPurchaseResult, the default) or inline (MobilePlans* APIs)")
	f.BoolVar(&o.breakPolicies, "demo-break-policies", false, "make the demo portal break each design policy a machine checks (an http image, a pop-up, an autoplay video, an overflow, an animation, no Cancel, errors, a 404 …) while its --demo-choice still hands back: a known-bad portal for the policy audit")
	f.BoolVar(&o.debug, "devtools", false, "open the WebKit inspector (DevTools) in a window of its own beside the portal")
	f.BoolVar(&o.verbose, "verbose", false, "copy the portal window's WebKit messages to standard error (the page's console is in the report either way)")
	f.StringVar(&o.harPath, "har", "", "write the portal window's network requests to `FILE` as HAR 1.2 (Chrome DevTools, Playwright and HAR viewers open it)")
	f.StringVar(&o.screenshots, "screenshots", "", "save the portal's screenshots (first paint, each load, the hand-back) in `DIR` (default: a new directory under the user cache directory; - for none)")
	f.BoolVar(&o.walledGarden, "walled-garden", false, "block every load outside the walled garden, as on a device with no plan (contract §7): its documented hosts, the portal's, the notification hosts, the operator's allowed_hosts and --allow-host")
	f.Var(&o.allowHosts, "allow-host", "`HOST` the portal needs beyond its own (an identity or payment provider): added to the walled garden with --walled-garden, and counted as the purchase's own by the no-popups policy either way (repeatable; a leading *. allows the name and its subdomains)")
	f.BoolVar(&o.noInspect, "no-inspect", false, "do not record the portal's console, network, navigations and screenshots (the hand-back is judged either way)")
	f.BoolVar(&o.noAxe, "no-axe", false, "record the portal but leave axe-core out of its DOM probes: about a third less CPU; the accessibility policy is then manual")
	f.StringVar(&o.closeAfter, "close-after", "", "close the portal as its user would once the simulated eSIM's lifecycle reaches `STEP` (networkRegistered, balanceAdded, deferredCancelled, …) and the page has answered the listener calls made so far (at most 10s), so their errors and console output are recorded; the session then ends \"closed\". An inline flow (F3–F7) keeps the portal open after its call: without this it runs until the timeout")
	f.StringVar(&o.accel, "compositing", "auto", "WebKit GL compositing `MODE`: on, off, or auto (off when there is no GPU)")
	f.StringVar(&o.activation, "activation-result", "success", "MobilePlansActivationError `NAME` a profile download of the simulated eSIM ends with: the legacy hand-back's, notifyPurchaseWithProfileDownload's or an inline one (contract §2.5): "+strings.Join(bridge.ActivationErrors(), ", "))
	f.StringVar(&o.registration, "registration-state", "home", "MobilePlansNetworkRegistrationState `NAME` reported after activation (contract §2.5): "+strings.Join(bridge.RegistrationStates(), ", "))
	f.Var(newPositiveFloat(&o.clockSpeed, 60, "simulated seconds per real second"), "clock-speed", "simulated seconds per real second (`X` above 0) for deferred flows (downloadDelay, networkRegistrationInterval)")
	f.Var(newDuration(&o.downloadTime, 0), "download-time", "how long (`DURATION`) the simulated profile download takes (default 1.5s)")
	enumCompletions(c)
	c.RegisterFlagCompletionFunc("demo-choice", fixed(demoportal.AutoChoices()[1:]...))
	c.RegisterFlagCompletionFunc("demo-api", fixed(demoportal.APIs()...))
	c.RegisterFlagCompletionFunc("compositing", fixed("on", "off", "auto"))
	c.RegisterFlagCompletionFunc("close-after", fixed(session.MilestoneNames()...))
	c.RegisterFlagCompletionFunc("activation-result", fixed(bridge.ActivationErrors()...))
	c.RegisterFlagCompletionFunc("registration-state", fixed(bridge.RegistrationStates()...))
	c.RunE = b.do(func() int {
		o.launch.parsed(c.Flags())
		o.launch.state.config = b.env.ConfigFile
		return cmdRun(o, *b.env)
	})
	return c
}

// defaultRunTimeout is how long `mpsim run` waits for a hand-back.
const defaultRunTimeout = 2 * time.Minute

func (b *builder) demoPortalCmd() *cobra.Command {
	o := &demoPortalOptions{}
	c := &cobra.Command{
		Use:     "demo-portal",
		GroupID: groupSessions,
		Short:   "Serve the built-in demo operator portal alone",
		Long: `Serve the built-in demo operator portal over HTTPS on a loopback address until
Ctrl+C, with the certificate to trust printed, e.g. to open it in a browser.`,
		Example: `  mpsim demo-portal
  mpsim demo-portal --addr 127.0.0.1:18555 --demo-api inline`,
		Args: noArgs,
	}
	c.Flags().StringVar(&o.addr, "addr", workspace.DefaultDemoAddr, "loopback `ADDRESS` to serve on, like 127.0.0.1:PORT")
	c.Flags().StringVar(&o.api, "demo-api", "", "hand-back `API` of the demo operator: legacy (DataMart.notifyPurchaseResult) or inline (MobilePlans*)")
	c.Flags().BoolVar(&o.breakPolicies, "demo-break-policies", false, "serve the demo portal with each design policy a machine checks broken (see mpsim run --demo-break-policies)")
	c.RegisterFlagCompletionFunc("demo-api", fixed(demoportal.APIs()...))
	c.RunE = b.do(func() int { return cmdDemoPortal(o, *b.env) })
	return c
}

// deviceFlags adds the flags of device show / generate.
func deviceFlags(c *cobra.Command, o *deviceOptions, sub string) {
	simUsage := "show the device as a launch with this `SIM` kind sees it: esim, psim or none (default: the saved device)"
	seedUsage := "seed `N` for generating the device when none is saved yet (default: the clock)"
	if sub == "generate" {
		simUsage = "`SIM` kind of the new device: esim, psim or none (default esim)"
		seedUsage = "seed `N` of the new device; the same seed gives the same device (default: the clock, printed)"
	}
	o.state.register(c.Flags(), seedUsage)
	c.Flags().StringVar(&o.sim, "sim", "", simUsage)
	c.Flags().BoolVar(&o.json, "json", false, "print the device, its checks and problems as JSON")
	c.Flags().StringVar(&o.state.operator, "operator", "", "operator profile `NAME` whose ICCID range the device's SIM is generated in and checked against (default: Contoso Mobile)")
	c.RegisterFlagCompletionFunc("sim", fixed("esim", "psim", "none"))
	c.RegisterFlagCompletionFunc("operator", completeOperators)
}

func (b *builder) deviceCmd() *cobra.Command {
	o := &deviceOptions{}
	c := &cobra.Command{
		Use:     "device [show|reset|generate|lpa-error|remove-profile]",
		GroupID: groupDevice,
		Short:   "Show, reset or generate the saved simulated device; record a failed download; remove a profile",
		Long: `The saved simulated device: show it with a validity mark per identifier (the
default; exit code 1 when an identifier is invalid), delete it, generate a new
one, record a failed download so the next launch carries X-MP-LPAError-*, or
remove one profile from its eSIM (which holds 8 at most).`,
		Example: `  mpsim device
  mpsim device show --sim psim --json
  mpsim device generate --seed 42 --sim psim
  mpsim device reset
  mpsim device lpa-error --code ServerNotReachable
  mpsim device remove-profile --iccid 8988247000100003319`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return nil
		},
		RunE: b.do(func() int { return cmdDeviceShowOrGenerate("show", o, *b.env) }),
	}
	deviceFlags(c, o, "show")
	c.AddCommand(b.deviceShowCmd("show"), b.deviceShowCmd("generate"), b.deviceResetCmd(), b.deviceLPAErrorCmd(), b.deviceRemoveProfileCmd())
	return c
}

func (b *builder) deviceShowCmd(sub string) *cobra.Command {
	o := &deviceOptions{}
	c := &cobra.Command{
		Use:   sub,
		Short: "Show the saved device with a validity mark per identifier",
		Example: `  mpsim device show
  mpsim device show --sim psim --json`,
		Args: noArgs,
		RunE: b.do(func() int { return cmdDeviceShowOrGenerate(sub, o, *b.env) }),
	}
	if sub == "generate" {
		c.Short = "Generate a new device and save it"
		c.Example = `  mpsim device generate
  mpsim device generate --seed 42 --sim psim --json`
	}
	deviceFlags(c, o, sub)
	return c
}

func (b *builder) deviceResetCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "reset",
		Short: "Delete the saved device; the next command generates a new one",
		Example: `  mpsim device reset
  mpsim device reset --json`,
		Args: noArgs,
		RunE: b.do(func() int { return cmdDeviceReset(&asJSON, *b.env) }),
	}
	c.Flags().BoolVar(&asJSON, "json", false, `print {"file","removed"} as JSON`)
	return c
}

func (b *builder) deviceLPAErrorCmd() *cobra.Command {
	o := &lpaErrorOptions{}
	c := &cobra.Command{
		Use:   "lpa-error",
		Short: "Record a failed download: the next launch of its operator's portal carries X-MP-LPAError-*",
		Example: `  mpsim device lpa-error
  mpsim device lpa-error --code ServerNotReachable --iccid 8988247000100003319
  mpsim device lpa-error --operator "Fabrikam Telecom" --code CardBusy`,
		Args: noArgs,
	}
	c.RunE = b.do(func() int {
		o.iccidGiven = c.Flags().Changed("iccid")
		return cmdDeviceLPAError(o, *b.env)
	})
	c.Flags().StringVar(&o.code, "code", "ServerFailure", "ESimOperationStatus `NAME` of the failure (contract §1.4), case ignored (serverNotReachable is ServerNotReachable)")
	c.Flags().StringVar(&o.operator, "operator", "", "operator profile `NAME` whose profile failed to download: the next launch of its portal, and no other's, carries the error (default: Contoso Mobile)")
	c.Flags().StringVar(&o.iccid, "iccid", "", "`ICCID` of the failed download (default: a new one of the operator, not on the eSIM: a failed download installs nothing)")
	c.RegisterFlagCompletionFunc("code", completeLPAErrorCodes)
	c.RegisterFlagCompletionFunc("operator", completeOperators)
	return c
}

func (b *builder) deviceRemoveProfileCmd() *cobra.Command {
	var iccid string
	c := &cobra.Command{
		Use:     "remove-profile",
		Short:   "Remove one profile from the saved eSIM, as a user deleting it in Settings would",
		Example: `  mpsim device remove-profile --iccid 8988247000100003319`,
		Args:    noArgs,
		RunE:    b.do(func() int { return cmdDeviceRemoveProfile(iccid, *b.env) }),
	}
	c.Flags().StringVar(&iccid, "iccid", "", "`ICCID` of the profile to remove (mpsim device show lists them)")
	c.RegisterFlagCompletionFunc("iccid", completeProfileICCIDs)
	return c
}

func (b *builder) presetsCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "presets",
		GroupID: groupDevice,
		Short:   "List the launch presets with what a correct portal should do",
		Long: `List the launch presets, built in and from the presets file (--config), each
with the launch it makes and what a correct portal should do with it.`,
		Example: `  mpsim presets
  mpsim --config team.toml presets --json`,
		Args: noArgs,
		RunE: b.do(func() int { return cmdPresets(&asJSON, *b.env) }),
	}
	c.Flags().BoolVar(&asJSON, "json", false, `print {"file","presets":[…]} as JSON`)
	return c
}

func (b *builder) operatorsCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "operators",
		GroupID: groupDevice,
		Short:   "List the operator profiles (built-in Contoso Mobile and operators.toml)",
		Long: `List the operator profiles: the built-in Contoso Mobile and the [[operator]]
tables of operators.toml in the configuration directory, each with its ICCID
issuer range, SM-DP+ address, portal, notification hosts, markets, languages and
generation. Choose one with --operator NAME (url, run, test, device) or the
operator key of a preset or scenario. A bad profile is an error naming its
file and line.`,
		Example: `  mpsim operators
  mpsim operators --json
  mpsim run --operator "Fabrikam Telecom" --trust-cert fabrikam.pem`,
		Args: noArgs,
		RunE: b.do(func() int { return cmdOperators(asJSON, *b.env) }),
	}
	c.Flags().BoolVar(&asJSON, "json", false, `print {"file","operators":[…]} as JSON`)
	return c
}

func (b *builder) versionCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, build date and WebKitGTK API",
		Long: `Print the version, the commit and date it was built from (when built from a git
checkout), the WebKitGTK API version and the Go version. 'mpsim --version' prints the same line.`,
		GroupID: groupOther,
		Example: `  mpsim version
  mpsim version --json
  mpsim --version`,
		Args: noArgs,
		RunE: b.do(func() int {
			info := buildinfo.Read()
			if asJSON {
				return writeJSON(b.env.Stdout, info, *b.env)
			}
			fmt.Fprintln(b.env.Stdout, info.String())
			return ExitOK
		}),
	}
	c.Flags().BoolVar(&asJSON, "json", false, `print {"version","commit","buildDate","goVersion","webkitAPI"} as JSON`)
	return c
}

// shells are the shells `mpsim completion` writes scripts for.
var shells = []string{"bash", "zsh", "fish"}

func (b *builder) completionCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:     "completion bash|zsh|fish",
		GroupID: groupOther,
		Short:   "Print the shell completion script for bash, zsh or fish",
		Long: `Print the script that completes mpsim's commands, flags and flag values in
bash, zsh or fish: the presets (built in and of the presets file, --config),
the operator profiles (operators.toml), the saved eSIM's ICCIDs, the LPA error
codes and the other flags' fixed values. Load it in the current shell, or
install it once:

  bash: mpsim completion bash > ~/.local/share/bash-completion/completions/mpsim
  zsh:  mpsim completion zsh > "${fpath[1]}/_mpsim"   (with compinit enabled)
  fish: mpsim completion fish > ~/.config/fish/completions/mpsim.fish

The bash script needs the bash-completion package (Debian and Ubuntu: sudo
apt install bash-completion; most desktop installs have it, and an
interactive bash loads it): without it every Tab prints
"_get_comp_words_by_ref: command not found".`,
		Example: `  source <(mpsim completion bash)
  mpsim completion zsh > "${fpath[1]}/_mpsim"
  mpsim completion fish | source`,
		ValidArgs: shells,
		Args: func(c *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return usagef("name the shell: %s", strings.Join(shells, ", "))
			case len(args) > 1:
				return usagef("name one shell, not %d", len(args))
			}
			for _, s := range shells {
				if s == args[0] {
					return nil
				}
			}
			return usagef("mpsim has no completion for %q; use %s", args[0], strings.Join(shells, ", "))
		},
		RunE: func(c *cobra.Command, args []string) error {
			var err error
			// A script for the shell, kept as it is under any locale.
			w := termsafe.Raw(b.env.Stdout)
			switch args[0] {
			case "bash":
				err = root.GenBashCompletionV2(w, true)
			case "zsh":
				err = root.GenZshCompletion(w)
			case "fish":
				err = root.GenFishCompletion(w, true)
			}
			if err != nil {
				fmt.Fprintln(b.env.Stderr, "mpsim completion:", err)
				*b.code = ExitUsage
			}
			return nil
		},
	}
}

func (b *builder) portalCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "portal",
		Hidden:  true,
		Short:   "The portal window process (internal: the host starts it)",
		Example: `  mpsim portal   # started by mpsim itself; speaks its IPC on stdin and stdout`,
		Args:    noArgs,
		RunE: b.do(func() int {
			env := *b.env
			if env.PortalWindow == nil {
				fmt.Fprintln(env.Stderr, "mpsim portal: this build has no portal window")
				return ExitUsage
			}
			// The window's protocol, for the host process: never ASCII.
			if err := env.PortalWindow(env.Stdin, termsafe.Raw(env.Stdout)); err != nil {
				fmt.Fprintln(env.Stderr, "mpsim portal:", err)
				return ExitUsage
			}
			return ExitOK
		}),
	}
}

// helpCmd is `mpsim help [command|topic]`, with suggestions for a mistyped one.
func helpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command|environment]",
		Short: "Help about any command, or 'help environment' for the MPSIM_* variables",
		Example: `  mpsim help run
  mpsim help device lpa-error
  mpsim help environment`,
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var out []cobra.Completion
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
					if strings.HasPrefix(sub.Name(), toComplete) {
						out = append(out, sub.Name())
					}
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil {
				return err
			}
			if len(rest) > 0 {
				return unknownTopic(target, rest[0])
			}
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

func unknownTopic(parent *cobra.Command, name string) error {
	msg := fmt.Sprintf("no help for %q", name)
	parent.SuggestionsMinimumDistance = 2
	s := parent.SuggestionsFor(name)
	for _, c := range parent.Commands() { // help topics are not "available" to cobra
		if c.IsAdditionalHelpTopicCommand() && suggest.Distance(strings.ToLower(name), c.Name()) <= 2 {
			s = append(s, c.Name())
		}
	}
	if len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	} else {
		msg += "."
	}
	return usagef("%s Run 'mpsim help' for the list of commands and topics.", msg)
}

// environmentTopic is the help topic `mpsim help environment`.
func environmentTopic() *cobra.Command {
	c := &cobra.Command{
		Use:     "environment",
		Short:   "The MPSIM_* environment variables and the locale: what mpsim does with each",
		Example: `  mpsim help environment`,
	}
	c.SetHelpFunc(func(c *cobra.Command, _ []string) { writeEnvironment(c.OutOrStdout()) })
	return c
}

// writeEnvironment lists every MPSIM_* variable, then the locale
// variables (LC_ALL, LC_CTYPE, LANG, LC_MESSAGES, LANGUAGE) with what mpsim
// does with each, then the others it reads.
func writeEnvironment(w io.Writer) {
	fmt.Fprintln(w, `Environment variables

mpsim reads these once at start. They are for scripted demos, screenshots and
CI; flags are the interface for everything else. A bad value stops the host
window with a message naming the variable (other commands ignore the host
window's variables).`)
	used := ""
	for _, v := range settings.Vars() {
		if v.Used != used {
			used = v.Used
			fmt.Fprintf(w, "\nRead by %s:\n", used)
		}
		fmt.Fprintf(w, "  %s\n", v.Name)
		fmt.Fprintf(w, "      %s\n", v.Meaning)
		fmt.Fprintf(w, "      values:  %s\n", v.Values)
		fmt.Fprintf(w, "      default: %s\n", v.Default)
	}
	fmt.Fprintln(w, `
The locale (set by the system, read as the C library reads it):
  LC_ALL, LC_CTYPE, LANG
      the character set of the terminal: the first of them set to a value
      names the locale, and none set is the C locale. Unless its character
      set is UTF-8 (C.UTF-8, en_US.UTF-8), as under LANG=C or LANG=POSIX,
      the commands write their text on standard output and error in ASCII:
      — as --, ✓ as +, ✗ as x, § as s., … as ..., → as ->, and letters of
      other scripts (a plan name) escaped as \u0416. JSON (--json, the
      report on standard output) and the files they write (--report,
      --junit, --html, the history) stay UTF-8.
  LC_ALL, LC_MESSAGES, LANG
      the host window's language (Fyne reads the first of them set).
  LANGUAGE
      the host window's language list, read before LC_ALL, LC_MESSAGES and
      LANG unless the locale is C or POSIX; when Fyne cannot parse the locale
      (C.UTF-8, a locale CLDR does not know) the host window sets it for
      itself (en, or the entries of yours Fyne can read). It never changes
      the character set, and no locale variable changes the languages a
      session sends the portal: those are --lang's (or the preset's).

Also read: DISPLAY and WAYLAND_DISPLAY (where the windows open; 'mpsim run
--headless' starts a private Xvfb without them), and CI and TERM ('mpsim
test' draws its live status line on a terminal unless CI is set or TERM is
dumb).
Only the test suites read `+strings.Join(settings.TestOnly, ", ")+".")
}

// writeFiles prints the files in use, after the help of mpsim.
func writeFiles(w io.Writer, env Env) {
	fmt.Fprintln(w, "\nFiles ($"+workspace.ConfigDirEnv+" or the user configuration directory, ~/.config/mpsim):")
	dir, ro, err := workspace.ConfigDirToRead()
	if err != nil {
		fmt.Fprintln(w, "  configuration directory unavailable:", err)
		return
	}
	if ro != nil {
		fmt.Fprintf(w, "  (read only: %s)\n", ro.Reason())
	}
	presets, err := workspace.PresetsPath(dir, env.ConfigFile)
	if err != nil {
		fmt.Fprintln(w, "  presets file unavailable:", err)
		return
	}
	note := ""
	if _, err := os.Stat(presets); err != nil {
		if env.ConfigFile != "" {
			note = " (does not exist)"
		} else if ro != nil {
			note = " (does not exist: the built-in presets apply)"
		} else {
			note = " (created on first use; built-in presets until then)"
		}
	}
	fmt.Fprintf(w, "  presets: %s%s\n", presets, note)
	fmt.Fprintf(w, "  device:  %s\n", filepath.Join(dir, workspace.DeviceFileName))
}

// fixed completes a flag with one of values.
func fixed(values ...string) func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// enumCompletions completes the launch flags that take one of a few values,
// or a name of the presets or operators files.
func enumCompletions(c *cobra.Command) {
	c.RegisterFlagCompletionFunc("sim", fixed("esim", "psim", "none"))
	var gens []string
	for _, g := range simulator.Generations() {
		gens = append(gens, string(g))
	}
	c.RegisterFlagCompletionFunc("generation", fixed(gens...))
	c.RegisterFlagCompletionFunc("preset", completePresets)     // completion.go
	c.RegisterFlagCompletionFunc("operator", completeOperators) // completion.go
}
