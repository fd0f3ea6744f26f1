package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// GenerateDevice returns a new device of the given kind for op, the same for
// the same seed.
func GenerateDevice(kind simulator.SIMKind, op simulator.Operator, seed int64) simulator.Device {
	return simulator.NewDevice(kind, op, simulator.NewGenerator(seed))
}

// DevicePath returns the file the host keeps its device in.
func (h *Workspace) DevicePath() string { return h.store.Path }

// SavedDevice returns a copy of the saved device.
func (h *Workspace) SavedDevice() simulator.Device {
	h.mu.Lock()
	defer h.mu.Unlock()
	return cloneDevice(h.device)
}

// Device returns the simulated device for the SIM kind. The host keeps one
// device, of one kind: for that kind (or "") Device returns a copy of it; for
// another kind it returns a per-session view of it, converted the way presets
// convert a device (same IMEI, identifiers derived from it, so the view is the
// same on every run). Such a view is never saved (see FinishSession).
func (h *Workspace) Device(kind simulator.SIMKind) simulator.Device {
	d := h.SavedDevice()
	if kind == "" || kind == d.Kind || !kind.Valid() {
		return d
	}
	view, _, err := simulator.Preset{Name: "sim-" + string(kind), SIM: kind}.Apply(d, h.Operator, simulator.LaunchOptions{})
	if err != nil { // cannot happen: the preset is valid
		return d
	}
	return view
}

// deviceNotSaved says why a session on d will not save the device it
// leaves (session.Config.DeviceNotSaved; "" when it will) and whether the
// changes are kept in memory for the later sessions of this process
// (FinishSession, finishReadOnly).
func (h *Workspace) deviceNotSaved(d simulator.Device) (string, bool) {
	saved := h.SavedDevice()
	if d.Kind != saved.Kind || d.IMEI != saved.IMEI {
		return fmt.Sprintf("the session's %s device is a view for this session only; the saved device is a %s device", d.Kind, saved.Kind), false
	}
	if h.readOnly != nil {
		return h.readOnly.Reason(), true
	}
	if h.thrownAway != "" {
		return h.thrownAway, false
	}
	return "", false
}

// SaveDevice makes d the saved device, of whatever kind, and writes it to the
// device file atomically.
func (h *Workspace) SaveDevice(d simulator.Device) error {
	d = cloneDevice(d)
	if !d.Kind.Valid() {
		return fmt.Errorf("save device: unknown SIM kind %q", d.Kind)
	}
	_, err := h.UpdateDevice(func(cur *simulator.Device) error {
		*cur = d
		return nil
	})
	return err
}

// UpdateDevice changes the saved device with fn under the store's lock:
// fn gets the latest saved device (re-read from the file, so changes other
// processes saved meanwhile are kept) and its result is saved. It returns
// the saved device.
func (h *Workspace) UpdateDevice(fn func(*simulator.Device) error) (simulator.Device, error) {
	if h.readOnly != nil {
		return simulator.Device{}, fmt.Errorf("save device: %w", h.readOnly)
	}
	var out simulator.Device
	err := h.store.Update(func(l simulator.Locked) error {
		d := h.latest(l)
		if err := fn(&d); err != nil {
			return err
		}
		if !d.Kind.Valid() {
			return fmt.Errorf("save device: unknown SIM kind %q", d.Kind)
		}
		if err := l.Save(d); err != nil {
			return fmt.Errorf("save device: %w", err)
		}
		out = cloneDevice(d)
		return nil
	})
	if err != nil {
		return simulator.Device{}, err
	}
	h.mu.Lock()
	h.device = cloneDevice(out)
	h.mu.Unlock()
	return out, nil
}

// latest returns the device saved in the file, or the one in memory when the
// file is gone (removed by device reset) or unreadable.
func (h *Workspace) latest(l simulator.Locked) simulator.Device {
	if d, found, err := l.Load(); err == nil && found {
		return cloneDevice(d)
	}
	return h.SavedDevice()
}

