package simulator

import (
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"
)

// SIMKind says what kind of SIM the simulated device has.
type SIMKind string

// The SIM kinds. KindNone is a device with neither a physical SIM nor an eSIM, whose launch parameters the
// contract does not document (contract §1.3).
const (
	KindESIM SIMKind = "esim"
	KindPSIM SIMKind = "psim"
	KindNone SIMKind = "none"
)

// Valid reports whether k is one of the defined kinds.
func (k SIMKind) Valid() bool { return k == KindESIM || k == KindPSIM || k == KindNone }

// ProfileState is the state of one eSIM profile.
type ProfileState string

// The profile states. At most one profile of a device is active.
const (
	ProfileInstalled ProfileState = "installed"
	ProfileActive    ProfileState = "active"
)

// Profile is one eSIM profile installed on the device.
type Profile struct {
	ICCID          string       `json:"iccid"`
	Operator       string       `json:"operator"`
	State          ProfileState `json:"state"`
	ActivationCode string       `json:"activationCode,omitempty"`
}

// LPAError records one failed eSIM profile download. The app reports these to the portal of the
// operator whose profile failed, in the X-MP-LPAError-* headers of its next launch (contract §1.4, F10:
// "so the portal can re-issue/fix the profile"), as it sends each operator only the ICCIDs of its own
// profiles (§1.3).
type LPAError struct {
	Code  string    `json:"code"` // Code is an ESimOperationStatus name, such as "ServerFailure" (contract §1.4).
	At    time.Time `json:"at"`
	ICCID string    `json:"iccid"`
	// Operator is the name of the operator whose portal the failed download came from (Operator.Name).
	// Empty in a device saved before mpsim kept LPA errors per operator: the error then belongs to the
	// operator whose ICCID ranges hold ICCID (see BelongsTo).
	Operator string `json:"operator,omitempty"`
}

// BelongsTo reports whether the failed download was op's, so that op's next launch reports it (contract
// §1.4): the error names op (case ignored, as operator names are), or, recorded before LPA errors were
// kept per operator (no Operator), its ICCID is in op's ranges.
func (e LPAError) BelongsTo(op Operator) bool {
	if e.Operator != "" {
		return strings.EqualFold(strings.TrimSpace(e.Operator), strings.TrimSpace(op.Name))
	}
	return op.OwnsICCID(e.ICCID)
}

// OperatorLPAErrors returns the LPA errors that belong to op (LPAError.BelongsTo), in the order they were
// recorded: those op's next launch reports in X-MP-LPAError-* (contract §1.4).
func (d Device) OperatorLPAErrors(op Operator) []LPAError {
	var out []LPAError
	for _, e := range d.LPAErrors {
		if e.BelongsTo(op) {
			out = append(out, e)
		}
	}
	return out
}

// LaunchLPAErrors returns the LPA errors op's next launch reports in X-MP-LPAError-* (contract §1.4): the
// header X-MP-LPAError-ICCIDs holds exactly one ICCID, the latest failure's, so the codes and time stamps
// sent with it are that profile's failures only. Another profile's earlier failures stay for the launch
// after (sent with the latest failure's ICCID, ServerFailure of one profile read as the other's).
func (d Device) LaunchLPAErrors(op Operator) []LPAError {
	errs := d.OperatorLPAErrors(op)
	if len(errs) == 0 {
		return nil
	}
	last := StripICCIDPadding(errs[len(errs)-1].ICCID)
	return slices.DeleteFunc(errs, func(e LPAError) bool { return StripICCIDPadding(e.ICCID) != last })
}

// ClearOperatorLPAErrors forgets the LPA errors that belong to op, once a launch of op's portal has
// reported them; other operators' stay for their portals' next launch.
func (d *Device) ClearOperatorLPAErrors(op Operator) {
	d.LPAErrors = slices.DeleteFunc(d.LPAErrors, func(e LPAError) bool { return e.BelongsTo(op) })
	if len(d.LPAErrors) == 0 {
		d.LPAErrors = nil
	}
}

