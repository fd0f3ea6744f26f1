// Package settings reads mpsim's MPSIM_* environment variables once, checks
// them, and describes each one for 'mpsim help environment' and the README.
//
// The variables serve scripted demos, screenshots and CI: the host window
// reads most of them; MPSIM_CONFIG_DIR moves the configuration directory of
// every command. Command-line flags are the interface for everything else.
package settings

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"mpsim/simulator/demoportal"
)

// The variable names.
const (
	ConfigDir   = "MPSIM_CONFIG_DIR"
	AutoOpen    = "MPSIM_AUTOOPEN"
	DemoChoice  = "MPSIM_DEMO_CHOICE"
	DemoAPI     = "MPSIM_DEMO_API"
	DemoBreak   = "MPSIM_DEMO_BREAK"
	Presenter   = "MPSIM_PRESENTER"
	Theme       = "MPSIM_THEME"
	Preset      = "MPSIM_PRESET"
	Tab         = "MPSIM_TAB"
	Scenario    = "MPSIM_SCENARIO"
	Warm        = "MPSIM_WARM"
	Inspect     = "MPSIM_INSPECT"
	PortalAt    = "MPSIM_PORTAL_AT"
	Compositing = "MPSIM_COMPOSITING"
	Fontconfig  = "MPSIM_FONTCONFIG"
	Verbose     = "MPSIM_VERBOSE"
	Bin         = "MPSIM_BIN"
	LintCache   = "MPSIM_LINT_CACHE"
	// CheckRunTimeout is read by scripts/containerfile-check.sh.
	CheckRunTimeout = "MPSIM_CHECK_RUN_TIMEOUT"
	// GoDLPort is read by scripts/containerfile-podman.sh.
	GoDLPort    = "MPSIM_GO_DL_PORT"
	HistoryDir  = "MPSIM_HISTORY_DIR"
	HistoryKeep = "MPSIM_HISTORY_KEEP"
)

// TestOnly are the MPSIM_* variables only the test suites read.
var TestOnly = []string{"MPSIM_TEST_MAIN", "MPSIM_HISTORY_WRITER", "MPSIM_STORE_WRITER", "MPSIM_WORKSPACE_WORKER", "MPSIM_UPDATE_FINDINGS_DOC",
	"MPSIM_TEST_NOTIFY_ONCE_CHILD", "MPSIM_TEST_HOLD_SCREENSHOT_DIR", "MPSIM_TEST_RUN_AS_MPSIM", "MPSIM_TEST_FILELOCK_HOLDER"}

// Tabs are the host window's tabs MPSIM_TAB may name.
var Tabs = []string{"Launch", "Device", "Result", "Scenario", "eSIM lifecycle", "Policies", "History", "Log", "Console", "Network", "Screenshots"}

// Var describes one environment variable.
type Var struct {
	Name    string
	Used    string // who reads it: "all commands", "the host window", "scripts"
	Meaning string
	Values  string // the allowed values
	Default string
}