// FinishSession saves the changes a session made to the device and reports
// whether it did. The session's changes — the difference between the device
// it started from (cfg.Device) and the one it left (rep.Device; cfg.Device
// when it reported none) — are merged, under the store's lock, onto the
// latest saved device, so sessions running in parallel (in this process or
// others) keep each other's changes: profiles installed, removed or
// activated by this session, LPA errors recorded or cleared by it. The LPA
// errors the session's launch carried in its X-MP-LPAError-* headers — those
// of the session's operator only (simulator.Device.OperatorLPAErrors) — have
// been reported and are cleared (contract §1.4); other operators' stay for
// their portals' next launch. Nothing is saved when the
// session ran on a per-session view (another SIM kind than the saved
// device's, e.g. from --sim or a preset) or when the saved device was
// replaced meanwhile (another kind or IMEI).
//
// The merge never fills the saved eSIM beyond simulator.ProfileCapacity: a
// profile the session installed in its view that no longer fits (sessions
// in parallel filled the eSIM meanwhile) is not added; the saved device is
// left as if its download had failed, as the real LPA, which downloads one
// profile at a time, would have failed it: the active profile stays the one
// it was, and an InsufficientSpaceOnCard LPA error is recorded for the next
// launch. The device is then saved (true) and the error says which profile
// did not fit (see ErrProfileDidNotFit).
func (h *Workspace) FinishSession(cfg session.Config, rep session.Report) (bool, error) {
	start := cloneDevice(cfg.Device)
	after := start
	if rep.Device != nil {
		after = cloneDevice(*rep.Device)
	}
	var reported []simulator.LPAError
	if _, ok := cfg.Launch.Headers[simulator.HeaderLPAErrorCodes]; ok {
		reported = start.LaunchLPAErrors(cfg.Operator)
	}
	if h.readOnly != nil {
		return h.finishReadOnly(start, after, reported)
	}
	var merged simulator.Device
	var dropped []simulator.Profile
	saved, removed := false, false
	err := h.store.Update(func(l simulator.Locked) error {
		if _, found, err := l.Load(); err == nil && !found && h.onDisk {
			removed = true // a reset while the session ran: it stays reset
			return nil
		}
		latest := h.latest(l)
		if start.Kind != latest.Kind || after.Kind != latest.Kind || start.IMEI != latest.IMEI {
			return nil
		}
		merged, dropped = mergeSession(latest, start, after, reported, time.Now())
		if err := l.Save(merged); err != nil {
			return fmt.Errorf("save device: %w", err)
		}
		saved = true
		return nil
	})
	if removed {
		return false, errors.New("the saved device was removed while the session ran (mpsim device reset?), so the session's changes to it were not saved; the next session generates a new device")
	}
	if err != nil || !saved {
		return false, err
	}
	h.mu.Lock()
	h.device = merged
	h.mu.Unlock()
	return true, didNotFit(dropped, merged, "the session's other changes were saved")
}

// ErrProfileDidNotFit is wrapped by FinishSession's error when a profile the
// session installed in its view of the eSIM did not fit on the saved eSIM
// (simulator.ProfileCapacity), which other sessions filled meanwhile.
var ErrProfileDidNotFit = errors.New("a profile the session installed did not fit on the saved eSIM")

// ProfileDidNotFitError is FinishSession's error for the profiles the
// session installed in its view of the eSIM that did not fit on the saved
// eSIM; it wraps ErrProfileDidNotFit. Runner.Run records them in the
// session's report as a failed download (DidNotFit).
type ProfileDidNotFitError struct {
	// ICCIDs are the profiles left off the saved eSIM.
	ICCIDs []string
	// Capacity says how full the saved eSIM is (simulator.Device.CapacityText).
	Capacity string
	// Rest says what became of the session's other changes.
	Rest string
	// Device is the device as the merge left it, without the profiles
	// that did not fit and with their InsufficientSpaceOnCard LPA errors:
	// saved, or kept in memory when the configuration directory is
	// read-only.
	Device simulator.Device
}

// Error says which profiles did not fit, how full the saved eSIM is, what
// became of the rest and what the next launch reports.
func (e *ProfileDidNotFitError) Error() string {
	return fmt.Sprintf("%s: profile %s was installed in the session's view of the eSIM, but the saved eSIM was full when the session ended (%s; another session installed one meanwhile), so it was not added and the active profile stays as it was; %s, and the next launch reports the failed download (X-MP-LPAError-Codes: InsufficientSpaceOnCard); remove a profile with mpsim device remove-profile --iccid ICCID",
		ErrProfileDidNotFit, strings.Join(e.ICCIDs, ", "), e.Capacity, e.Rest)
}

// Unwrap returns ErrProfileDidNotFit.
func (e *ProfileDidNotFitError) Unwrap() error { return ErrProfileDidNotFit }

// didNotFit is the error for the profiles the merge dropped (nil for none):
// which ones, how full the saved eSIM d is, what became of the rest (rest)
// and what the next launch reports.
func didNotFit(dropped []simulator.Profile, d simulator.Device, rest string) error {
	if len(dropped) == 0 {
		return nil
	}
	ids := make([]string, len(dropped))
	for i, p := range dropped {
		ids[i] = p.ICCID
	}
	return &ProfileDidNotFitError{ICCIDs: ids, Capacity: d.CapacityText(), Rest: rest, Device: cloneDevice(d)}
}

