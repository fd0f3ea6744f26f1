package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// check is one identifier of the device with its validity.
type check struct {
	Field   string `json:"field"`
	Value   string `json:"value"`
	Valid   bool   `json:"valid"`
	Problem string `json:"problem,omitempty"`
	// Warning marks a problem the real app tolerates (an ICCID without a
	// Luhn check digit, contract §5 #17): reported, never an exit code 1.
	Warning bool `json:"warning,omitempty"`
	// Operator says, for an ICCID, whether the operator owns it (it is then
	// sent in iccids / iccid, contract §1.3).
	Operator *bool `json:"operator,omitempty"`
}

// deviceOutput is what `mpsim device show|generate --json` prints.
type deviceOutput struct {
	File string `json:"file"`
	// Saved is false for a per-session view for another --sim, and for a
	// device generated for this command in a configuration directory that
	// holds none and cannot be written (Seed then says from what).
	Saved  bool             `json:"saved"`
	Seed   *int64           `json:"seed,omitempty"`
	Device simulator.Device `json:"device"`
	Checks []check          `json:"checks"`
	// Problems are what Device.Validate finds, identifiers and state together.
	Problems []string `json:"problems"`
	// Warnings are what Device.Validate finds that the real app tolerates
	// (ICCIDs without a Luhn digit, contract §5 #17).
	Warnings []string `json:"warnings,omitempty"`
	// inMemory: the device was generated for this command, not saved.
	inMemory bool
}

func parseKind(s string) (simulator.SIMKind, error) {
	if s == "" {
		return "", nil
	}
	k := simulator.SIMKind(strings.ToLower(s))
	if !k.Valid() {
		return "", fmt.Errorf("--sim %q: use esim, psim or none", s)
	}
	return k, nil
}

// deviceOptions are the flags of `mpsim device show` and `device generate`.
type deviceOptions struct {
	state stateFlags
	sim   string
	json  bool
}

func cmdDeviceShowOrGenerate(sub string, o *deviceOptions, env Env) int {
	st, sim, asJSON := o.state, &o.sim, &o.json
	st.config = env.ConfigFile
	kind, err := parseKind(*sim)
	if err != nil {
		fmt.Fprintf(env.Stderr, "mpsim device %s: %v\n", sub, err)
		return ExitUsage
	}
	if sub == "generate" && kind == "" {
		kind = simulator.KindESIM
	}
	cmd := "device " + sub
	h, out, err := openDevice(sub, st, kind, env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "mpsim %s: %v\n", cmd, err)
		return ExitUsage
	}
	out.Checks = deviceChecks(out.Device, h.Operator)
	out.Problems = []string{}
	for _, e := range out.Device.Validate() {
		if errors.Is(e, simulator.ErrICCIDCheckDigit) {
			out.Warnings = append(out.Warnings, e.Error())
			continue
		}
		out.Problems = append(out.Problems, e.Error())
	}
	if *asJSON {
		if code := writeJSON(env.Stdout, out, env); code != ExitOK {
			return code
		}
	} else {
		printDevice(env.Stdout, out)
	}
	if sub == "show" && len(out.Problems) > 0 {
		return ExitFindings
	}
	return ExitOK
}

// openDevice opens the workspace for device show (to read) or generate
// (saving a device generated from --seed, else the clock) and returns
// what is known of the device before its checks.
func openDevice(sub string, st stateFlags, kind simulator.SIMKind, env Env) (*workspace.Workspace, deviceOutput, error) {
	cmd := "device " + sub
	out := deviceOutput{Saved: true}
	var h *workspace.Workspace
	var err error
	if sub == "generate" {
		seed := time.Now().UnixNano()
		if st.seed.set {
			seed = st.seed.v
		}
		st.seed = seedFlag{v: seed, set: true}
		// generate says what it made itself: no first-run message.
		h, err = openHostQuiet(env, cmd, st, kind)
		if err == nil {
			err = h.SaveDevice(workspace.GenerateDevice(kind, h.Operator, seed))
		}
		out.Seed = &seed
	} else {
		h, err = openHostToRead(env, cmd, st, "")
	}
	if err != nil {
		return nil, out, err
	}
	out.File = h.DevicePath()
	out.Device = h.Device(kind)
	out.Saved = out.Device.Kind == h.SavedDevice().Kind
	if seed, made := h.Created(); made && h.ReadOnly() != nil && sub == "show" {
		out.Saved, out.Seed, out.inMemory = false, &seed, true
	}
	return h, out, nil
}

