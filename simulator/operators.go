package simulator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// operatorFile is the layout of an operators TOML file.
type operatorFile struct {
	Operators []Operator `toml:"operator"`
}

// BuiltinOperators returns the operator profiles mpsim knows without an operators file: Contoso Mobile
// (DemoOperator), the demo portal's operator.
func BuiltinOperators() []Operator { return []Operator{DemoOperator()} }

// LoadOperators reads operator profiles from a TOML file of [[operator]] tables and merges them with
// BuiltinOperators: a profile of the same name (compared case-insensitively) replaces the built-in one,
// others are appended in file order. Errors name the file and line, like LoadPresets: syntax and type
// errors, unknown keys, invalid profiles (e.g. an issuer prefix that is not 89 + country code + issuer)
// and duplicate names.
func LoadOperators(path string) ([]Operator, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("operators: %w", err)
	}
	var f operatorFile
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, tomlDecodeError("operators", path, err)
	}
	where := tableLocator(path, data, "operator", len(f.Operators))
	var errs []error
	seen := map[string]int{}
	for i, o := range f.Operators {
		for _, e := range o.Validate() {
			errs = append(errs, fmt.Errorf("%s: %w", where(i), e))
		}
		key := strings.ToLower(strings.TrimSpace(o.Name))
		if j, dup := seen[key]; dup && key != "" {
			errs = append(errs, fmt.Errorf("%s: operator %q: name already used at %s", where(i), o.Name, where(j)))
		}
		seen[key] = i
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("operators: %w", errors.Join(errs...))
	}
	out := BuiltinOperators()
	for _, o := range f.Operators {
		if i := operatorIndex(out, o.Name); i >= 0 {
			out[i] = o
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

// FindOperator returns the operator called name (case-insensitive) among ops; the error lists the names.
func FindOperator(ops []Operator, name string) (Operator, error) {
	if i := operatorIndex(ops, name); i >= 0 {
		return ops[i], nil
	}
	names := make([]string, len(ops))
	for i, o := range ops {
		names[i] = fmt.Sprintf("%q", o.Name)
	}
	return Operator{}, fmt.Errorf("no operator %q; known: %s", name, strings.Join(names, ", "))
}

func operatorIndex(ops []Operator, name string) int {
	for i, o := range ops {
		if strings.EqualFold(strings.TrimSpace(o.Name), strings.TrimSpace(name)) {
			return i
		}
	}
	return -1
}

// DeviceFor returns d as a launch for op sees it. A device that already holds an ICCID of op is returned
// unchanged, and so is an eSIM device without an active profile. Otherwise the SIM's ICCID (physical SIM) or the active profile's ICCID (eSIM) is replaced by
// one in op's issuer range, derived from the IMEI so the view is the same on every run: the app opens an
// operator's portal for a SIM of that operator (contract §1.2 item 6). The view is for one session; it is
// never meant to be saved.
func DeviceFor(d Device, op Operator) Device {
	if len(op.Ranges()) == 0 || len(d.OperatorICCIDs(op)) > 0 || (d.Kind != KindESIM && d.Kind != KindPSIM) {
		return d
	}
	view := convertDevice(Device{Kind: d.Kind, IMEI: d.IMEI, EID: d.EID}, d.Kind, op)
	out := d
	out.Profiles = append([]Profile(nil), d.Profiles...)
	switch d.Kind {
	case KindPSIM:
		out.ICCID = view.ICCID
	case KindESIM:
		i := -1
		for j, p := range out.Profiles {
			if p.State == ProfileActive {
				i = j
			}
		}
		if i < 0 { // no active profile: a new customer for op as for anyone
			return d
		}
		out.Profiles[i] = view.Profiles[0]
	}
	return out
}