// ESimOperationStatusNames returns the ESimOperationStatus member names in numeric order (contract §1.4),
// including the newer TimeoutWaitingForResponse..ProfileDownloadMaxRetriesExceeded.
func ESimOperationStatusNames() []string {
	return []string{"Success", "NotAuthorized", "NotFound", "PolicyViolation", "InsufficientSpaceOnCard",
		"ServerFailure", "ServerNotReachable", "TimeoutWaitingForUserConsent", "IncorrectConfirmationCode",
		"ConfirmationCodeMaxRetriesExceeded", "CardRemoved", "CardBusy", "Other", "CardGeneralFailure",
		"ConfirmationCodeMissing", "InvalidMatchingId", "NoEligibleProfileForThisDevice", "OperationAborted",
		"EidMismatch", "ProfileNotAvailableForNewBinding", "ProfileNotReleasedByOperator",
		"OperationProhibitedByProfileClass", "ProfileNotPresent", "NoCorrespondingRequest",
		"TimeoutWaitingForResponse", "IccidAlreadyExists", "ProfileProcessingError", "ServerNotTrusted",
		"ProfileDownloadMaxRetriesExceeded"}
}

// ValidateLPAErrorCode checks that code is an ESimOperationStatus name other than Success (contract §1.4).
func ValidateLPAErrorCode(code string) error {
	if code == "Success" {
		return invalid("LPA error code", code, "Success is not an error")
	}
	for _, n := range ESimOperationStatusNames() {
		if n == code {
			return nil
		}
	}
	return invalid("LPA error code", code, "not an ESimOperationStatus name (contract §1.4), e.g. ServerFailure")
}

// CanonicalLPAErrorCode returns the ESimOperationStatus name (other than Success) that code names, case
// ignored, so that the camelCase of a MobilePlansActivationError member, as --activation-result takes
// it ("serverNotReachable"), names the status it mirrors ("ServerNotReachable", contract §2.5);
// "unknownError", "an LPA error the app does not know", is Other. The error of a name that is none
// suggests the closest one.
func CanonicalLPAErrorCode(code string) (string, error) {
	if strings.EqualFold(strings.TrimSpace(code), "unknownError") {
		return "Other", nil
	}
	names := ESimOperationStatusNames()
	for _, n := range names {
		if strings.EqualFold(n, strings.TrimSpace(code)) {
			if err := ValidateLPAErrorCode(n); err != nil {
				return "", err
			}
			return n, nil
		}
	}
	if best := ClosestWord(code, names[1:]); best != "" {
		return "", invalid("LPA error code", code, "not an ESimOperationStatus name (contract §1.4); did you mean %s?", best)
	}
	return "", ValidateLPAErrorCode(code)
}

// Device is the simulated PC's cellular state. It is what the store persists between runs.
type Device struct {
	Kind      SIMKind    `json:"kind"`
	EID       string     `json:"eid,omitempty"`
	IMEI      string     `json:"imei"`
	ICCID     string     `json:"iccid,omitempty"`     // ICCID is the physical SIM's ICCID.
	Profiles  []Profile  `json:"profiles,omitempty"`  // Profiles are the eSIM profiles.
	LPAErrors []LPAError `json:"lpaErrors,omitempty"` // LPAErrors are failed downloads, sent as X-MP-LPAError-* on the next launch.
	// PendingDownloads are deferred downloads (F4) the app still holds: the first command or launch once
	// one is due carries it out (CompleteDueDownloads).
	PendingDownloads []PendingDownload `json:"pendingDownloads,omitempty"`
	// Hidden are profiles that are on the eUICC but left out of this view of it for one session, as a
	// preset's new_customer leaves out the operator's profiles (WithoutOperatorProfiles) so that the
	// launch sends no iccids. They still take room on the eUICC (ProfileCapacity) and their ICCIDs are
	// still taken. A view is never saved, and neither are they.
	Hidden []Profile `json:"-"`
}

// ProfileCount returns how many profiles the eUICC holds: those of the device and those a per-session
// view hides (Hidden). It is what ProfileCapacity limits.
func (d Device) ProfileCount() int { return len(d.Profiles) + len(d.Hidden) }

