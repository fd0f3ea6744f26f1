// Package cli is mpsim's command line: it parses the subcommands and their
// flags and runs them. The command names and flags are a contract that
// scripts and CI pipelines rely on; change them only by adding.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"mpsim/app/internal/workspace"
)

// Exit codes shared by the commands.
const (
	ExitOK       = 0 // pass / no error finding
	ExitFindings = 1 // verdict other than pass / an error finding
	ExitUsage    = 2 // could not run: bad flags, unreadable input, no display …
)

// Env is what a command may touch: its streams, environment and the two
// entry points that need the real binary (the host UI and the portal child).
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// HostUI opens the Fyne host window (mpsim with no arguments).
	HostUI func(env Env, args []string) int
	// PortalWindow runs the portal child (mpsim portal).
	PortalWindow func(in io.Reader, out io.Writer) error
	// ConfigFile is the presets file chosen with 'mpsim --config FILE'
	// before the command; empty means the default. Main sets it; the host
	// window should pass it to workspace.Open.
	ConfigFile string
}

// DefaultEnv returns an Env on the process's streams.
func DefaultEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

const usage = `mpsim — the simulated Windows Mobile Plans host for MO Direct portals.

Usage:
  mpsim [--config FILE]      open the host window (device, launch, portal, result)
  mpsim url [flags]          print the launch URL the host would open
                             (--preset NAME, --generation current|dynamo-2018|nov-2018,
                             --param NAME=VALUE, --json)
  mpsim validate [FILE|-]    check what a portal passed to DataMart.notifyPurchaseResult
  mpsim run [flags]          one unattended session with a JSON report (--preset NAME,
                             --activation-result, --registration-state, --clock-speed)
  mpsim device show|reset|generate [--seed N] [--sim esim|psim|none] [--json]
                             the saved simulated device: show it with a validity mark
                             per identifier, delete it, or generate a new one
  mpsim device lpa-error [--code NAME] [--iccid ICCID]
                             record a failed download: the next launch carries X-MP-LPAError-*
  mpsim presets [--json]     list the launch presets with what a correct portal should do
  mpsim demo-portal [--addr 127.0.0.1:PORT] [--demo-api legacy|inline]
                             serve the built-in demo operator portal alone
  mpsim help                 this text

'mpsim --config FILE COMMAND …' (or COMMAND --config FILE) reads presets from FILE.
Run 'mpsim COMMAND -h' for a command's flags. Exit codes: 0 pass, 1 findings or
another verdict, 2 could not run.
`

// writeUsage prints the usage with the files in use.
func writeUsage(w io.Writer, env Env) {
	fmt.Fprint(w, usage)
	fmt.Fprintln(w, "\nFiles ($"+workspace.ConfigDirEnv+" or the user configuration directory, ~/.config/mpsim):")
	dir, err := workspace.ConfigDir()
	if err != nil {
		fmt.Fprintln(w, "  configuration directory unavailable:", err)
		return
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
		} else {
			note = " (created on first use; built-in presets until then)"
		}
	}
	fmt.Fprintf(w, "  presets: %s%s\n", presets, note)
	fmt.Fprintf(w, "  device:  %s\n", filepath.Join(dir, workspace.DeviceFileName))
}

// globalConfig takes a leading "--config FILE" (or --config=FILE) off args.
func globalConfig(args []string) (config string, rest []string, err error) {
	for len(args) > 0 {
		a := args[0]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			break
		}
		if hasValue {
			config, args = value, args[1:]
			continue
		}
		if len(args) < 2 {
			return "", nil, errors.New("--config needs a FILE")
		}
		config, args = args[1], args[2:]
	}
	return config, args, nil
}

// Main runs mpsim with args (without the program name) and returns the exit code.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	config, args, err := globalConfig(args)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim:", err)
		return ExitUsage
	}
	if config != "" {
		env.ConfigFile = config
	}
	if len(args) == 0 {
		if env.HostUI == nil {
			fmt.Fprintln(env.Stderr, "mpsim: this build has no host window")
			return ExitUsage
		}
		return env.HostUI(env, nil)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		writeUsage(env.Stdout, env)
		return ExitOK
	case "url":
		return cmdURL(rest, env)
	case "validate":
		return cmdValidate(rest, env)
	case "run":
		return cmdRun(rest, env)
	case "device":
		return cmdDevice(rest, env)
	case "presets":
		return cmdPresets(rest, env)
	case "demo-portal":
		return cmdDemoPortal(rest, env)
	case "portal":
		if env.PortalWindow == nil {
			fmt.Fprintln(env.Stderr, "mpsim portal: this build has no portal window")
			return ExitUsage
		}
		if err := env.PortalWindow(env.Stdin, env.Stdout); err != nil {
			fmt.Fprintln(env.Stderr, "mpsim portal:", err)
			return ExitUsage
		}
		return ExitOK
	case "ui", "host":
		if env.HostUI == nil {
			fmt.Fprintln(env.Stderr, "mpsim: this build has no host window")
			return ExitUsage
		}
		return env.HostUI(env, rest)
	}
	if strings.HasPrefix(cmd, "-") {
		if env.HostUI != nil {
			return env.HostUI(env, args)
		}
	}
	fmt.Fprintf(env.Stderr, "mpsim: unknown command %q\n\n", cmd)
	writeUsage(env.Stderr, env)
	return ExitUsage
}

// parseInterspersed parses flags that may come before or after positional
// arguments ("validate FILE --json") and returns the positionals.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlagSet returns a FlagSet that reports errors on env.Stderr.
func newFlagSet(name, synopsis string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: mpsim %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// flagExit maps a flag parsing error to an exit code (help is not an error).
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitUsage
}
