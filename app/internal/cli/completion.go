package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"mpsim/app/internal/settings"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// The shell completion of the flags whose values are names in the user's
// files: the presets (built in, and the presets file: --config, before or
// after the command, or presets.toml in the configuration directory), the
// operator profiles (built-in Contoso Mobile, and operators.toml), and the
// ICCIDs of the saved device's profiles. Completion runs at each Tab: it
// only reads, never creates the configuration directory or the presets
// file (as the commands themselves do on first use), and a file that is
// missing or cannot be read completes what the built-ins have.

// completionConfigDir is the configuration directory the commands would
// use ($MPSIM_CONFIG_DIR, else mpsim in the user configuration directory),
// without creating it; ok is false when there is none to name (a relative
// MPSIM_CONFIG_DIR, no home).
func completionConfigDir() (dir string, ok bool) {
	dir = os.Getenv(workspace.ConfigDirEnv)
	if settings.AbsDir(workspace.ConfigDirEnv, dir) != nil {
		return "", false
	}
	if dir != "" {
		return dir, true
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", false
	}
	return filepath.Join(base, "mpsim"), true
}

// completePresets completes --preset with the presets of the built-ins and
// the presets file in effect for c (its --config).
func completePresets(c *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	presets := simulator.BuiltinPresets()
	if path := completionPresetsFile(c); path != "" {
		if ps, err := simulator.LoadPresets(path); err == nil {
			presets = ps // the built-ins merged with the file's
		}
	}
	var names []cobra.Completion
	for _, p := range presets {
		if !slices.Contains(names, p.Name) {
			names = append(names, p.Name)
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// completionPresetsFile is the presets file c would read: --config when
// given (on the command line being completed), else presets.toml in the
// configuration directory; "" when there is none.
func completionPresetsFile(c *cobra.Command) string {
	config := ""
	if f := c.Flag("config"); f != nil {
		config = f.Value.String()
	}
	if config != "" {
		return config
	}
	dir, ok := completionConfigDir()
	if !ok {
		return ""
	}
	return filepath.Join(dir, workspace.PresetsFileName)
}

// completeOperators completes --operator with the operator profiles:
// built-in Contoso Mobile and those of operators.toml.
func completeOperators(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	ops := simulator.BuiltinOperators()
	if dir, ok := completionConfigDir(); ok {
		if loaded, err := simulator.LoadOperators(filepath.Join(dir, workspace.OperatorsFileName)); err == nil {
			ops = loaded
		}
	}
	var names []cobra.Completion
	for _, op := range ops {
		names = append(names, op.Name)
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// completeLPAErrorCodes completes device lpa-error --code with the
// ESimOperationStatus names a failed download can have (all but Success).
func completeLPAErrorCodes(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var names []cobra.Completion
	for _, n := range simulator.ESimOperationStatusNames() {
		if n != "Success" {
			names = append(names, n)
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// completeProfileICCIDs completes device remove-profile --iccid with the
// ICCIDs of the saved device's profiles, each described by its operator
// and state. The device file is read as it is: simulator.Store.Load would
// move a corrupt one aside, which a Tab must not do.
func completeProfileICCIDs(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	dir, ok := completionConfigDir()
	if !ok {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	data, err := os.ReadFile(filepath.Join(dir, workspace.DeviceFileName))
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var d simulator.Device
	if json.Unmarshal(data, &d) != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var iccids []cobra.Completion
	for _, p := range d.Profiles {
		if p.ICCID != "" {
			desc := strings.Trim(p.Operator+", "+string(p.State), ", ")
			iccids = append(iccids, cobra.CompletionWithDesc(p.ICCID, desc))
		}
	}
	return iccids, cobra.ShellCompDirectiveNoFileComp
}