// finishReadOnly is FinishSession in a workspace that writes nothing: the
// session's changes (start → after) are kept in memory, for the next
// session of this process, and the error says they were not saved and
// why; a session that changed nothing has nothing to say.
func (h *Workspace) finishReadOnly(start, after simulator.Device, reported []simulator.LPAError) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if start.Kind != h.device.Kind || start.IMEI != h.device.IMEI || after.Kind != h.device.Kind {
		return false, nil // a per-session view: never saved
	}
	merged, dropped := mergeSession(h.device, start, after, reported, time.Now())
	if reflect.DeepEqual(merged, h.device) {
		return false, nil
	}
	h.device = merged
	err := fmt.Errorf("%s: the session's changes to the device (profiles, LPA errors) last until this command or window ends", h.readOnly.Reason())
	if fit := didNotFit(dropped, merged, "the session's other changes are kept"); fit != nil {
		err = fmt.Errorf("%w; %w", err, fit)
	}
	return false, err
}

// mergeSession applies what a session changed (start → after) to latest
// and returns the result and the profiles the session installed that did
// not fit (simulator.ProfileCapacity), for each of which an
// InsufficientSpaceOnCard LPA error is recorded at now. reported are the
// LPA errors of start the launch carried, which are then cleared.
func mergeSession(latest, start, after simulator.Device, reported []simulator.LPAError, now time.Time) (simulator.Device, []simulator.Profile) {
	out := cloneDevice(latest)
	dropped := mergeProfiles(&out, start, after)
	mergeActiveProfile(&out, start, after)
	mergeLPAErrors(&out, start, after, reported)
	mergePendingDownloads(&out, start, after)
	for _, p := range dropped {
		_ = out.RecordLPAError(p.Operator, "InsufficientSpaceOnCard", p.ICCID, now) // out is an eSIM: it held the session's profiles
	}
	return out, dropped
}

// mergeProfiles removes from out the profiles the session (start → after)
// removed and adds those it installed, as installed (their activation is
// mergeActiveProfile's), as long as out has room for them
// (simulator.ProfileCapacity); it returns those it had no room for.
func mergeProfiles(out *simulator.Device, start, after simulator.Device) []simulator.Profile {
	key := simulator.StripICCIDPadding
	inStart, inAfter := map[string]bool{}, map[string]bool{}
	for _, p := range start.Profiles {
		inStart[key(p.ICCID)] = true
	}
	for _, p := range after.Profiles {
		inAfter[key(p.ICCID)] = true
	}
	out.Profiles = slices.DeleteFunc(out.Profiles, func(p simulator.Profile) bool {
		return inStart[key(p.ICCID)] && !inAfter[key(p.ICCID)]
	})
	have := map[string]bool{}
	for _, p := range out.Profiles {
		have[key(p.ICCID)] = true
	}
	var dropped []simulator.Profile
	for _, p := range after.Profiles {
		k := key(p.ICCID)
		if inStart[k] || have[k] {
			continue
		}
		if out.Full() {
			dropped = append(dropped, p)
			continue
		}
		p.State = simulator.ProfileInstalled
		out.Profiles = append(out.Profiles, p)
		have[k] = true
	}
	return dropped
}

// mergeActiveProfile makes out's active profile the session's, if the
// session (start → after) changed it: activates its new one, or, when it
// left none active, deactivates the one it started with.
func mergeActiveProfile(out *simulator.Device, start, after simulator.Device) {
	key := simulator.StripICCIDPadding
	was, _ := start.ActiveProfile()
	now, nowOK := after.ActiveProfile()
	if key(was.ICCID) == key(now.ICCID) {
		return
	}
	if nowOK {
		_ = out.ActivateProfile(now.ICCID) // no-op if another session removed it
		return
	}
	for i := range out.Profiles {
		if key(out.Profiles[i].ICCID) == key(was.ICCID) {
			out.Profiles[i].State = simulator.ProfileInstalled
		}
	}
}