// deviceChecks validates each identifier of d on its own.
func deviceChecks(d simulator.Device, op simulator.Operator) []check {
	out := []check{}
	add := func(field, value string, err error, owned *bool) {
		c := check{Field: field, Value: value, Valid: err == nil, Operator: owned}
		if err != nil {
			c.Problem = err.Error()
			c.Warning = errors.Is(err, simulator.ErrICCIDCheckDigit)
		}
		out = append(out, c)
	}
	owns := func(iccid string) *bool { v := op.OwnsICCID(iccid); return &v }
	add("IMEI", d.IMEI, simulator.ValidateIMEI(d.IMEI), nil)
	if d.Kind == simulator.KindESIM || d.EID != "" {
		add("EID", d.EID, simulator.ValidateEID(d.EID), nil)
	}
	if d.Kind == simulator.KindPSIM || d.ICCID != "" {
		add("ICCID", d.ICCID, simulator.ValidateICCID(d.ICCID), owns(d.ICCID))
	}
	for i, p := range d.Profiles {
		add(fmt.Sprintf("profile %d ICCID", i+1), p.ICCID, simulator.ValidateICCID(p.ICCID), owns(p.ICCID))
		if p.ActivationCode != "" {
			_, err := simulator.ParseActivationCode(p.ActivationCode)
			add(fmt.Sprintf("profile %d activation code", i+1), p.ActivationCode, err, nil)
		}
	}
	for i, e := range d.LPAErrors {
		add(fmt.Sprintf("LPA error %d code", i+1), e.Code, simulator.ValidateLPAErrorCode(e.Code), nil)
	}
	return out
}

func mark(c check) string {
	if c.Valid {
		return "✓ valid"
	}
	if c.Warning {
		return "⚠ " + c.Problem + " (a warning: the real app accepts it, contract §5 #17)"
	}
	return "✗ " + c.Problem
}

// kindLine is the device's kind as printDevice shows it, with whether it
// is saved.
func kindLine(out deviceOutput) string {
	d := out.Device
	kind := map[simulator.SIMKind]string{simulator.KindESIM: "eSIM", simulator.KindPSIM: "physical SIM",
		simulator.KindNone: "no SIM (launch not documented, contract §1.3)"}[d.Kind]
	if kind == "" {
		kind = termsafe.Line(string(d.Kind))
	}
	switch {
	case out.inMemory:
		kind += " — generated for this command and not saved: the configuration directory holds no device and cannot be written"
	case !out.Saved:
		kind += " — a per-session view of the saved device for --sim " + termsafe.Line(string(d.Kind)) + ", not saved"
	}
	return kind
}

func printDevice(w io.Writer, out deviceOutput) {
	d := out.Device
	fmt.Fprintf(w, "device file: %s\n", termsafe.Line(out.File))
	if out.Seed != nil {
		fmt.Fprintf(w, "generated from seed %d (mpsim device generate --seed %d --sim %s gives it again)\n", *out.Seed, *out.Seed, d.Kind)
	}
	fmt.Fprintf(w, "kind:        %s\n", kindLine(out))
	for _, c := range out.Checks {
		extra := ""
		if c.Operator != nil {
			if *c.Operator {
				extra = " (this operator's: sent)"
			} else {
				extra = " (another operator's: not sent in iccids)"
			}
		}
		value := termsafe.Line(c.Value)
		if value == "" {
			value = `""`
		}
		fmt.Fprintf(w, "%-28s %s  %s%s\n", c.Field+":", value, termsafe.Line(mark(c)), extra)
	}
	for i, p := range d.Profiles {
		fmt.Fprintf(w, "%-28s %s, %s\n", fmt.Sprintf("profile %d:", i+1), termsafe.Line(string(p.State)), termsafe.Line(p.Operator))
	}
	if line := capacityLine(d); line != "" {
		fmt.Fprintln(w, line)
	}
	if len(d.LPAErrors) == 0 && d.Kind == simulator.KindESIM {
		fmt.Fprintln(w, "LPA errors:                  none (no X-MP-LPAError-* headers on the next launch)")
	}
	for i, e := range d.LPAErrors {
		fmt.Fprintf(w, "%-28s %s at %s for %s (%s)\n",
			fmt.Sprintf("LPA error %d:", i+1), termsafe.Line(e.Code), simulator.FormatLPAErrorTime(e.At), termsafe.Line(e.ICCID), lpaErrorFate(e))
	}
	for i, p := range d.PendingDownloads {
		fmt.Fprintf(w, "%-28s %s\n", fmt.Sprintf("pending download %d:", i+1), pendingLine(p, time.Now()))
	}
	for _, p := range out.Warnings {
		fmt.Fprintln(w, "warning:                     ⚠", termsafe.Line(p), "(the real app accepts it, contract §5 #17)")
	}
	if len(out.Problems) == 0 {
		fmt.Fprintln(w, "problems:                    none")
		return
	}
	fmt.Fprintln(w, "problems:")
	for _, p := range out.Problems {
		fmt.Fprintln(w, "  ✗", termsafe.Line(p))
	}
}

// capacityLine says how many of its simulator.ProfileCapacity profiles an
// eSIM holds, and when it is full or over (a device saved before the
// capacity, or edited by hand), what a download then does and how to make
// room; "" for a device without eSIM.
func capacityLine(d simulator.Device) string {
	if d.Kind != simulator.KindESIM {
		return ""
	}
	n, c := d.ProfileCount(), simulator.ProfileCapacity
	const remedy = "; mpsim device remove-profile --iccid ICCID makes room"
	var line string
	switch {
	case n > c:
		line = fmt.Sprintf("%d profiles, more than its %d — over: a download fails with InsufficientSpaceOnCard until %d are removed%s", n, c, n-c+1, remedy)
	case n == c:
		line = fmt.Sprintf("%d of %d profiles — full: a download fails with InsufficientSpaceOnCard%s", n, c, remedy)
	default:
		line = fmt.Sprintf("%d of %d profiles (room for %d more)", n, c, c-n)
	}
	if _, ok := d.ActiveProfile(); !ok && n > 0 {
		line += "; no profile is active"
	}
	return "capacity:                    " + line
}

func cmdDeviceReset(asJSON *bool, env Env) int {
	dir, err := workspace.ConfigDir()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim device reset:", err)
		return ExitUsage
	}
	removed, err := workspace.RemoveDevice(dir)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim device reset:", err)
		return ExitUsage
	}
	file := filepath.Join(dir, workspace.DeviceFileName)
	if *asJSON {
		return writeJSON(env.Stdout, struct {
			File    string `json:"file"`
			Removed bool   `json:"removed"`
		}{file, removed}, env)
	}
	if removed {
		fmt.Fprintf(env.Stdout, "removed %s; the next command generates a new device\n", file)
	} else {
		fmt.Fprintf(env.Stdout, "no saved device (%s does not exist)\n", file)
	}
	return ExitOK
}

// lpaErrorOptions are the flags of `mpsim device lpa-error`.
type lpaErrorOptions struct {
	code, iccid string
	// operator names the operator whose profile failed to download: the
	// next launch of its portal reports the error, no other's (contract
	// §1.4); "" is the built-in Contoso Mobile.
	operator string
	// iccidGiven says --iccid was on the command line, empty or not: an
	// empty one (a script's unset variable) is refused, not taken for
	// "a new one".
	iccidGiven bool
}

func cmdDeviceLPAError(o *lpaErrorOptions, env Env) int {
	iccid := &o.iccid
	// Case ignored: --activation-result's camelCase (serverNotReachable)
	// names the same status.
	canonical, err := simulator.CanonicalLPAErrorCode(o.code)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim device lpa-error: --code:", err)
		return ExitUsage
	}
	code := &canonical
	// X-MP-LPAError-ICCIDs carries the ICCID of the failed download
	// (contract §1.4), which mpsim device show checks as it checks every
	// ICCID: refuse what it would call a problem, and say so of a bad check
	// digit, which it only warns about (§5 #17).
	if o.iccidGiven && strings.TrimSpace(*iccid) == "" {
		fmt.Fprintln(env.Stderr, "mpsim device lpa-error: --iccid is empty; give the ICCID of the profile whose download failed, or leave --iccid out for a new one of the operator")
		return ExitUsage
	}
	if *iccid != "" {
		if err := simulator.ValidateICCID(*iccid); errors.Is(err, simulator.ErrICCIDCheckDigit) {
			fmt.Fprintf(env.Stderr, "mpsim device lpa-error: warning: --iccid: %v; recorded all the same, as mpsim device show only warns about a bad check digit (contract §5 #17)\n", err)
		} else if err != nil {
			fmt.Fprintf(env.Stderr, "mpsim device lpa-error: --iccid: %v; give the ICCID of the profile whose download failed (19 or 20 digits starting with 89, contract §6), or leave --iccid out for a new one of the operator\n", err)
			return ExitUsage
		}
	}
	h, err := openHost(env, "device lpa-error", stateFlags{config: env.ConfigFile, operator: o.operator}, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim device lpa-error:", err)
		return ExitUsage
	}
	// Recorded onto the latest saved device under the store's lock, so a
	// session finishing meanwhile keeps its changes and this error.
	id := *iccid
	d, err := h.UpdateDevice(func(d *simulator.Device) error {
		if id == "" { // a failed download installs nothing: not an installed profile's ICCID
			id = d.FailedDownloadICCID(h.Operator, simulator.NewGenerator(time.Now().UnixNano()))
		}
		return d.RecordLPAError(h.Operator.Name, *code, id, time.Now())
	})
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim device lpa-error:", err)
		return ExitUsage
	}
	sent, all := len(d.LaunchLPAErrors(h.Operator)), len(d.OperatorLPAErrors(h.Operator))
	later := ""
	if all > sent {
		// X-MP-LPAError-ICCIDs names one profile: the others' wait.
		later = fmt.Sprintf("; %d of another profile wait for the launch after", all-sent)
	}
	fmt.Fprintf(env.Stdout, "recorded %s for %s, a profile of %s; the next launch of %s's portal carries X-MP-LPAError-* (%d error(s) of this profile%s), other operators' portals are not told\n",
		*code, id, termsafe.Line(h.Operator.Name), termsafe.Line(h.Operator.Name), sent, later)
	return ExitOK
}

