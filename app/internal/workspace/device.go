package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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

// SaveDevice makes d the saved device, of whatever kind, and writes it to the
// device file atomically.
func (h *Workspace) SaveDevice(d simulator.Device) error {
	d = cloneDevice(d)
	if !d.Kind.Valid() {
		return fmt.Errorf("save device: unknown SIM kind %q", d.Kind)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.store.Save(d); err != nil {
		return fmt.Errorf("save device: %w", err)
	}
	h.device = d
	return nil
}

// FinishSession saves the device as a session left it (rep.Device, or
// cfg.Device when the session reported none) and reports whether it did.
// The LPA errors the session's launch carried in its X-MP-LPAError-* headers
// have been reported and are cleared (contract §1.4); new ones stay for the
// next launch. Nothing is saved when the session ran on a per-session view
// (another SIM kind than the saved device's, e.g. from --sim or a preset) or
// when the saved device was replaced meanwhile.
func (h *Workspace) FinishSession(cfg session.Config, rep session.Report) (bool, error) {
	after := cfg.Device
	if rep.Device != nil {
		after = *rep.Device
	}
	saved := h.SavedDevice()
	if cfg.Device.Kind != saved.Kind || after.Kind != saved.Kind || cfg.Device.IMEI != saved.IMEI {
		return false, nil
	}
	after = cloneDevice(after)
	if _, reported := cfg.Launch.Headers[simulator.HeaderLPAErrorCodes]; reported && len(cfg.Device.LPAErrors) > 0 {
		after.LPAErrors = slices.DeleteFunc(after.LPAErrors, func(e simulator.LPAError) bool {
			return slices.ContainsFunc(cfg.Device.LPAErrors, func(r simulator.LPAError) bool {
				return r.Code == e.Code && r.ICCID == e.ICCID && r.At.Equal(e.At)
			})
		})
		if len(after.LPAErrors) == 0 {
			after.LPAErrors = nil
		}
	}
	if err := h.SaveDevice(after); err != nil {
		return false, err
	}
	return true, nil
}

// RemoveDevice deletes the device file in the configuration directory dir,
// so that the next run generates a new device. It reports whether there was
// one. Files kept aside as corrupt are left alone.
func RemoveDevice(dir string) (bool, error) {
	err := os.Remove(filepath.Join(dir, DeviceFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("remove the saved device: %w", err)
	}
	return true, nil
}

// cloneDevice returns a copy of d that shares no slices with it.
func cloneDevice(d simulator.Device) simulator.Device {
	d.Profiles = slices.Clone(d.Profiles)
	d.LPAErrors = slices.Clone(d.LPAErrors)
	return d
}

// NewDevice generates a fresh device of kind for the workspace's operator,
// seeded from the clock; it is not saved.
func (h *Workspace) NewDevice(kind simulator.SIMKind) simulator.Device {
	return GenerateDevice(kind, h.Operator, time.Now().UnixNano())
}
