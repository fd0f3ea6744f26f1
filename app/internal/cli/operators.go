package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"

	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// operatorEntry is one operator profile as `mpsim operators --json` prints it.
type operatorEntry struct {
	simulator.Operator
	// Source is "built-in" or "file" (defined or replaced in the operators file).
	Source string `json:"source"`
}

// operatorsOutput is what `mpsim operators --json` prints.
type operatorsOutput struct {
	File      string          `json:"file"`
	Operators []operatorEntry `json:"operators"`
}

func cmdOperators(asJSON bool, env Env) int {
	// The operators file is only read: on a directory that cannot be
	// written the command warns once, as the other commands that read it
	// do (url, presets, device show), and goes on.
	dir, ro, err := workspace.ConfigDirToRead()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim operators:", err)
		return ExitUsage
	}
	path := filepath.Join(dir, workspace.OperatorsFileName)
	ops, err := workspace.LoadOperators(path)
	if err != nil {
		// "mpsim operators: FILE:LINE: …", not "operators: operators: …".
		fmt.Fprintln(env.Stderr, "mpsim operators:", strings.TrimPrefix(err.Error(), "operators: "))
		return ExitUsage
	}
	if ro != nil {
		fmt.Fprintln(env.Stderr, "mpsim operators: warning:", termsafe.Line(ro.Warning()))
	}
	out := operatorsOutput{File: path, Operators: make([]operatorEntry, 0, len(ops))}
	builtin := simulator.DemoOperator()
	for _, o := range ops {
		src := "file"
		if reflect.DeepEqual(o, builtin) {
			src = "built-in"
		}
		out.Operators = append(out.Operators, operatorEntry{Operator: o, Source: src})
	}
	if asJSON {
		return writeJSON(env.Stdout, out, env)
	}
	printOperators(env.Stdout, out)
	return ExitOK
}

func printOperators(w io.Writer, out operatorsOutput) {
	fmt.Fprintf(w, "operators file: %s\n", out.File)
	fmt.Fprintln(w, "Use one with --operator NAME (url, run, test, device) or operator = \"NAME\" in a preset or scenario.")
	for _, e := range out.Operators {
		o := e.Operator
		fmt.Fprintf(w, "\n%s (%s)\n", o.Name, e.Source)
		var ranges []string
		for _, r := range o.Ranges() {
			ranges = append(ranges, r.Start+".."+r.End)
		}
		row := func(label, v string) {
			if v != "" {
				fmt.Fprintf(w, "  %-13s %s\n", label+":", v)
			}
		}
		row("ICCID prefix", o.ICCIDPrefix)
		row("ICCID ranges", strings.Join(ranges, ", "))
		row("SM-DP+", o.SMDPAddress)
		portal := o.PortalURL
		if portal == "" {
			portal = "the built-in demo portal"
		}
		row("portal", portal)
		row("notify hosts", strings.Join(o.NotifyHosts, ", "))
		row("allowed hosts", strings.Join(o.AllowedHosts, ", "))
		row("markets", strings.Join(o.Markets, ", "))
		row("languages", strings.Join(o.Languages, ", "))
		row("generation", string(o.Generation))
	}
}
