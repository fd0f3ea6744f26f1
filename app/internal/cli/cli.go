// Package cli is mpsim's command line: it parses the subcommands and their
// flags and runs them. The command names, flags and exit codes are a
// contract that scripts and CI pipelines rely on; change them only by adding.
//
// The parsing is spf13/cobra (with spf13/pflag) rather than alecthomas/kong
// or the standard flag package: cobra generates bash, zsh and fish
// completion, suggests the command a user probably meant ("did you mean"),
// groups commands in the help, and is what most Go command lines use
// (kubectl, gh, hugo), so its conventions are the ones users already know.
// Kong's struct tags would be shorter, but it has no completion of its own.
//
// The files are split so that a command's flags (root.go, one newXxxCmd per
// command) stay apart from what the command does once they are parsed
// (cmdURL, cmdRun … in commands.go, device.go, presets.go).
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"mpsim/app/internal/settings"
	"mpsim/app/internal/termsafe"
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
	// (before or after the command); empty means the default. Main sets it;
	// the host window should pass it to workspace.Open.
	ConfigFile string
	// Settings are the MPSIM_* environment variables, read once by Main
	// (see 'mpsim help environment'). The host window takes its values
	// from here rather than from Getenv.
	Settings settings.Settings
	// HostLaunch is what 'mpsim ui' puts in the host window's launch form
	// (--portal, --trust-cert), checked before the window opens.
	HostLaunch HostLaunch
}

// HostLaunch prefills the host window's launch form: a developer's own
// portal and the certificate to pin for it, so that Open portal opens it.
type HostLaunch struct {
	PortalURL string // empty: the built-in demo portal
	TrustCert string // a PEM file; empty: none
}

// DefaultEnv returns an Env on the process's streams.
func DefaultEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// Main runs mpsim with args (without the program name) and returns the exit code.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	// Under a locale whose character set is not UTF-8 (LANG=C, an unset
	// locale) the text on the terminal is ASCII: — as --, ✓ as +, a plan
	// name in another script escaped. JSON and the other machine-readable
	// outputs go to termsafe.Raw(env.Stdout) and stay UTF-8, as files do.
	if !termsafe.UTF8Locale(env.Getenv) {
		env.Stdout, env.Stderr = termsafe.NewASCIIWriter(env.Stdout), termsafe.NewASCIIWriter(env.Stderr)
	}
	var settingsErr error
	env.Settings, settingsErr = settings.Read(env.Getenv)
	code := ExitOK
	root := newRoot(&args, &env, settingsErr, &code)
	args = normalizeArgs(root, args)
	root.SetArgs(args)
	if cmd, err := root.ExecuteC(); err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			return ex.code
		}
		fmt.Fprintln(env.Stderr, sentence(cmd, err))
		return ExitUsage
	}
	return code
}

// exitError ends a command with a code after it printed its own message.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }
