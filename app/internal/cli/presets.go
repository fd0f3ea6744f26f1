package cli

import (
	"fmt"
	"io"
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
		// One message: why the file cannot be read says what to do.
		fmt.Fprintln(env.Stderr, "mpsim presets:", err)
		return ExitUsage
	}
	if ro != nil {
		fmt.Fprintln(env.Stderr, "mpsim presets: warning:", termsafe.Line(ro.Warning()))
	}
	out := presetsOutput{File: path, Presets: make([]presetEntry, 0, len(ps))}
	for _, p := range ps {
		src := "file"
		if workspace.IsBuiltinPreset(p) {
			src = "built-in"
		}
		out.Presets = append(out.Presets, presetEntry{Preset: p, Source: src})
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
			what = append(what, "market "+p.Market+", location "+p.Location)
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