// Vars lists every MPSIM_* variable a user may set, in the order 'mpsim help
// environment' shows them.
func Vars() []Var {
	return []Var{
		{ConfigDir, "all commands", "the configuration directory: the presets file, the saved device, the demo portal's certificate and the host window's choices (host-prefs.json: Dark, Portal inside the host; fyne-preferences.json: Fyne's own, such as the file dialog's last folder)",
			absoluteDir, "the user configuration directory, ~/.config/mpsim"},
		{HistoryDir, "all commands", "the history directory: every session of the host window, 'mpsim run' and 'mpsim test' is saved there",
			absoluteDir, "$MPSIM_CONFIG_DIR/history when that is set, else $XDG_DATA_HOME/mpsim/history (~/.local/share/mpsim/history)"},
		{HistoryKeep, "all commands", "how many sessions the history keeps: the oldest go first, those dated in the future (a clock that ran ahead) before them, never the one just saved; 0 saves none",
			"a whole number, 0 or more", "200"},
		{AutoOpen, "the host window", "open the portal this many times in a row once the window shows (1: once), for scripted demos",
			"a whole number, 0 or more", "0: wait for Open portal"},
		{DemoChoice, "the host window", "make the built-in demo portal complete on its own, like 'mpsim run --demo-choice'",
			strings.Join(demoportal.AutoChoices()[1:], ", "), "empty: the demo portal waits for you"},
		{DemoAPI, "the host window", "the demo operator's hand-back API, like 'mpsim run --demo-api'",
			strings.Join(demoportal.APIs(), ", "), "legacy (DataMart.notifyPurchaseResult)"},
		{DemoBreak, "the host window", "make the built-in demo portal break each design policy a machine checks, like 'mpsim run --demo-break-policies'",
			"1 or 0", "0"},
		{Presenter, "the host window", "start in presenter mode, the view for stakeholder demos (Ctrl+P in the window)", "1 or 0", "0"},
		{Theme, "the host window", "the window's theme", "dark, light", "the last choice of Dark in the window, else the desktop's colour scheme, else light"},
		{Preset, "the host window", "the launch preset to preselect (see 'mpsim presets')", "a preset name", "none"},
		{Tab, "the host window", "the tab to show at start and after each session", strings.Join(Tabs, ", "), "Launch"},
		{Scenario, "the host window", "a scenario file to open in the Scenario tab at start (its first cell picked); MPSIM_AUTOOPEN then runs that cell, with its steps, instead of the form's launch",
			"a path to a scenario TOML file", "none"},
		{Warm, "the host window, mpsim test", "keep a portal window process started and idle between sessions, its view made and WebKit's web process started, so Open portal only loads the page (costs about 180 MB while idle, see docs/performance.md); each 'mpsim test' worker's window process serves its cells one after another",
			"1 or 0", "1"},
		{Inspect, "the host window", "after a session, select the first bridge call so the inspector shows it", "1 or 0", "0"},
		{PortalAt, "the host window", "where the portal window opens on the screen", "X,Y in pixels, like 40,60", "over the host window"},
		{Compositing, "the host window", "WebKit GL compositing in the portal window, like 'mpsim run --compositing'", "on, off, auto", "auto: on only where /dev/dri exists"},
		{Fontconfig, "the portal window", "the fontconfig configuration WebKit gets: the system's as it is (system), or the same without the conf.d files that cannot change which installed font a page gets, checked against the system's before use, so that a portal naming fonts the machine lacks paints sooner; left alone when FONTCONFIG_FILE or FONTCONFIG_PATH is set",
			"system, pruned", "pruned"},
		{Verbose, "the host window", "copy the portal window's console and WebKit messages to standard error, like 'mpsim run --verbose'", "1 or 0", "0"},
		{Bin, "scripts", "the mpsim binary scripts/screenshot.sh, bench.sh and portal-shots.sh run", "a path", "bin/mpsim (portal-shots.sh: built into a temporary directory)"},
		{LintCache, "scripts", "where scripts/lint.sh (make lint) keeps the vulnerability database it builds", "a directory", "$XDG_CACHE_HOME/mpsim-lint (~/.cache/mpsim-lint)"},
		{CheckRunTimeout, "scripts", "how long scripts/containerfile-check.sh lets each run of the built image take", "seconds", "1800"},
		{GoDLPort, "scripts", "the loopback port on which scripts/containerfile-podman.sh --local-go serves the host's Go to the image's build", "a port", "18780"},
	}
}

// absoluteDir is what MPSIM_CONFIG_DIR and MPSIM_HISTORY_DIR take.
const absoluteDir = "an absolute directory path; a relative one is refused, as it would name another directory in each current directory"

// AbsDir checks the directory path value of the variable name: it must be
// absolute. A relative one would name another directory from each current
// directory (another device, presets and history in each), so it is
// refused with an error that gives the absolute path it names from here,
// rather than resolved without a word. "" is no error (the default
// applies).
func AbsDir(name, value string) error {
	if value == "" || filepath.IsAbs(value) {
		return nil
	}
	hint := ""
	switch trimmed := strings.TrimSpace(value); {
	case trimmed != value && filepath.IsAbs(trimmed):
		// " /abs" (a stray space in a shell or an .env file): the path
		// meant, not the current directory joined to it.
		hint = fmt.Sprintf(" (it starts or ends with white space: %s=%s)", name, trimmed)
	case strings.HasPrefix(value, "~"):
		hint = " (a ~ is expanded by a shell only where it starts a word: write $HOME)"
	default:
		abs, err := filepath.Abs(value)
		if err != nil {
			break
		}
		hint = fmt.Sprintf(" (from here: %s=%s)", name, abs)
	}
	return fmt.Errorf("%s=%q is a relative path, which would name another directory in each current directory: give an absolute path%s", name, value, hint)
}

// Point is a position on the screen.
type Point struct{ X, Y float32 }

// Settings are the checked values of the variables.
type Settings struct {
	// ConfigDir is MPSIM_CONFIG_DIR as given; workspace.ConfigDir reads it
	// itself and applies the default.
	ConfigDir   string
	AutoOpen    int // sessions to open in a row
	DemoChoice  string
	DemoAPI     string
	DemoBreak   bool // the demo portal breaks the design policies
	Presenter   bool
	Theme       string // "dark", "light" or "" (the last choice, else the desktop's, else light)
	Preset      string
	Tab         string // one of Tabs or ""
	Scenario    string // a scenario file to open at start, or ""
	NoWarm      bool   // MPSIM_WARM=0: no idle portal process
	Inspect     bool
	PortalAt    *Point // nil: the default place
	Compositing string // "on", "off", "auto" or "" (auto)
	Fontconfig  string // "system", "pruned" or "" (pruned); the window process reads it itself
	Verbose     bool
	// HistoryDir is MPSIM_HISTORY_DIR as given; history.Dir applies the
	// default.
	HistoryDir string
	// HistoryKeep is MPSIM_HISTORY_KEEP; nil when unset (the default).
	HistoryKeep *int
}