// mergeLPAErrors adds to out the LPA errors the session (start → after)
// added and removes those it cleared and those its launch reported
// (reported, start's errors of the launch's operator).
func mergeLPAErrors(out *simulator.Device, start, after simulator.Device, reported []simulator.LPAError) {
	same := func(a, b simulator.LPAError) bool {
		return a.Code == b.Code && a.ICCID == b.ICCID && a.Operator == b.Operator && a.At.Equal(b.At)
	}
	contains := func(list []simulator.LPAError, e simulator.LPAError) bool {
		return slices.ContainsFunc(list, func(x simulator.LPAError) bool { return same(x, e) })
	}
	out.LPAErrors = slices.DeleteFunc(out.LPAErrors, func(e simulator.LPAError) bool {
		return contains(start.LPAErrors, e) && (contains(reported, e) || !contains(after.LPAErrors, e))
	})
	for _, e := range after.LPAErrors {
		if !contains(start.LPAErrors, e) && !contains(out.LPAErrors, e) {
			out.LPAErrors = append(out.LPAErrors, e)
		}
	}
	if len(out.LPAErrors) == 0 {
		out.LPAErrors = nil
	}
}

// mergePendingDownloads adds to out the deferred downloads the session
// (start → after) left pending (simulator.PendingDownload) and removes
// those it carried out or dropped.
func mergePendingDownloads(out *simulator.Device, start, after simulator.Device) {
	same := func(a, b simulator.PendingDownload) bool {
		return a.ICCID == b.ICCID && a.ActivationCode == b.ActivationCode && a.OperationID == b.OperationID && a.Requested.Equal(b.Requested)
	}
	contains := func(list []simulator.PendingDownload, p simulator.PendingDownload) bool {
		return slices.ContainsFunc(list, func(x simulator.PendingDownload) bool { return same(x, p) })
	}
	out.PendingDownloads = slices.DeleteFunc(out.PendingDownloads, func(p simulator.PendingDownload) bool {
		return contains(start.PendingDownloads, p) && !contains(after.PendingDownloads, p)
	})
	for _, p := range after.PendingDownloads {
		if !contains(start.PendingDownloads, p) && !contains(out.PendingDownloads, p) {
			out.PendingDownloads = append(out.PendingDownloads, p)
		}
	}
	if len(out.PendingDownloads) == 0 {
		out.PendingDownloads = nil
	}
}

// completeDueDownloads carries out the saved device's deferred downloads
// that are due at now (simulator.Device.CompleteDueDownloads): the app
// offered each and the user accepted. They are saved (in memory only in a
// workspace that writes nothing), and what became of each is returned in
// words, for the user.
func (h *Workspace) completeDueDownloads(now time.Time) []string {
	h.mu.Lock()
	due := h.device.DuePendingDownloads(now)
	h.mu.Unlock()
	if !due {
		return nil
	}
	var outcomes []simulator.DownloadOutcome
	if h.readOnly != nil {
		h.mu.Lock()
		d := cloneDevice(h.device)
		outcomes = d.CompleteDueDownloads(now)
		h.device = d
		h.mu.Unlock()
	} else if _, err := h.UpdateDevice(func(d *simulator.Device) error {
		outcomes = d.CompleteDueDownloads(now)
		return nil
	}); err != nil {
		return []string{fmt.Sprintf("a deferred download came due but could not be carried out: %v", err)}
	}
	texts := make([]string, len(outcomes))
	for i, o := range outcomes {
		texts[i] = o.String()
	}
	return texts
}

// completeDueDownloadsNews is completeDueDownloads, with what became of
// each download kept for News.
func (h *Workspace) completeDueDownloadsNews(now time.Time) {
	news := h.completeDueDownloads(now)
	if len(news) == 0 {
		return
	}
	h.mu.Lock()
	h.news = append(h.news, news...)
	h.mu.Unlock()
}

// RemoveDevice deletes the device file in the configuration directory dir,
// so that the next run generates a new device. It reports whether there was
// one. Files kept aside as corrupt are left alone.
func RemoveDevice(dir string) (bool, error) {
	path := filepath.Join(dir, DeviceFileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	// Under the store's lock, so that no session's read-modify-write is
	// half done when the file goes (the session then leaves it removed).
	removed := false
	err := simulator.Store{Path: path}.Update(func(simulator.Locked) error {
		err := os.Remove(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		removed = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("remove the saved device: %w", err)
	}
	return removed, nil
}

// cloneDevice returns a copy of d that shares no slices with it.
func cloneDevice(d simulator.Device) simulator.Device {
	d.Profiles = slices.Clone(d.Profiles)
	d.LPAErrors = slices.Clone(d.LPAErrors)
	d.Hidden = slices.Clone(d.Hidden)
	d.PendingDownloads = slices.Clone(d.PendingDownloads)
	return d
}

// NewDevice generates a fresh device of kind for the workspace's operator,
// seeded from the clock; it is not saved.
func (h *Workspace) NewDevice(kind simulator.SIMKind) simulator.Device {
	return GenerateDevice(kind, h.Operator, time.Now().UnixNano())
}