// Full reports whether the eUICC holds ProfileCapacity profiles or more, so that a download fails with
// InsufficientSpaceOnCard.
func (d Device) Full() bool { return d.ProfileCount() >= ProfileCapacity }

// NewDevice returns a device of the given kind with fresh identifiers from g. An eSIM device gets a valid
// EID, an IMEI and one active profile of op (with an activation code for op's SM-DP+); a physical-SIM
// device gets an ICCID of op and an IMEI; a device without SIM (or of an unknown kind, which Validate
// reports) gets only an IMEI.
func NewDevice(kind SIMKind, op Operator, g *Generator) Device {
	d := Device{Kind: kind}
	switch kind {
	case KindESIM:
		d.EID = g.EID()
		d.IMEI = g.IMEI()
		d.Profiles = []Profile{{
			ICCID:          g.ICCID(op),
			Operator:       op.Name,
			State:          ProfileActive,
			ActivationCode: g.ActivationCode(op.SMDPAddress),
		}}
	case KindPSIM:
		d.ICCID = g.ICCID(op)
		d.IMEI = g.IMEI()
	default:
		d.IMEI = g.IMEI()
	}
	return d
}

// OperatorICCIDs returns the ICCIDs, trailing F stripped, that belong to op: for an eSIM device the ICCIDs
// of its profiles within op's ranges, in profile order (these become the iccids launch parameter, contract
// §1.3); for a physical-SIM device the SIM's ICCID if op owns it; otherwise nil.
func (d Device) OperatorICCIDs(op Operator) []string {
	var out []string
	switch d.Kind {
	case KindESIM:
		for _, p := range d.Profiles {
			if op.OwnsICCID(p.ICCID) {
				out = append(out, StripICCIDPadding(p.ICCID))
			}
		}
	case KindPSIM:
		if op.OwnsICCID(d.ICCID) {
			out = append(out, StripICCIDPadding(d.ICCID))
		}
	}
	return out
}

// ActiveProfile returns the active eSIM profile, if any.
func (d Device) ActiveProfile() (Profile, bool) {
	for _, p := range d.Profiles {
		if p.State == ProfileActive {
			return p, true
		}
	}
	return Profile{}, false
}

// CapacityText says how full the eUICC is, e.g. "it holds 8 of its 8 profiles" or, for a device saved
// before the capacity (or edited by hand) that holds more, "it holds 9 profiles, more than its 8".
func (d Device) CapacityText() string {
	n := d.ProfileCount()
	if n > ProfileCapacity {
		return fmt.Sprintf("it holds %d profiles, more than its %d", n, ProfileCapacity)
	}
	return fmt.Sprintf("it holds %d of its %d profiles", n, ProfileCapacity)
}

func (d Device) hiddenIndex(iccid string) int { return iccidIndex(d.Hidden, iccid) }

func (d Device) profileIndex(iccid string) int { return iccidIndex(d.Profiles, iccid) }

// iccidIndex is the index of the profile of ps with ICCID iccid (trailing F
// ignored), or -1.
func iccidIndex(ps []Profile, iccid string) int {
	want := StripICCIDPadding(iccid)
	return slices.IndexFunc(ps, func(p Profile) bool { return StripICCIDPadding(p.ICCID) == want })
}

// ProfileCapacity is how many profiles the simulated eUICC holds. GSMA SGP.22 sets no number: the chip's
// free memory decides, and consumer eSIMs hold a handful to about ten. A download onto a full eUICC fails
// with the LPA status InsufficientSpaceOnCard (contract §1.4) until a profile is removed.
const ProfileCapacity = 8

// ErrEUICCFull is wrapped by InstallProfile's error when the eUICC already holds ProfileCapacity profiles
// (LPA: InsufficientSpaceOnCard).
var ErrEUICCFull = errors.New("the eSIM is full (LPA: InsufficientSpaceOnCard)")