// cmdDeviceRemoveProfile removes the profile iccid from the saved eSIM, under
// the store's lock like lpa-error, so a session finishing meanwhile keeps its
// changes.
func cmdDeviceRemoveProfile(iccid string, env Env) int {
	const name = "device remove-profile"
	if iccid == "" {
		fmt.Fprintln(env.Stderr, "mpsim "+name+": --iccid is required: the ICCID of the profile to remove (mpsim device show lists them)")
		return ExitUsage
	}
	h, err := openHost(env, name, stateFlags{config: env.ConfigFile}, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim "+name+":", err)
		return ExitUsage
	}
	wasActive := false
	d, err := h.UpdateDevice(func(d *simulator.Device) error {
		if d.Kind != simulator.KindESIM {
			return fmt.Errorf("the saved device has kind %q; only an eSIM holds profiles to remove", d.Kind)
		}
		active, ok := d.ActiveProfile()
		wasActive = ok && simulator.StripICCIDPadding(active.ICCID) == simulator.StripICCIDPadding(strings.TrimSpace(iccid))
		return d.RemoveProfile(strings.TrimSpace(iccid))
	})
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim "+name+":", termsafe.Line(err.Error()))
		return ExitUsage
	}
	fmt.Fprintln(env.Stdout, removedText(termsafe.Line(strings.TrimSpace(iccid)), wasActive, d))
	return ExitOK
}

// removedText says what removing profile iccid from the eSIM left (d), and,
// when it was the active one (wasActive), that none is active now and what
// the next purchase does about it.
func removedText(iccid string, wasActive bool, d simulator.Device) string {
	s := fmt.Sprintf("removed profile %s; the eSIM holds %d of its %d profiles", iccid, d.ProfileCount(), simulator.ProfileCapacity)
	if d.ProfileCount() > simulator.ProfileCapacity {
		s = fmt.Sprintf("removed profile %s; the eSIM holds %d profiles, still more than its %d: remove %d more before a download can succeed", iccid, d.ProfileCount(), simulator.ProfileCapacity, d.ProfileCount()-simulator.ProfileCapacity+1)
	}
	if wasActive {
		s += "; it was the active profile, so no profile is active now: a purchase on this operator's existing line (F2) switches to the profile its hand-back names, a downloaded profile (F1, F3) becomes the active one"
	}
	return s
}

// lpaErrorFate says which launch reports the failed download e: the next
// one of its operator's portal (contract §1.4), or, for an error saved
// before mpsim kept them per operator, of the operator whose ICCID range
// holds its ICCID.
func lpaErrorFate(e simulator.LPAError) string {
	if e.Operator == "" {
		return "sent in X-MP-LPAError-* on the next launch of the portal of the operator whose ICCID range holds it"
	}
	return "sent in X-MP-LPAError-* on the next launch of " + termsafe.Line(e.Operator) + "'s portal only"
}

// pendingLine says what a deferred download (F4) the device holds is and
// when the app offers it, at now.
func pendingLine(p simulator.PendingDownload, now time.Time) string {
	when := "due now: the next command or launch downloads it"
	if left := p.Due.Sub(now); left > 0 {
		when = fmt.Sprintf("the app offers it at %s, in %s; the first command or launch from then on downloads it", p.Due.Local().Format(time.DateTime), left.Round(time.Second))
	}
	fate := "sent in iccids on the next launch of " + termsafe.Line(p.Operator) + "'s portal"
	if p.FailWith != "" {
		fate = "fails with " + termsafe.Line(p.FailWith) + " (--activation-result), sent in X-MP-LPAError-* on the next launch of " + termsafe.Line(p.Operator) + "'s portal"
	}
	op := ""
	if p.OperationID != "" {
		op = ", operation " + termsafe.Line(p.OperationID)
	}
	return fmt.Sprintf("profile %s of %s, deferred %d minutes (F4%s): %s; then %s", termsafe.Line(p.ICCID), termsafe.Line(p.Operator), p.DelayMinutes, op, when, fate)
}
