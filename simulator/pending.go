package simulator

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// PendingDownload is a deferred profile download (contract §3 F4: notifyProfileDownload with a
// downloadDelay) that the app still holds when the portal's session ends. Closing the portal does not
// cancel it — only notifyOperationCancel does, before the "ready to download" toast (F5) — so the app
// offers it when the delay has passed ("after downloadDelay minutes a notification (toast) invites the
// user to start; then Download/Install/Activate"), whether the portal is open or not. The device keeps it
// until then, and CompleteDueDownloads carries it out: the user accepts the toast, as in a session.
type PendingDownload struct {
	// Operator is the name of the operator whose portal asked for the download (Operator.Name).
	Operator string `json:"operator"`
	// ActivationCode is the code the LPA downloads with (an SM-DP+ address alone becomes "1$ADDRESS$").
	ActivationCode string `json:"activationCode"`
	// ICCID is the profile the SM-DP+ binds to the code for this eSIM, the one the download installs.
	ICCID string `json:"iccid"`
	// OperationID is the operation the portal was handed back for it, which F5 cancels; "" if none.
	OperationID string `json:"operationId,omitempty"`
	// Requested is when the portal asked for it (wall clock, UTC).
	Requested time.Time `json:"requested"`
	// DelayMinutes is the downloadDelay the portal gave.
	DelayMinutes uint64 `json:"delayMinutes"`
	// Due is when the app offers it (wall clock, UTC): the first command or launch from then on carries
	// it out (CompleteDueDownloads).
	Due time.Time `json:"due"`
	// FailWith is the ESimOperationStatus the download fails with, when the session chose a failing
	// activation result (mpsim run --activation-result): an LPA error is then recorded instead of a
	// profile installed. "" is a success.
	FailWith string `json:"failWith,omitempty"`
}

// AddPendingDownload keeps a deferred download for CompleteDueDownloads. Only an eSIM device downloads
// profiles; the ICCID and the time it is due are required.
func (d *Device) AddPendingDownload(p PendingDownload) error {
	switch {
	case d.Kind != KindESIM:
		return fmt.Errorf("keep pending download: device has kind %q; only an eSIM device downloads profiles", d.Kind)
	case p.ICCID == "":
		return errors.New("keep pending download: no ICCID")
	case p.Due.IsZero():
		return errors.New("keep pending download: no time it is due")
	}
	p.Requested, p.Due = p.Requested.UTC(), p.Due.UTC()
	d.PendingDownloads = append(slices.Clone(d.PendingDownloads), p)
	return nil
}

// DownloadOutcome is what became of a pending download that came due (CompleteDueDownloads).
type DownloadOutcome struct {
	Download PendingDownload
	// Installed says the profile is on the eSIM and active now (installed, or activated again when its
	// activation code had installed it already: one code yields one profile, contract §2.6).
	Installed bool
	// LPAError is the ESimOperationStatus of the failed download recorded for the operator's next
	// launch (contract §1.4), "" if none.
	LPAError string
	// Problem is why nothing was done, if nothing was.
	Problem error
}

// String says what became of the download, in one sentence.
func (o DownloadOutcome) String() string {
	p := o.Download
	head := fmt.Sprintf("the deferred download of %s's profile %s came due at %s (F4, %d minutes after the portal asked for it)",
		p.Operator, p.ICCID, p.Due.Local().Format(time.DateTime), p.DelayMinutes)
	switch {
	case o.Problem != nil:
		return fmt.Sprintf("%s; it could not be carried out: %v", head, o.Problem)
	case o.LPAError != "":
		return fmt.Sprintf("%s; the app offered it, the user accepted and it failed with %s: the next launch of %s's portal carries X-MP-LPAError-Codes: %s",
			head, o.LPAError, p.Operator, o.LPAError)
	}
	return fmt.Sprintf("%s; the app offered it, the user accepted, and the profile is installed and active: the next launch of %s's portal sends it in iccids",
		head, p.Operator)
}

// DuePendingDownloads reports whether a pending download is due at now.
func (d Device) DuePendingDownloads(now time.Time) bool {
	return slices.ContainsFunc(d.PendingDownloads, func(p PendingDownload) bool { return !now.Before(p.Due) })
}

// CompleteDueDownloads carries out the pending downloads due at now, in the order they were kept, as the
// app does when its toast is accepted (contract §3 F4): each is downloaded, installed and activated, or
// fails with its FailWith status, or with InsufficientSpaceOnCard on a full eSIM (ProfileCapacity), which
// records an LPA error for its operator's next launch (§1.4), stamped with the time it came due. The
// downloads not yet due stay.
func (d *Device) CompleteDueDownloads(now time.Time) []DownloadOutcome {
	var out []DownloadOutcome
	var left []PendingDownload
	for _, p := range d.PendingDownloads {
		if now.Before(p.Due) {
			left = append(left, p)
			continue
		}
		out = append(out, d.completeDownload(p))
	}
	d.PendingDownloads = left
	return out
}

// completeDownload carries out the pending download p (CompleteDueDownloads).
func (d *Device) completeDownload(p PendingDownload) DownloadOutcome {
	o := DownloadOutcome{Download: p}
	if d.Kind != KindESIM {
		o.Problem = fmt.Errorf("the device has kind %q, no eSIM to download to", d.Kind)
		return o
	}
	if p.FailWith != "" {
		o.Problem = d.RecordLPAError(p.Operator, p.FailWith, p.ICCID, p.Due)
		if o.Problem == nil {
			o.LPAError = p.FailWith
		}
		return o
	}
	if i := slices.IndexFunc(d.Profiles, func(q Profile) bool { return p.ActivationCode != "" && q.ActivationCode == p.ActivationCode }); i >= 0 {
		o.Problem = d.ActivateProfile(d.Profiles[i].ICCID) // a code already used: no second profile
		o.Installed = o.Problem == nil
		return o
	}
	err := d.InstallProfile(Profile{ICCID: p.ICCID, Operator: p.Operator, State: ProfileActive, ActivationCode: p.ActivationCode})
	switch {
	case errors.Is(err, ErrEUICCFull):
		o.Problem = d.RecordLPAError(p.Operator, "InsufficientSpaceOnCard", p.ICCID, p.Due)
		if o.Problem == nil {
			o.LPAError = "InsufficientSpaceOnCard"
		}
	case err != nil:
		o.Problem = err
	default:
		o.Installed = true
	}
	return o
}

// pendingProblems returns what is wrong with the device's pending downloads (part of Validate).
func (d Device) pendingProblems() []error {
	var errs []error
	if len(d.PendingDownloads) > 0 && d.Kind != KindESIM {
		errs = append(errs, fmt.Errorf("device kind %q has pending downloads; only an eSIM device downloads profiles", d.Kind))
	}
	for i, p := range d.PendingDownloads {
		if err := ValidateICCID(p.ICCID); err != nil && !errors.Is(err, ErrICCIDCheckDigit) {
			errs = append(errs, fmt.Errorf("pending download %d: %w", i+1, err))
		}
		if p.Due.IsZero() {
			errs = append(errs, fmt.Errorf("pending download %d: no time it is due", i+1))
		}
	}
	return errs
}