// InstallProfile adds an eSIM profile. It rejects the profile if the device is not an eSIM device, if the
// eUICC already holds ProfileCapacity profiles (ErrEUICCFull; profiles the view hides count, see
// ProfileCount), if the ICCID is invalid or already installed, hidden or not (trailing F ignored), or if
// its activation code does not parse. An empty State means installed; an
// active profile becomes the only active one.
func (d *Device) InstallProfile(p Profile) error {
	if d.Kind != KindESIM {
		return fmt.Errorf("install profile %s: device has kind %q; only an eSIM device holds profiles", p.ICCID, d.Kind)
	}
	if d.Full() {
		return fmt.Errorf("install profile %s: %w: %s; remove one first (mpsim device remove-profile --iccid ICCID; mpsim device reset starts a new device)",
			p.ICCID, ErrEUICCFull, d.CapacityText())
	}
	if err := ValidateICCID(p.ICCID); err != nil && !errors.Is(err, ErrICCIDCheckDigit) {
		return fmt.Errorf("install profile: %w", err) // a wrong Luhn digit is only a warning (contract §5 #17)
	}
	if d.profileIndex(p.ICCID) >= 0 || d.hiddenIndex(p.ICCID) >= 0 {
		return fmt.Errorf("install profile %s: a profile with this ICCID is already installed (LPA: IccidAlreadyExists)", p.ICCID)
	}
	if p.ActivationCode != "" {
		if _, err := ParseActivationCode(p.ActivationCode); err != nil {
			return fmt.Errorf("install profile %s: %w", p.ICCID, err)
		}
	}
	switch p.State {
	case "":
		p.State = ProfileInstalled
	case ProfileInstalled, ProfileActive:
	default:
		return fmt.Errorf("install profile %s: unknown state %q (want %q or %q)", p.ICCID, p.State, ProfileInstalled, ProfileActive)
	}
	d.Profiles = append(d.Profiles, p)
	if p.State == ProfileActive {
		return d.ActivateProfile(p.ICCID)
	}
	return nil
}

// ActivateProfile makes the profile with the given ICCID (trailing F ignored) the only active profile.
func (d *Device) ActivateProfile(iccid string) error {
	i := d.profileIndex(iccid)
	if i < 0 {
		return fmt.Errorf("activate profile %s: no such profile on the device (LPA: ProfileNotPresent)", iccid)
	}
	for j := range d.Profiles {
		d.Profiles[j].State = ProfileInstalled
	}
	d.Profiles[i].State = ProfileActive
	return nil
}

// RemoveProfile deletes the profile with the given ICCID (trailing F ignored) from the eUICC, as Settings >
// Network & Internet > Cellular > eSIM profiles does; an active profile is disabled first, so afterwards no
// profile is active. It frees room for a download (ProfileCapacity).
func (d *Device) RemoveProfile(iccid string) error {
	i := d.profileIndex(iccid)
	if i < 0 {
		return fmt.Errorf("remove profile %s: no such profile on the device (LPA: ProfileNotPresent)", iccid)
	}
	d.Profiles = slices.Delete(d.Profiles, i, i+1)
	if len(d.Profiles) == 0 {
		d.Profiles = nil
	}
	return nil
}

// RecordLPAError remembers a failed download of a profile of the operator called operator (Operator.Name)
// so that the next launch of that operator's portal reports it in the X-MP-LPAError-* headers (contract
// §1.4); another operator's portal is not told. Only an eSIM device records LPA errors.
func (d *Device) RecordLPAError(operator, code, iccid string, at time.Time) error {
	if d.Kind != KindESIM {
		return fmt.Errorf("record LPA error: device has kind %q; only an eSIM device downloads profiles", d.Kind)
	}
	if err := ValidateLPAErrorCode(code); err != nil {
		return fmt.Errorf("record LPA error: %w", err)
	}
	d.LPAErrors = append(d.LPAErrors, LPAError{Code: code, At: at.UTC(), ICCID: iccid, Operator: operator})
	return nil
}

// FailedDownloadICCID returns an ICCID for a profile of op that failed to download, drawn from g: one in
// op's range that is not on the device, since a failed download installs nothing (contract §1.4: the
// X-MP-LPAError-ICCIDs header carries the ICCID handed back at hand-off, not an installed profile's).
func (d Device) FailedDownloadICCID(op Operator, g *Generator) string {
	for {
		if id := g.ICCID(op); d.profileIndex(id) < 0 && d.hiddenIndex(id) < 0 {
			return id
		}
	}
}

