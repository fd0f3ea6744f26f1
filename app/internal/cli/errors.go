package cli

import (
	"errors"
	"fmt"
	"mpsim/app/internal/suggest"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageError is a mistake on the command line, already a sentence for
// people; Main prints it after the command's name and exits with ExitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// valueProblem is what a flag value of ours says about a bad value: the end
// of a sentence that starts with the flag and the value.
type valueProblem string

func (p valueProblem) Error() string { return string(p) }

// sentence turns an error from parsing into one message for people, naming
// the command: no pflag or strconv wording reaches the user.
func sentence(cmd *cobra.Command, err error) string {
	prefix := "mpsim:"
	if cmd != nil {
		prefix = cmd.CommandPath() + ":"
	}
	return prefix + " " + explain(cmd, err)
}

func explain(cmd *cobra.Command, err error) string {
	var (
		ue       usageError
		notExist *pflag.NotExistError
		required *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	help := "mpsim --help"
	if cmd != nil {
		help = cmd.CommandPath() + " --help"
	}
	switch {
	case errors.As(err, &ue):
		return ue.msg
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		if short := notExist.GetSpecifiedShortnames(); short != "" {
			in := ""
			if short != name {
				in = " (in -" + short + ")"
			}
			return fmt.Sprintf("unknown flag -%s%s; flags are spelled out, like --json. Run '%s' to see them.", name, in, help)
		}
		msg := fmt.Sprintf("unknown flag --%s", name)
		if s := suggestFlag(cmd, name); s != "" {
			msg += fmt.Sprintf("; did you mean --%s?", s)
		} else {
			msg += "."
		}
		return msg + fmt.Sprintf(" Run '%s' to see the flags.", help)
	case errors.As(err, &required):
		f := required.GetFlag()
		what, _ := pflag.UnquoteUsage(f)
		return fmt.Sprintf("--%s needs a %s", f.Name, what)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		var p valueProblem
		if errors.As(invalid, &p) {
			return fmt.Sprintf("--%s %q %s", f.Name, invalid.GetValue(), p)
		}
		if f.Value.Type() == "bool" {
			return fmt.Sprintf("--%s %q: write --%s alone to turn it on, or --%s=false", f.Name, invalid.GetValue(), f.Name, f.Name)
		}
		return fmt.Sprintf("--%s %q is not a valid value. Run '%s' to see what it takes.", f.Name, invalid.GetValue(), help)
	case errors.As(err, &syntax):
		return fmt.Sprintf("%q is not a flag; flags look like --json or --config=FILE", strings.TrimPrefix(err.Error(), "bad flag syntax: "))
	}
	return err.Error()
}

// suggestFlag returns the flag of cmd closest to name, or "".
func suggestFlag(cmd *cobra.Command, name string) string {
	if cmd == nil {
		return ""
	}
	best, bestDist := "", 3
	try := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := suggest.Distance(strings.ToLower(name), f.Name)
		if strings.HasPrefix(f.Name, name) && len(name) >= 3 {
			d = 1
		}
		if d < bestDist {
			best, bestDist = f.Name, d
		}
	}
	cmd.Flags().VisitAll(try)
	cmd.InheritedFlags().VisitAll(try)
	return best
}

// unknownCommand is the error for a command name cobra does not know, with
// the commands it probably meant.
func unknownCommand(cmd *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if cmd.HasParent() {
		msg = fmt.Sprintf("unknown subcommand %q", name)
	}
	cmd.SuggestionsMinimumDistance = 2
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
		if len(s) > 1 {
			msg = strings.TrimSuffix(msg, "?") + fmt.Sprintf(" or %q?", s[1])
		}
	} else {
		msg += "."
	}
	return usagef("%s Run '%s --help' for the list of commands.", msg, cmd.CommandPath())
}

// noArgs refuses positional arguments for a command that takes none.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q; this command takes only flags (see '%s --help')", args[0], cmd.CommandPath())
	}
	return nil
}

// normalizeArgs keeps the single-dash long flags the standard flag package
// accepted (-json, -config FILE, -timeout=2m) working: a single-dash word
// naming a long flag of the command being parsed becomes --word. Anything
// else (values, "-" for standard input, negative numbers) is left alone.
func normalizeArgs(root *cobra.Command, args []string) []string {
	out := make([]string, 0, len(args))
	cmd := root
	for i := 0; i < len(args); i++ {
		a := args[i]
		var f *pflag.Flag
		var hasValue bool
		switch {
		case a == "--":
			return append(out, args[i:]...)
		case strings.HasPrefix(a, "--"):
			out = append(out, a)
			f, hasValue = flagOf(cmd, a[2:])
		case strings.HasPrefix(a, "-") && len(a) > 2:
			var name string
			name, _, hasValue = strings.Cut(a[1:], "=")
			f = lookupFlag(cmd, name)
			if f == nil && name != "help" {
				out = append(out, a)
				continue
			}
			out = append(out, "-"+a)
		default:
			out = append(out, a)
			cmd = subcommandNamed(cmd, a)
		}
		if takesNextArg(f, hasValue) && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	return out
}

// flagOf looks up the long flag of cmd that word (a flag without its
// dashes, maybe with "=VALUE") names, and reports whether word holds the
// value.
func flagOf(cmd *cobra.Command, word string) (*pflag.Flag, bool) {
	name, _, hasValue := strings.Cut(word, "=")
	return lookupFlag(cmd, name), hasValue
}

// takesNextArg reports whether flag f (nil: no known flag), given without
// "=VALUE" when hasValue is false, takes the next argument as its value.
func takesNextArg(f *pflag.Flag, hasValue bool) bool {
	return f != nil && !hasValue && f.NoOptDefVal == ""
}

// subcommandNamed returns the subcommand of cmd that the positional
// argument a names (by name or alias), or cmd itself when a names none or
// is a flag.
func subcommandNamed(cmd *cobra.Command, a string) *cobra.Command {
	if strings.HasPrefix(a, "-") {
		return cmd
	}
	for _, c := range cmd.Commands() {
		if c.Name() == a || c.HasAlias(a) {
			return c
		}
	}
	return cmd
}

// lookupFlag finds a long flag of cmd or of its parents' persistent flags.
func lookupFlag(cmd *cobra.Command, name string) *pflag.Flag {
	if name == "version" && cmd.Root().Version != "" && !cmd.HasParent() {
		return &pflag.Flag{Name: "version", NoOptDefVal: "true"}
	}
	if f := cmd.Flags().Lookup(name); f != nil {
		return f
	}
	for c := cmd; c != nil; c = c.Parent() {
		if f := c.PersistentFlags().Lookup(name); f != nil {
			return f
		}
	}
	return nil
}
