package simulator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
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
// and duplicate names. A UTF-8 byte-order mark at the start of the file is ignored.
func LoadOperators(path string) ([]Operator, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("operators: %w", err)
	}
	data = trimBOM(data)
	var f operatorFile
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, tomlDecodeError("operators", path, data, reflect.TypeFor[operatorFile](), err)
	}
	where := tableLocator(path, data, "operator", len(f.Operators))
	var errs []error
	seen := map[string]int{}
	for i, o := range f.Operators {
		for _, e := range o.Validate() {
			errs = append(errs, fmt.Errorf("%s: %w", where.of(i, e), e))
		}
		key := strings.ToLower(strings.TrimSpace(o.Name))
		if j, dup := seen[key]; dup && key != "" {
			errs = append(errs, fmt.Errorf("%s: operator %q: name already used at %s", where.at(i), o.Name, where.at(j)))
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

// DeviceFor returns d as a launch for op sees it. A physical SIM that is not op's is replaced by one in op's
// issuer range, derived from the IMEI so the view is the same on every run: the app opens an operator's portal
// for the SIM of that operator (contract §1.2 item 6). An eSIM is returned as it is: the user picks any
// operator on it, and the launch sends in iccids only the profiles of op it holds, none when it holds none
// (contract §1.3: "omitted if none match"; the preset key existing_customer gives it one, see
// WithOperatorProfile). The view is for one session; it is never meant to be saved.
func DeviceFor(d Device, op Operator) Device {
	if len(op.Ranges()) == 0 || len(d.OperatorICCIDs(op)) > 0 || d.Kind != KindPSIM {
		return d
	}
	out := d
	out.Profiles = append([]Profile(nil), d.Profiles...)
	out.ICCID = convertDevice(Device{Kind: d.Kind, IMEI: d.IMEI}, d.Kind, op).ICCID
	return out
}

// WithoutOperatorProfiles returns the eSIM device d without its profiles of op, so that a launch for op
// sends no iccids and the portal sees a new customer (contract §1.3: "omitted if none match"); the profiles
// of other operators stay as they are. The profiles left out stay on the eUICC, in Hidden: they still take
// room (ProfileCapacity). Other devices, and an eSIM with none of op's profiles, are returned as they are.
// The view is for one session; it is never meant to be saved.
func WithoutOperatorProfiles(d Device, op Operator) Device {
	if d.Kind != KindESIM || len(d.OperatorICCIDs(op)) == 0 {
		return d
	}
	out := d
	out.Profiles = nil
	out.Hidden = append([]Profile(nil), d.Hidden...)
	for _, p := range d.Profiles {
		if op.OwnsICCID(p.ICCID) {
			out.Hidden = append(out.Hidden, p)
		} else {
			out.Profiles = append(out.Profiles, p)
		}
	}
	return out
}

// WithOperatorProfile returns the eSIM device d holding an active profile of op: d itself when its active
// profile is op's; else its first profile of op made active; else d with a new active profile in op's issuer
// range, derived from the IMEI so that it is the same on every run (the others inactive). Other devices are
// returned as they are.
func WithOperatorProfile(d Device, op Operator) Device {
	if d.Kind != KindESIM || len(op.Ranges()) == 0 {
		return d
	}
	out := d
	out.Profiles = append([]Profile(nil), d.Profiles...)
	mine := -1
	for i, p := range out.Profiles {
		if op.OwnsICCID(p.ICCID) {
			if p.State == ProfileActive {
				return d
			}
			if mine < 0 {
				mine = i
			}
		}
	}
	if mine < 0 {
		out.Profiles = append(out.Profiles, convertDevice(Device{Kind: KindESIM, IMEI: d.IMEI, EID: d.EID}, KindESIM, op).Profiles[0])
		mine = len(out.Profiles) - 1
	}
	for i := range out.Profiles {
		if out.Profiles[i].State == ProfileActive {
			out.Profiles[i].State = ProfileInstalled
		}
	}
	out.Profiles[mine].State = ProfileActive
	return out
}