// CodeProfileICCID returns the ICCID of the profile an operator's SM-DP+ binds to activationCode for this eSIM,
// when no profile on the device came from that code: one in op's range that is not on the device, the same for
// every try of the code on this eSIM (it is drawn from the EID and the code), since a failed download installs
// nothing and its retry must name the same profile (contract §1.4, §2.6: a code is reusable for retries).
func (d Device) CodeProfileICCID(op Operator, activationCode string) string {
	h := fnv.New64a()
	h.Write([]byte(d.EID))
	h.Write([]byte{0})
	h.Write([]byte(activationCode))
	return d.FailedDownloadICCID(op, NewGenerator(int64(h.Sum64())))
}

// ClearLPAErrors forgets every recorded LPA error, every operator's (see ClearOperatorLPAErrors).
func (d *Device) ClearLPAErrors() { d.LPAErrors = nil }

// Validate returns every problem with the device's identifiers and state, each explained; nil means the
// device is consistent.
func (d Device) Validate() []error {
	var errs []error
	add := func(context string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", context, err))
		}
	}
	if !d.Kind.Valid() {
		errs = append(errs, fmt.Errorf("device kind %q: want %q, %q or %q", d.Kind, KindESIM, KindPSIM, KindNone))
	}
	add("device IMEI", ValidateIMEI(d.IMEI))
	switch d.Kind {
	case KindESIM:
		add("device EID", ValidateEID(d.EID))
		if d.ICCID != "" {
			errs = append(errs, fmt.Errorf("device ICCID %s: an eSIM device has no physical SIM ICCID; use a profile", d.ICCID))
		}
	case KindPSIM:
		if d.ICCID == "" {
			errs = append(errs, errors.New("device ICCID: a physical-SIM device needs the SIM's ICCID (required launch parameter, contract §1.3)"))
		} else {
			add("device ICCID", ValidateICCID(d.ICCID))
		}
		if d.EID != "" {
			errs = append(errs, fmt.Errorf("device EID %s: set on a physical-SIM device, where it is never sent", d.EID))
		}
	case KindNone:
		if d.EID != "" || d.ICCID != "" {
			errs = append(errs, errors.New("device without SIM has an EID or ICCID set"))
		}
	}
	if d.Kind != KindESIM && len(d.Profiles) > 0 {
		errs = append(errs, fmt.Errorf("device kind %q holds %d eSIM profile(s)", d.Kind, len(d.Profiles)))
	}
	active := 0
	for i, p := range d.Profiles {
		ctx := fmt.Sprintf("profile %d", i+1)
		add(ctx, ValidateICCID(p.ICCID))
		for _, q := range d.Profiles[:i] {
			if StripICCIDPadding(q.ICCID) == StripICCIDPadding(p.ICCID) {
				errs = append(errs, fmt.Errorf("%s: ICCID %s is installed twice", ctx, p.ICCID))
				break
			}
		}
		switch p.State {
		case ProfileActive:
			active++
		case ProfileInstalled:
		default:
			errs = append(errs, fmt.Errorf("%s: unknown state %q", ctx, p.State))
		}
		if p.ActivationCode != "" {
			_, err := ParseActivationCode(p.ActivationCode)
			add(ctx, err)
		}
	}
	if active > 1 {
		errs = append(errs, fmt.Errorf("%d profiles are active; at most one may be", active))
	}
	if len(d.LPAErrors) > 0 && d.Kind != KindESIM {
		errs = append(errs, fmt.Errorf("device kind %q has LPA errors; only an eSIM device reports them (contract §1.4)", d.Kind))
	}
	errs = append(errs, d.pendingProblems()...)
	for i, e := range d.LPAErrors {
		ctx := fmt.Sprintf("LPA error %d", i+1)
		add(ctx, ValidateLPAErrorCode(e.Code))
		add(ctx, ValidateICCID(e.ICCID))
		if e.At.IsZero() {
			errs = append(errs, fmt.Errorf("%s: no time stamp", ctx))
		}
	}
	return errs
}
