package workspace

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"mpsim/bridge"
	"mpsim/simulator"
)

// presetsHeader opens the presets file the host creates on first use.
const presetsHeader = `# mpsim launch presets, read by 'mpsim url --preset NAME', 'mpsim run --preset NAME',
# 'mpsim presets' and the host window. 'mpsim --config FILE …' uses another file.
#
# The built-in presets apply without this file; they are copied below, commented
# out, as examples. A [[preset]] table here replaces the built-in preset of the
# same name, or adds a new preset. Keys: name, description, sim (esim, psim, none),
# market, location, languages, generation (current, dynamo-2018, nov-2018),
# extra (launch parameters added verbatim), mutations (changes applied after the
# launch is built, bypassing validation), expect (what a correct portal should
# do, in words; recorded in the session report), expect_status (the moDirectStatus
# values a correct portal may hand back; the session checks them) and
# expect_strict (true: another status is an error, expectation-not-met; false: a
# warning, expectation-differs) and existing_customer (true: the eSIM holds an
# active profile of the launch's operator, so iccids is sent) and new_customer
# (true: the eSIM holds no profile of the launch's operator, so iccids is not
# sent). Presets apply to one session only: they never change the saved device.
#
`

// PresetsFile returns the presets file the host reads (absolute).
func (h *Workspace) PresetsFile() string { return h.presetsFile }

func (h *Workspace) setPresetsFile(path string) error {
	abs, err := PresetsPath(h.Dir, path)
	if err != nil {
		return err
	}
	h.presetsFile, h.presetsSet = abs, path != ""
	return nil
}

// PresetsPath returns the absolute path of the presets file: file if given,
// else PresetsFileName in the configuration directory dir.
func PresetsPath(dir, file string) (string, error) {
	if file == "" {
		file = filepath.Join(dir, PresetsFileName)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", fmt.Errorf("presets file %s: %w", file, err)
	}
	return abs, nil
}

// Presets returns the presets in effect (see LoadPresets). The file is read
// on every call, so edits apply to the next session.
func (h *Workspace) Presets() ([]simulator.Preset, error) {
	if h.readOnly != nil {
		return ReadPresets(h.presetsFile, h.presetsSet)
	}
	return LoadPresets(h.presetsFile, !h.presetsSet)
}

// ReadPresets is LoadPresets for a configuration directory that cannot be
// written: without the default presets file (chosen false: not a file
// given with --config, which must exist) the built-in presets apply and no
// file is created.
func ReadPresets(path string, chosen bool) ([]simulator.Preset, error) {
	if _, err := os.Stat(path); !chosen && errors.Is(err, fs.ErrNotExist) {
		return simulator.BuiltinPresets(), nil
	}
	return LoadPresets(path, false)
}

// LoadPresets returns the built-in presets merged with the presets file at
// path (simulator.LoadPresets). When the file does not exist it is created,
// with the built-ins commented out, if create is set (the default file);
// otherwise that is an error (a file chosen with --config must exist).
func LoadPresets(path string, create bool) ([]simulator.Preset, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, fmt.Errorf("presets file %s does not exist", path)
		}
		if err := writePresetsTemplate(path); err != nil {
			return nil, err
		}
	}
	// simulator.LoadPresets' errors start "presets: FILE:LINE": said once,
	// not again as "load presets: presets: …".
	ps, err := simulator.LoadPresets(path, checkExpectStatus)
	if err != nil {
		return nil, unreadable(path, err)
	}
	return ps, nil
}

// checkExpectStatus checks that a file preset's expect_status values are
// moDirectStatus values (bridge.MoDirectStatusValues), each error at the
// key's line, with the value a typo probably meant.
func checkExpectStatus(p simulator.Preset) []error {
	var errs []error
	valid := bridge.MoDirectStatusValues()
	for _, st := range p.ExpectStatus {
		if slices.Contains(valid, st) {
			continue
		}
		hint := "use " + strings.Join(valid, ", ")
		if best := simulator.ClosestWord(st, valid); best != "" {
			hint = fmt.Sprintf("did you mean %q? (the values: %s)", best, strings.Join(valid, ", "))
		}
		errs = append(errs, simulator.KeyError("expect_status", fmt.Errorf("expect_status %q is no moDirectStatus; %s", st, hint)))
	}
	return errs
}

// Preset returns the preset called name; the error lists the known names.
func (h *Workspace) Preset(name string) (simulator.Preset, error) {
	ps, err := h.Presets()
	if err != nil {
		return simulator.Preset{}, err
	}
	names := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return simulator.Preset{}, simulator.UnknownPresetError(name, "in "+h.presetsFile+" or the built-ins", names)
}

// IsBuiltinPreset reports whether p is exactly one of the built-in presets
// (not replaced by the presets file).
func IsBuiltinPreset(p simulator.Preset) bool {
	for _, b := range simulator.BuiltinPresets() {
		if b.Name == p.Name {
			return reflect.DeepEqual(b, p)
		}
	}
	return false
}

// PresetsTemplate returns the presets file the host creates on first use:
// documentation and the built-in presets, commented out.
func PresetsTemplate() ([]byte, error) {
	body, err := simulator.FormatPresets(simulator.BuiltinPresets())
	if err != nil {
		return nil, fmt.Errorf("presets template: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(presetsHeader)
	for line := range strings.Lines(string(body)) {
		if strings.HasPrefix(line, "#") { // FormatPresets' own header; ours says it
			continue
		}
		if strings.TrimSpace(line) == "" {
			buf.WriteString("\n")
			continue
		}
		buf.WriteString("# " + line)
	}
	return buf.Bytes(), nil
}

// writePresetsTemplate creates path with PresetsTemplate, atomically and
// without replacing a file another process created meanwhile.
func writePresetsTemplate(path string) error {
	data, err := PresetsTemplate()
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create presets file: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create presets file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("create presets file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("create presets file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create presets file: %w", err)
	}
	return nil
}