// Read reads the variables with getenv. Every bad value is reported, each
// as a sentence naming the variable; the other fields are still filled.
func Read(getenv func(string) string) (Settings, error) {
	var s Settings
	var errs []error
	bad := func(name, value, want string) {
		errs = append(errs, fmt.Errorf("%s=%q: %s", name, value, want))
	}
	s.ConfigDir = getenv(ConfigDir)
	s.HistoryDir = getenv(HistoryDir)
	for _, name := range []string{ConfigDir, HistoryDir} {
		if err := AbsDir(name, getenv(name)); err != nil {
			errs = append(errs, err)
		}
	}
	s.HistoryKeep = readKeep(getenv, bad)
	s.AutoOpen = readAutoOpen(getenv, bad)
	s.DemoChoice = readChoice(getenv, DemoChoice, demoportal.AutoChoices(), false,
		"use one of "+strings.Join(demoportal.AutoChoices()[1:], ", "), bad)
	s.DemoAPI = readChoice(getenv, DemoAPI, demoportal.APIs(), false,
		"use one of "+strings.Join(demoportal.APIs(), ", "), bad)
	s.DemoBreak = readBool(getenv, DemoBreak, bad)
	s.Presenter = readBool(getenv, Presenter, bad)
	s.Inspect = readBool(getenv, Inspect, bad)
	s.Verbose = readBool(getenv, Verbose, bad)
	s.Theme = readChoice(getenv, Theme, []string{"dark", "light"}, true,
		"use dark or light, or leave it unset for the system's theme", bad)
	s.Preset = getenv(Preset)
	s.Scenario = getenv(Scenario)
	s.NoWarm = getenv(Warm) != "" && !readBool(getenv, Warm, bad)
	s.Tab = readChoice(getenv, Tab, Tabs, true, "use one of "+strings.Join(Tabs, ", "), bad)
	s.PortalAt = readPortalAt(getenv, bad)
	s.Compositing = readChoice(getenv, Compositing, []string{"on", "off", "auto"}, true, "use on, off or auto", bad)
	s.Fontconfig = readChoice(getenv, Fontconfig, []string{"system", "pruned"}, true, "use system or pruned", bad)
	return s, errors.Join(errs...)
}

// readAutoOpen reads AutoOpen, a count of sessions (0 when unset or bad).
func readAutoOpen(getenv func(string) string, bad func(name, value, want string)) int {
	v := strings.TrimSpace(getenv(AutoOpen))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		bad(AutoOpen, v, "give how many sessions to open when the window shows, like 1, or leave it unset")
		return 0
	}
	return n
}

// readKeep reads HistoryKeep, a count of sessions (nil when unset or bad).
func readKeep(getenv func(string) string, bad func(name, value, want string)) *int {
	v := strings.TrimSpace(getenv(HistoryKeep))
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		bad(HistoryKeep, v, "give how many sessions the history keeps, like 200 (0 keeps none), or leave it unset")
		return nil
	}
	return &n
}

// readChoice reads variable name, which must be one of choices (in any
// case when fold is true), and returns the choice as spelled in choices;
// "" when it is unset or bad (reported with want).
func readChoice(getenv func(string) string, name string, choices []string, fold bool, want string, bad func(name, value, want string)) string {
	v := getenv(name)
	if v == "" {
		return ""
	}
	i := slices.IndexFunc(choices, func(c string) bool { return c == v || fold && strings.EqualFold(c, v) })
	if i < 0 {
		bad(name, v, want)
		return ""
	}
	return choices[i]
}

// readPortalAt reads PortalAt, "X,Y" in pixels (nil when unset or bad).
func readPortalAt(getenv func(string) string, bad func(name, value, want string)) *Point {
	v := getenv(PortalAt)
	if v == "" {
		return nil
	}
	xs, ys, ok := strings.Cut(v, ",")
	x, errX := strconv.ParseFloat(strings.TrimSpace(xs), 32)
	y, errY := strconv.ParseFloat(strings.TrimSpace(ys), 32)
	if !ok || errX != nil || errY != nil {
		bad(PortalAt, v, "give the position as X,Y in pixels, like 40,60")
		return nil
	}
	return &Point{X: float32(x), Y: float32(y)}
}

// readBool reads a 1/0 switch; true, yes and on (and their opposites) are
// accepted too.
func readBool(getenv func(string) string, name string, bad func(name, value, want string)) bool {
	v := strings.TrimSpace(getenv(name))
	switch strings.ToLower(v) {
	case "", "0", "false", "no", "off":
		return false
	case "1", "true", "yes", "on":
		return true
	}
	bad(name, v, "use 1 to turn it on or 0 to turn it off")
	return false
}
