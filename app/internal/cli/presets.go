package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// presetEntry is one preset as `mpsim presets --json` prints it.
type presetEntry struct {
	simulator.Preset
	// Source is "built-in" or "file" (defined or replaced in the presets file).
	Source string `json:"source"`
	// country is what the launch sends for a market or location the preset
	// leaves unset: its operator's first market, else the host's default
	// (US); "" when its operator is unknown.
	country string
}

// presetsOutput is what `mpsim presets --json` prints.
type presetsOutput struct {
	File    string        `json:"file"`
	Presets []presetEntry `json:"presets"`
}

func cmdPresets(asJSON *bool, env Env) int {
	st := stateFlags{config: env.ConfigFile}
	dir, ro, err := workspace.ConfigDirToRead()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim presets:", err)
		return ExitUsage
	}
	path, err := workspace.PresetsPath(dir, st.config)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim presets:", err)
		return ExitUsage
	}
	load := workspace.LoadPresets // creates the default file on first use
	if ro != nil {
		// The presets file cannot be created or changed there.
		load = func(path string, create bool) ([]simulator.Preset, error) {
			return workspace.ReadPresets(path, !create)
		}
	}
	ps, err := load(path, st.config == "")
	if err != nil {
		// One message: why the file cannot be read says what to do. The
		// command names the file's kind already ("mpsim presets:"), so
		// its error does not say it again ("presets: FILE:LINE: …").
		fmt.Fprintln(env.Stderr, "mpsim presets:", strings.TrimPrefix(err.Error(), "presets: "))
		return ExitUsage
	}
	if ro != nil {
		fmt.Fprintln(env.Stderr, "mpsim presets: warning:", termsafe.Line(ro.Warning()))
	}
	// The operators file only says what an unset market or location
	// sends; when it cannot be read, the built-in operator still can.
	ops, err := workspace.LoadOperators(filepath.Join(dir, workspace.OperatorsFileName))
	if err != nil {
		ops = simulator.BuiltinOperators()
	}
	out := presetsOutput{File: path, Presets: make([]presetEntry, 0, len(ps))}
	for _, p := range ps {
		src := "file"
		if workspace.IsBuiltinPreset(p) {
			src = "built-in"
		}
		out.Presets = append(out.Presets, presetEntry{Preset: p, Source: src, country: defaultCountry(ops, p.Operator)})
	}
	if *asJSON {
		return writeJSON(env.Stdout, out, env)
	}
	printPresets(env.Stdout, out)
	return ExitOK
}

func printPresets(w io.Writer, out presetsOutput) {
	fmt.Fprintf(w, "presets file: %s\n", out.File)
	fmt.Fprintln(w, "Use one with 'mpsim url --preset NAME' or 'mpsim run --preset NAME'; explicit flags override it.")
	for _, e := range out.Presets {
		p := e.Preset
		var what []string
		if p.SIM != "" {
			what = append(what, "sim "+string(p.SIM))
		}
		if p.Market != "" || p.Location != "" {
			what = append(what, marketLocation(p, e.country))
		}
		if len(p.Languages) > 0 {
			what = append(what, "lang "+strings.Join(p.Languages, ","))
		}
		if p.Generation != "" {
			what = append(what, "generation "+string(p.Generation))
		}
		for _, x := range p.Extra {
			what = append(what, "param "+x.Name+"="+x.Value)
		}
		if p.ExistingCustomer {
			what = append(what, "existing customer")
		}
		if p.NewCustomer {
			what = append(what, "new customer")
		}
		what = append(what, p.Mutations...)
		if e.Source != "built-in" {
			what = append(what, "from the presets file")
		}
		fmt.Fprintf(w, "\n%s\n", p.Name)
		if len(what) > 0 {
			fmt.Fprintf(w, "  launch:  %s\n", strings.Join(what, "; "))
		}
		if p.Description != "" {
			fmt.Fprintf(w, "  what:    %s\n", p.Description)
		}
		if p.Expect != "" {
			fmt.Fprintf(w, "  expect:  %s\n", p.Expect)
		}
	}
}

// defaultCountry is what a launch sends for the market or location a
// preset naming operator (or none: the built-in one) leaves unset: the
// operator's first market, else the host's default; "" when ops has no
// such operator.
func defaultCountry(ops []simulator.Operator, operator string) string {
	if operator == "" {
		operator = simulator.DemoOperatorName
	}
	op, err := simulator.FindOperator(ops, operator)
	switch {
	case err != nil:
		return ""
	case len(op.Markets) > 0:
		return op.Markets[0]
	}
	return workspace.DefaultMarket
}

// marketLocation says which market and location the launch of p sends: a
// value p leaves unset is the operator's default (country), and says so,
// rather than being printed empty.
func marketLocation(p simulator.Preset, country string) string {
	sent := func(v string) string {
		switch {
		case v != "":
			return termsafe.Line(v)
		case country != "":
			return country + " (the operator's default)"
		}
		return "the operator's default"
	}
	return "market " + sent(p.Market) + ", location " + sent(p.Location)
}
