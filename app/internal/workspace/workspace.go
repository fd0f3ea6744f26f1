// Package workspace is what the sessions of one mpsim process share: the
// configuration directory, the saved simulated device, the presets, the
// built-in demo portal and its pinned certificate. It turns a launch request
// into a session configuration and runs sessions (see Run).
package workspace

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"

	"golang.org/x/sys/unix"
)

// DefaultDemoAddr is where the demo portal listens when the port is free, so
// launch URLs stay the same between runs; otherwise it takes any free port.
const DefaultDemoAddr = "127.0.0.1:47443"

// ConfigDirEnv overrides the configuration directory (tests, CI, portable use).
const ConfigDirEnv = "MPSIM_CONFIG_DIR"

// ConfigDir returns the directory mpsim keeps its state in (certificate,
// device, presets), creating it with mode 0700, for a command that writes
// there. An existing directory keeps its mode; one this process cannot
// write in is an error, a *NotWritableError that says why and what to do.
// A relative MPSIM_CONFIG_DIR is an error (settings.AbsDir): it would name
// another directory from each current directory. Commands that only read
// the state use ConfigDirToRead.
func ConfigDir() (string, error) {
	dir, err := configDirPath()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", cannotCreate(dir, err)
	}
	if err := checkWritableDir(dir); err != nil {
		return "", err
	}
	if err := checkSpace(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// ConfigDirToRead returns the configuration directory for a command that
// can do its work with what is saved there, or with the defaults when
// nothing is (mpsim url, presets, operators, device show, test, run): it
// is ConfigDir, except that a directory this process cannot write in (a
// read-only mount, a 0555 directory, another user's, a full disk or a
// used-up quota), or cannot create, is no error: unwritable then says why, and the command reads what is
// there without saving anything (Options.Unwritable). err is for what
// leaves no directory to read: a relative MPSIM_CONFIG_DIR, a file where
// the directory should be.
func ConfigDirToRead() (dir string, unwritable *NotWritableError, err error) {
	dir, err = configDirPath()
	if err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		if !errors.Is(err, unix.EROFS) && !errors.Is(err, fs.ErrPermission) && !diskFull(err) {
			return "", nil, cannotCreate(dir, err)
		}
		return dir, notCreatable(dir, err), nil
	}
	err = checkWritableDir(dir)
	if err == nil {
		err = checkSpace(dir)
	}
	if errors.As(err, &unwritable) {
		return dir, unwritable, nil
	}
	return dir, nil, err
}

// configDirPath is the configuration directory's path: MPSIM_CONFIG_DIR,
// else mpsim in the user configuration directory.
func configDirPath() (string, error) {
	dir := os.Getenv(ConfigDirEnv)
	if err := settings.AbsDir(ConfigDirEnv, dir); err != nil {
		return "", err
	}
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the user configuration directory: %w (set %s)", err, ConfigDirEnv)
		}
		dir = filepath.Join(base, "mpsim")
	}
	return dir, nil
}

// NotWritableError is ConfigDir's error for a configuration directory
// that exists but that this process cannot create files in, or that does
// not exist and cannot be created. What only reads the saved state may
// still read Dir (ConfigDirToRead).
type NotWritableError struct {
	Dir string
	// Err is why: unix.EROFS (a read-only file system), unix.EACCES,
	// unix.ENOSPC (a full disk) or unix.EDQUOT (a used-up quota).
	Err     error
	advice  string
	missing bool // Dir does not exist and cannot be created
}

// Error says why mpsim cannot write in the directory and what to do.
func (e *NotWritableError) Error() string {
	return fmt.Sprintf("%s; mpsim keeps its device, presets and certificate there: %s", e.Reason(), e.advice)
}

// Reason says which directory cannot be written and why, without advice.
func (e *NotWritableError) Reason() string {
	if e.missing {
		return fmt.Sprintf("configuration directory %s does not exist and cannot be created: %s", e.Dir, e.reason())
	}
	if diskFull(e.Err) {
		return fmt.Sprintf("configuration directory %s cannot be written: %s", e.Dir, e.reason())
	}
	return fmt.Sprintf("configuration directory %s is not writable: %s", e.Dir, e.reason())
}

// Warning is the warning of a command that goes on without writing in the
// directory (ConfigDirToRead): what it does instead, and how to keep
// changes.
func (e *NotWritableError) Warning() string {
	return fmt.Sprintf("changes will not be saved: %s; mpsim reads what is there and writes nothing there; to keep changes, %s",
		e.Reason(), e.advice)
}

func (e *NotWritableError) reason() string {
	switch {
	case errors.Is(e.Err, unix.EROFS):
		return "it is on a read-only file system"
	case errors.Is(e.Err, unix.ENOSPC):
		return "the disk it is on is full (no space left on device)"
	case errors.Is(e.Err, unix.EDQUOT):
		return "your disk quota there is used up (disk quota exceeded)"
	}
	return e.Err.Error()
}

// Unwrap returns why the directory is not writable.
func (e *NotWritableError) Unwrap() error { return e.Err }

// notCreatable is the NotWritableError of a directory dir that
// os.MkdirAll could not create because of err (EROFS, a permission, a full
// disk or quota).
func notCreatable(dir string, err error) *NotWritableError {
	e := &NotWritableError{Dir: dir, Err: unwrapPathError(err), missing: true,
		advice: "set " + ConfigDirEnv + " to a directory you can write in"}
	switch {
	case errors.Is(err, unix.EROFS):
		e.advice = "set " + ConfigDirEnv + " to a directory on a writable file system"
	case diskFull(err):
		e.advice = fullAdvice()
	}
	return e
}

// diskFull reports whether err is a write refused for want of space: a
// full file system (ENOSPC) or a used-up quota (EDQUOT).
func diskFull(err error) bool {
	return errors.Is(err, unix.ENOSPC) || errors.Is(err, unix.EDQUOT)
}

// fullAdvice is what to do about a configuration directory on a full disk.
func fullAdvice() string {
	return "free some space on its disk, or set " + ConfigDirEnv + " to a directory on another one"
}

// spaceProbe is how many bytes checkSpace writes: a block, about what a
// save of the device or of a preset writes.
const spaceProbe = 4096

// writeProbe writes a file of spaceProbe bytes in dir and removes it; a
// variable so that tests can make the disk full.
var writeProbe = func(dir string) error {
	f, err := os.CreateTemp(dir, ".space-check-*.tmp") // hidden: a watch ignores it
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	_, err = f.Write(make([]byte, spaceProbe))
	if cerr := f.Close(); err == nil {
		err = cerr // NFS reports a full disk at close
	}
	return err
}

// checkSpace fails with a *NotWritableError when a write in dir, a
// directory this process may write in, fails because its disk is full or
// the user's quota is used up: a read-only directory runs with
// temporaries and a warning (ConfigDirToRead), and so does a full one,
// where the first save of the device failed and mpsim refused to run. Any
// other failure of the probe is left to the writes that follow.
func checkSpace(dir string) error {
	err := writeProbe(dir)
	if !diskFull(err) {
		return nil
	}
	return &NotWritableError{Dir: dir, Err: unwrapPathError(err), advice: fullAdvice()}
}

// checkWritableDir fails with a clear message when dir is not a directory
// this process can create files in. It never changes the directory's mode:
// a directory the user made read-only stays read-only.
func checkWritableDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("configuration directory: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("configuration directory %s is not a directory (set %s to a directory)", dir, ConfigDirEnv)
	}
	if err := unix.Access(dir, unix.W_OK|unix.X_OK); err != nil {
		return notWritable(dir, fi, err, os.Geteuid())
	}
	return nil
}

// notWritable is the error for the directory dir (fi), which the user euid
// cannot write in because of err (from access(2)), with the advice that
// fits: chmod helps only the owner of a directory on a writable file
// system.
func notWritable(dir string, fi os.FileInfo, err error, euid int) *NotWritableError {
	elsewhere := "set " + ConfigDirEnv + " to a directory you can write in"
	e := &NotWritableError{Dir: dir, Err: err}
	owner := ownerOf(fi)
	switch {
	case errors.Is(err, unix.EROFS):
		e.advice = "set " + ConfigDirEnv + " to a directory on a writable file system (or remount this one read-write)"
	case owner == euid:
		e.Err = fmt.Errorf("its mode %#o gives you, its owner, no write permission (%w)", fi.Mode().Perm(), err)
		e.advice = fmt.Sprintf("make it writable (chmod u+w %s) or %s", dir, elsewhere)
	case owner >= 0:
		e.Err = fmt.Errorf("%s (%w)", anotherUsers(owner, euid, fi), err)
		e.advice = elsewhere
	default:
		e.advice = elsewhere
	}
	return e
}

// ownerOf is the user ID that owns the file fi, or -1 when the file system
// does not say.
func ownerOf(fi os.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}

// anotherUsers says that the file fi belongs to owner, not to the user
// euid, and gives its mode.
func anotherUsers(owner, euid int, fi os.FileInfo) string {
	return fmt.Sprintf("it belongs to user %d, not you (user %d), and its mode is %#o", owner, euid, fi.Mode().Perm())
}

// cannotCreate is ConfigDir's error when dir cannot be made (err from
// os.MkdirAll). A symbolic link loop, for which os.MkdirAll says "file
// exists", is named as one.
func cannotCreate(dir string, err error) error {
	if loop := SymlinkLoop("configuration directory", dir, ConfigDirEnv); loop != nil {
		return loop
	}
	switch {
	case errors.Is(err, unix.EROFS):
		return fmt.Errorf("cannot create the configuration directory %s: its file system is read-only; set %s to a directory on a writable file system", dir, ConfigDirEnv)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot create the configuration directory %s: %w; set %s to a directory you can write in", dir, err, ConfigDirEnv)
	case diskFull(err):
		return notCreatable(dir, err)
	}
	return fmt.Errorf("create configuration directory: %w", err)
}

// LaunchRequest is what a user chooses before opening the portal. Fields
// left empty take the preset's values (when Preset names one) and then the
// host's defaults.
type LaunchRequest struct {
	// SIM selects the device: "" is the saved device; another kind than the
	// saved device's is a per-session view of it (see Workspace.Device).
	SIM        simulator.SIMKind
	PortalURL  string // empty: the built-in demo portal
	Market     string
	Location   string
	Languages  []string
	Generation simulator.Generation
	Extra      []simulator.Param
	// TransactionID is generated when empty.
	TransactionID string
	// Preset names a preset of the host's presets file (or a built-in one);
	// its settings apply to this launch only and never change the saved device.
	Preset string
	// PhoneNumber and CountryCode are sent by the nov-2018 generation only.
	PhoneNumber, CountryCode string
	// PreviousICCID makes the dynamo-2018 generation send the optional
	// eSIM "previous ICCID" (contract §5 #11).
	PreviousICCID bool
	// Operator names an operator profile (Workspace.Operators) for this
	// launch; "" is the preset's, else the workspace's operator.
	Operator string
	// LanguageNotes say what ParseLanguagesWithNotes changed from the
	// languages as the user wrote them (Warnings gives them); they are not
	// part of the launch and are not kept.
	LanguageNotes []string `json:"-"`
}

// Defaults fills the unset fields of r with the host's defaults. SIM stays
// empty (the saved device's kind). With a Preset, r is returned unchanged so
// that the preset's values apply; Launch fills what the preset leaves unset.
func (r LaunchRequest) Defaults() LaunchRequest {
	if r.Preset != "" {
		return r
	}
	if r.Market == "" {
		r.Market = DefaultMarket
	}
	if r.Location == "" {
		r.Location = DefaultLocation
	}
	if len(r.Languages) == 0 {
		r.Languages = []string{DefaultLanguage}
	}
	if r.Generation == "" {
		r.Generation = DefaultGeneration
	}
	return r
}

// ParseLanguages reads a language preference list such as "fr-FR,fr,en" or
// an Accept-Language value such as "fr-FR;q=0.5,en" into the tags the launch
// sends, by simulator.ParseLanguageList: q-values set the order, q=0 leaves a
// language out, a language given twice is sent once, at most
// simulator.MaxLanguages.
func ParseLanguages(s string) ([]string, error) {
	tags, _, err := ParseLanguagesWithNotes(s)
	return tags, err
}

// ParseLanguagesWithNotes is ParseLanguages that also says, in full
// sentences, what it changed from s (LaunchRequest.LanguageNotes).
func ParseLanguagesWithNotes(s string) (tags, notes []string, err error) {
	if strings.TrimSpace(strings.ReplaceAll(s, ",", "")) == "" {
		return nil, nil, errors.New("no language given")
	}
	list, err := simulator.ParseLanguageList([]string{s})
	if err != nil {
		return nil, nil, fmt.Errorf("accept-language: %w", err)
	}
	return list.Tags, list.Notes, nil
}

// Workspace holds the state shared by the sessions of one mpsim process: the
// saved simulated device, the presets file and the demo portal. Its methods
// are safe for concurrent use.
type Workspace struct {
	Dir      string
	Operator simulator.Operator

	presetsFile   string // absolute path of the presets file
	presetsSet    bool   // presetsFile was chosen (--config), not the default
	operatorsFile string // absolute path of the operators file (may not exist)
	store         simulator.Store

	mu      sync.Mutex
	device  simulator.Device // the saved device
	notices []string
	// news are what happened to the saved device while opening the host
	// that is no warning: deferred downloads that came due (News).
	news    []string
	created *int64 // seed of a device generated by Open, if any
	// readOnly, when set, is why nothing is written in Dir
	// (Options.ReadOnly, Options.Unwritable).
	readOnly *NotWritableError
	// thrownAway is Options.DeviceThrownAway.
	thrownAway string
	// unreadableDevice is why the device file of a readOnly workspace
	// could not be read, when it could not (the device is then Created).
	unreadableDevice *UnreadableError
	certTemp         string // a temporary directory holding the demo portal's certificate (readOnly), removed by Close
	// onDisk says the device was read from or saved to the device file
	// when the workspace opened: a file gone since was removed on purpose
	// (mpsim device reset), not a configuration directory never written.
	onDisk bool
	portal *demoportal.Server
	base   string
	cert   demoportal.Cert
	choice string
	api    string // demo portal hand-back API: demoportal.APILegacy, APIInline or "" (legacy)
	broken bool   // the demo portal breaks the design policies (demoportal.Config.BreakPolicies)
	// issued maps the activation codes the demo portal's back end issued to
	// their profiles' ICCIDs: the simulated SM-DP+ (contract §2.6); the
	// last maxIssued of them, oldest first in issuedOrder.
	issued      map[string]string
	issuedOrder []string
}

// maxIssued is how many of the demo portal's activation codes a workspace
// remembers: a host left running for days (a kiosk) issues one per new
// line, and a code is used within its session, or within a deferred
// download's delay.
const maxIssued = 1024

// Options adjust Open.
type Options struct {
	// Seed generates the device when none is saved yet; nil means the clock.
	Seed *int64
	// Kind is the SIM kind of a device generated on first run; "" means eSIM.
	Kind simulator.SIMKind
	// PresetsFile is the presets file to use; "" means PresetsFileName in the
	// configuration directory, created with the built-ins commented out on
	// first use.
	PresetsFile string
	// OperatorsFile is the operator profiles file; "" means
	// OperatorsFileName in the configuration directory (optional: without
	// it only the built-in Contoso Mobile exists).
	OperatorsFile string
	// Operator names the operator profile of the workspace (its demo
	// portal, the device generated on first run, launches naming none);
	// "" means the built-in Contoso Mobile.
	Operator string
	// ReadOnly opens the configuration directory without writing in it:
	// the saved device is read; with none saved, one is generated (from
	// Seed, else the clock) and kept in memory only (Created says so);
	// the presets file is not created (the built-ins apply), the demo
	// portal's certificate is made in a temporary directory when none can
	// be read there, and saving the device (SaveDevice, UpdateDevice,
	// FinishSession) fails, saying why.
	ReadOnly bool
	// Unwritable is why the directory cannot be written
	// (ConfigDirToRead); set, it opens the directory as ReadOnly does and
	// the errors of saving give it.
	Unwritable *NotWritableError
	// DeviceThrownAway, when set, says why the device the sessions leave
	// is thrown away with the directory (a matrix cell's own device): the
	// sessions' logs say no later launch sends its profiles or LPA errors
	// (session.Config.DeviceNotSaved).
	DeviceThrownAway string
}

// DeviceFileName and PresetsFileName are the files Open uses in the
// configuration directory.
const (
	DeviceFileName    = "device.json"
	PresetsFileName   = "presets.toml"
	OperatorsFileName = "operators.toml"
)

// Open returns a Workspace on the configuration directory dir with the demo
// operator and the device saved in dir. On first run it generates a device
// (from opts.Seed, else the clock) and saves it. A corrupt device file is
// kept aside by the store; Open then generates a new device and reports
// what happened in Notices, as it does for a corrupt host-prefs.json
// (KeepAsideCorruptHostPrefs). It fails only when the device can be
// neither read nor saved.
func Open(dir string, opts Options) (*Workspace, error) {
	h := &Workspace{Dir: dir, Operator: simulator.DemoOperator(), store: simulator.Store{Path: filepath.Join(dir, DeviceFileName)}}
	if err := h.setPresetsFile(opts.PresetsFile); err != nil {
		return nil, err
	}
	if err := h.setOperator(opts.OperatorsFile, opts.Operator); err != nil {
		return nil, err
	}
	h.readOnly = opts.Unwritable
	h.thrownAway = opts.DeviceThrownAway
	if h.readOnly == nil && opts.ReadOnly {
		h.readOnly = &NotWritableError{Dir: dir, Err: errors.New("opened read-only"), advice: "open it to write"}
	}
	if n := KeepAsideCorruptHostPrefs(dir); n != "" {
		h.notices = append(h.notices, n)
	}
	// A saved device is read without the lock (the store replaces the file
	// atomically), so a read-only configuration directory still works.
	if found, err := h.loaded(h.reported(h.store.LoadReporting())); err != nil || found {
		if err != nil {
			return nil, err
		}
		// The deferred downloads that came due while mpsim was not
		// running: the app offered them meanwhile.
		h.completeDueDownloadsNews(time.Now())
		return h, nil
	}
	if h.readOnly != nil {
		// Nothing saved and nothing can be: a device for this process.
		var seed int64
		h.device, seed = firstDevice(h.Operator, opts)
		h.created = &seed
		return h, nil
	}
	// First run (or a corrupt file): load again under the store's lock and
	// generate only if still nothing is saved, so that processes starting
	// together on an empty directory end up with one device.
	err := h.store.Update(func(l simulator.Locked) error {
		if found, err := h.loaded(h.reported(l.LoadReporting())); err != nil || found {
			return err
		}
		var seed int64
		h.device, seed = firstDevice(h.Operator, opts)
		h.created = &seed
		if err := l.Save(h.device); err != nil {
			return fmt.Errorf("save the new simulated device: %w", err)
		}
		h.onDisk = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// firstDevice generates the device of a configuration directory that holds
// none, for op, from opts.Seed (else the clock), of opts.Kind (else eSIM),
// and returns it with its seed.
func firstDevice(op simulator.Operator, opts Options) (simulator.Device, int64) {
	seed := time.Now().UnixNano()
	if opts.Seed != nil {
		seed = *opts.Seed
	}
	kind := opts.Kind
	if kind == "" {
		kind = simulator.KindESIM
	}
	return GenerateDevice(kind, op, seed), seed
}

// ReadOnly returns why the workspace writes nothing in its configuration
// directory (Options.ReadOnly, Options.Unwritable), or nil when it does.
func (h *Workspace) ReadOnly() *NotWritableError { return h.readOnly }

// UnreadableDevice returns why the saved device of a workspace that
// writes nothing in its configuration directory could not be read, or nil:
// the device is then one generated for this process (Created).
func (h *Workspace) UnreadableDevice() *UnreadableError {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.unreadableDevice
}

// loaded takes what loading the saved device gave: the device when found;
// a corrupt file, which the store moved aside, as a notice (Open then
// starts afresh); an error when the file is there but cannot be read.
//
// On a configuration directory it does not write in (readOnly), a device
// file this process may not read (another user's, mode 0600) is as none:
// Open generates a device for the process, and the notice names the file
// and how to share a configuration; elsewhere that is an error, which
// says the same.
func (h *Workspace) loaded(d simulator.Device, found bool, err error) (bool, error) {
	if err != nil {
		var ue *UnreadableError
		if errors.As(unreadable(h.store.Path, err), &ue) {
			if h.readOnly == nil {
				return false, fmt.Errorf("load the simulated device: %w", ue)
			}
			h.unreadableDevice = ue
			h.notices = append(h.notices, fmt.Sprintf("the saved device is not used: %v", ue))
			return false, nil
		}
		if _, statErr := os.Stat(h.store.Path); !errors.Is(statErr, fs.ErrNotExist) {
			return false, fmt.Errorf("load the simulated device: %w", err)
		}
		h.notices = append(h.notices, err.Error())
		return false, nil
	}
	if found {
		h.device, h.onDisk = d, true
	}
	return found, nil
}

// reported takes what simulator.Store.LoadReporting gave and returns it as
// Load does; the keys of the device file this mpsim does not know (a hand
// edit, a newer mpsim's field), which were ignored, become a notice naming
// them: the device is kept, and the next save drops them.
func (h *Workspace) reported(d simulator.Device, found bool, unknown []string, err error) (simulator.Device, bool, error) {
	if err == nil && found && len(unknown) > 0 {
		quoted := make([]string, len(unknown))
		for i, k := range unknown {
			quoted[i] = strconv.Quote(k)
		}
		h.notices = append(h.notices, fmt.Sprintf("the device file %s has %s this mpsim does not know (a hand edit, or a newer mpsim's): the device is kept and %s ignored, and dropped when the device is next saved",
			h.store.Path, plural(len(unknown), "key", "keys")+" "+strings.Join(quoted, ", "), plural(len(unknown), "it is", "they are")))
	}
	return d, found, err
}

// plural is one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// New returns a Workspace on dir like Open, with the device generated from seed
// on first run (0 means the clock). It never fails: when the device cannot
// be read or saved, the host keeps a device in memory and says why in
// Notices.
func New(dir string, seed int64) *Workspace {
	var opts Options
	if seed != 0 {
		opts.Seed = &seed
	}
	h, err := Open(dir, opts)
	if err == nil {
		return h
	}
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	h = &Workspace{Dir: dir, Operator: simulator.DemoOperator(), store: simulator.Store{Path: filepath.Join(dir, DeviceFileName)}}
	_ = h.setPresetsFile("")  // the default path never fails
	_ = h.setOperator("", "") // nor does the default operators file
	h.device = GenerateDevice(simulator.KindESIM, h.Operator, seed)
	h.notices = append(h.notices, err.Error()+"; using a device kept in memory only")
	return h
}

// Notices returns what went wrong with the saved state while opening the
// host (a corrupt device file or host-prefs.json kept aside, an unreadable
// one), for the user.
func (h *Workspace) Notices() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.notices...)
}

// News returns what happened to the saved device while opening the host
// that the user should know and that is no warning: the deferred downloads
// (F4) that came due since the last command and were carried out, each in
// one sentence.
func (h *Workspace) News() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.news...)
}

// Created reports whether Open generated the device because none was saved,
// and from which seed.
func (h *Workspace) Created() (seed int64, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.created == nil {
		return 0, false
	}
	return *h.created, true
}

// SetDemoChoice makes the demo portal complete on its own ("buy", "cancel")
// for sessions started afterwards; "" turns it off. Call before StartDemo.
func (h *Workspace) SetDemoChoice(choice string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.choice = choice
}

// SetDemoAPI chooses the demo operator's hand-back API for the demo portal:
// demoportal.APILegacy (DataMart.notifyPurchaseResult), demoportal.APIInline
// (the MobilePlans* APIs) or "" (legacy). Call before StartDemo; it fails on
// any other value.
func (h *Workspace) SetDemoAPI(api string) error {
	switch api {
	case "", demoportal.APILegacy, demoportal.APIInline:
	default:
		return fmt.Errorf("demo portal API %q: use %s", api, strings.Join(demoportal.APIs(), " or "))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.api = api
	return nil
}

// SetDemoBreakPolicies makes the demo portal break the design policies a
// machine checks, one break each (demoportal.Config.BreakPolicies), while
// its unattended choices still hand back. Call before StartDemo.
func (h *Workspace) SetDemoBreakPolicies(on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.broken = on
}

// StartDemo starts the built-in demo portal (once) and returns its URL.
// It prefers DefaultDemoAddr and takes any free loopback port when that is busy.
func (h *Workspace) StartDemo() (string, error) { return h.startDemo(DefaultDemoAddr, true) }

// ServeDemo starts the demo portal on addr exactly (mpsim demo-portal).
func (h *Workspace) ServeDemo(addr string) (string, error) { return h.startDemo(addr, false) }

// CertPath returns where the demo portal's certificate is kept.
func (h *Workspace) CertPath() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cert.Path
}

func (h *Workspace) startDemo(addr string, fallback bool) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.portal != nil {
		return h.base, nil
	}
	cert, err := h.demoCert()
	if err != nil {
		return "", fmt.Errorf("demo portal certificate: %w", err)
	}
	op := h.Operator
	gen := simulator.NewGenerator(time.Now().UnixNano())
	var genMu sync.Mutex
	srv, err := demoportal.New(demoportal.Config{
		OperatorName:  op.Name,
		AutoChoice:    h.choice,
		API:           h.api,
		BreakPolicies: h.broken,
		IssueProfile: func(url.Values) (string, string) {
			genMu.Lock()
			iccid, code := gen.ICCID(op), gen.ActivationCode(op.SMDPAddress)
			genMu.Unlock()
			h.rememberIssued(code, iccid)
			return iccid, code
		},
	})
	if err != nil {
		return "", fmt.Errorf("demo portal: %w", err)
	}
	base, err := srv.Start(addr, cert)
	if err != nil && fallback {
		base, err = srv.Start("127.0.0.1:0", cert)
	}
	if err != nil {
		return "", fmt.Errorf("start demo portal: %w", err)
	}
	h.portal, h.base, h.cert = srv, base, cert
	return base, nil
}

// demoCert returns the demo portal's certificate kept in the
// configuration directory. A read-only workspace uses the one there when it
// can, else makes one in a temporary directory that Close removes: the
// session pins it, so it need not outlive the process. Call with h.mu held.
func (h *Workspace) demoCert() (demoportal.Cert, error) {
	if h.readOnly == nil {
		return demoportal.LoadOrCreateCert(h.Dir, nil)
	}
	if _, err := os.Stat(filepath.Join(h.Dir, demoportal.CertFileName)); err == nil {
		if cert, err := demoportal.LoadOrCreateCert(h.Dir, nil); err == nil {
			return cert, nil
		}
	}
	var err error
	if h.certTemp == "" {
		if h.certTemp, err = os.MkdirTemp("", "mpsim-cert-"); err != nil {
			return demoportal.Cert{}, fmt.Errorf("%w; a temporary one: %w", h.readOnly, err)
		}
	}
	return demoportal.LoadOrCreateCert(h.certTemp, nil)
}

// DemoURL returns the demo portal's URL if it runs.
func (h *Workspace) DemoURL() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.base
}

// DemoRequests returns what the demo portal server has received.
func (h *Workspace) DemoRequests() []demoportal.RequestRecord {
	h.mu.Lock()
	p := h.portal
	h.mu.Unlock()
	if p == nil {
		return nil
	}
	return p.Requests()
}

// Close stops the demo portal (and removes the temporary directory of its
// certificate, if it has one).
func (h *Workspace) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.certTemp != "" {
		_ = os.RemoveAll(h.certTemp)
		h.certTemp = ""
	}
	if h.portal == nil {
		return nil
	}
	err := h.portal.Close()
	h.portal = nil
	return err
}

// Launch builds the launch for r (starting the demo portal when r names no
// portal) without opening anything. It returns the device the launch was
// built from: the saved device, or a per-session view of it for another SIM
// kind or a preset.
func (h *Workspace) Launch(r LaunchRequest) (simulator.Launch, simulator.Device, error) {
	p, err := h.prepare(r)
	return p.launch, p.device, err
}

// prepared is a launch with what it was built from.
type prepared struct {
	launch simulator.Launch
	device simulator.Device
	langs  []string
	preset *simulator.Preset
	op     simulator.Operator
	demo   bool // the built-in demo portal serves the launch
}

// prepare resolves r against the saved device, the preset and the defaults
// and builds the launch. Explicit fields of r win over the preset's.
func (h *Workspace) prepare(r LaunchRequest) (prepared, error) {
	var p *simulator.Preset
	if r.Preset != "" {
		found, err := h.Preset(r.Preset)
		if err != nil {
			return prepared{}, err
		}
		p = &found
	}
	kind := r.SIM
	if kind == "" && p != nil {
		kind = p.SIM
	}
	if kind != "" && !kind.Valid() {
		return prepared{}, fmt.Errorf("SIM kind %q: use esim, psim or none", kind)
	}
	opName := r.Operator
	if opName == "" && p != nil {
		opName = p.Operator
	}
	op, err := h.FindOperator(opName)
	if err != nil {
		return prepared{}, err
	}
	// A deferred download that came due since the host opened (a window or
	// a --watch loop left running) is carried out before the launch, so
	// that the launch sends what the app would; Open said the others.
	h.completeDueDownloadsNews(time.Now())
	dev := simulator.DeviceFor(h.Device(kind), op)
	var opts simulator.LaunchOptions
	if p != nil {
		applied := *p
		applied.SIM = "" // the device of the right kind is already chosen
		if dev, opts, err = applied.Apply(dev, op, opts); err != nil {
			return prepared{device: dev}, err
		}
	}
	opts = withRequest(opts, r, op)
	opts.PhoneNumber, opts.CountryCode, opts.IncludeESIMICCID = r.PhoneNumber, r.CountryCode, r.PreviousICCID
	opts.PortalURL = r.PortalURL
	if opts.PortalURL == "" {
		opts.PortalURL = op.PortalURL
	}
	if opts.PortalURL == "" {
		if opts.PortalURL, err = h.StartDemo(); err != nil {
			return prepared{device: dev}, err
		}
	}
	opts.TransactionID = r.TransactionID
	if opts.TransactionID == "" {
		opts.TransactionID = simulator.NewGenerator(time.Now().UnixNano()).TransactionID()
	}
	l, err := simulator.BuildLaunch(dev, op, opts)
	if err != nil {
		return prepared{device: dev}, err // simulator.BuildLaunch says "build launch"
	}
	if p != nil {
		if l, err = simulator.ApplyMutationsChecked(l, p.Mutations); err != nil {
			return prepared{device: dev}, fmt.Errorf("preset %q: %w", p.Name, err)
		}
	}
	return prepared{launch: l, device: dev, langs: opts.Languages, preset: p, op: op, demo: r.PortalURL == "" && op.PortalURL == ""}, nil
}

// withRequest returns opts with what r sets explicitly, and op's defaults
// (else the host's) for what neither r nor the preset set; the languages are
// the list as sent (simulator.ParseLanguageList).
func withRequest(opts simulator.LaunchOptions, r LaunchRequest, op simulator.Operator) simulator.LaunchOptions {
	def := OperatorDefaults(op)
	pick := func(vals ...string) string {
		for _, v := range vals {
			if v != "" {
				return v
			}
		}
		return ""
	}
	opts.Market = pick(r.Market, opts.Market, def.Market)
	opts.Location = pick(r.Location, opts.Location, def.Location)
	opts.Generation = simulator.Generation(pick(string(r.Generation), string(opts.Generation), string(def.Generation)))
	switch {
	case len(r.Languages) > 0:
		opts.Languages = append([]string(nil), r.Languages...)
	case len(opts.Languages) == 0:
		opts.Languages = def.Languages
	}
	// The window is given the list as sent (q-values applied, duplicates
	// once); BuildLaunch reports a list that does not parse.
	if list, err := simulator.ParseLanguageList(opts.Languages); err == nil {
		opts.Languages = list.Tags
	}
	opts.Extra = append(opts.Extra, r.Extra...)
	return opts
}

// OperatorDefaults returns the launch defaults for op: its first market as
// market and location, its languages and generation, else the host's. A
// launch for op sends them for what neither the request nor its preset
// sets (mpsim url --operator; the host window's form fills them in).
func OperatorDefaults(op simulator.Operator) LaunchRequest {
	var r LaunchRequest
	if len(op.Markets) > 0 {
		r.Market, r.Location = op.Markets[0], op.Markets[0]
	}
	r.Languages = append([]string(nil), op.Languages...)
	r.Generation = op.Generation
	return r.Defaults()
}

// SessionConfig builds the session configuration for r: the launch, the
// device it was built from, the operator, and what the hand-back is checked
// against. trusted are extra certificates to pin (from --trust-cert). The
// preset's expectation, if any, is Preset(r.Preset).Expect; the session
// package leaves Report.Expectation to the caller.
func (h *Workspace) SessionConfig(r LaunchRequest, trusted []session.TrustedCert) (session.Config, error) {
	p, err := h.prepare(r)
	if err != nil {
		return session.Config{}, err
	}
	cfg := session.Config{
		Launch:    p.launch,
		Languages: p.langs,
		Expect: bridge.Expectation{
			TransactionID:  mustParam(p.launch, "transactionId"),
			SIMKind:        string(p.device.Kind),
			ICCIDs:         KnownICCIDs(p.device, p.launch),
			OperatorICCIDs: LaunchICCIDs(p.launch),
			SMDPAddress:    profileSMDP(p),
			ICCIDRanges:    p.op.Ranges(),
		},
		Certs:    append([]session.TrustedCert(nil), trusted...),
		Title:    "Mobile Plans — " + p.op.Name,
		Device:   p.device,
		Operator: p.op,
		// The profile behind a demo activation code is the one the demo
		// back end issued with it.
		ResolveProfile: h.ResolveProfile,
	}
	cfg.DeviceNotSaved, cfg.DeviceKeptInMemory = h.deviceNotSaved(p.device)
	if p.preset != nil {
		cfg.Expectation = session.Expectation{Text: p.preset.Expect, Statuses: p.preset.ExpectStatus, Strict: p.preset.ExpectStrict}
	}
	if len(p.op.NotifyHosts) > 0 {
		cfg.AllowedHosts = append([]string(nil), p.op.NotifyHosts...)
	}
	if p.demo {
		h.mu.Lock()
		cfg.Certs = append(cfg.Certs, session.TrustedCert{PEM: string(h.cert.PEM), Hosts: []string{"127.0.0.1"}})
		h.mu.Unlock()
		// The demo portal's unattended choice waits for its first paint's
		// record, so that the record is of its first page on every run.
		cfg.SignalRecorded = true
	}
	return cfg, nil
}

// Observation summarises what the demo portal's server received for the
// last launch: the Accept-Language and query of its page request.
func (h *Workspace) Observation() *session.ServerObservation {
	reqs := h.DemoRequests()
	obs := &session.ServerObservation{Requests: len(reqs)}
	h.mu.Lock()
	if h.portal != nil {
		obs.Requests = h.portal.RequestCount() // all of them, not only those kept
	}
	h.mu.Unlock()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Path == "/" {
			obs.AcceptLanguage = reqs[i].AcceptLanguage
			obs.Query = reqs[i].RawQuery
			break
		}
	}
	return obs
}

// rememberIssued keeps the ICCID the demo portal's back end issued with
// code, forgetting the oldest code beyond maxIssued.
func (h *Workspace) rememberIssued(code, iccid string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.issued == nil {
		h.issued = map[string]string{}
	}
	if _, ok := h.issued[code]; !ok {
		h.issuedOrder = append(h.issuedOrder, code)
	}
	h.issued[code] = iccid
	if n := len(h.issuedOrder) - maxIssued; n > 0 {
		for _, old := range h.issuedOrder[:n] {
			delete(h.issued, old)
		}
		h.issuedOrder = slices.Delete(h.issuedOrder, 0, n)
	}
}

// ResolveProfile returns the ICCID of the profile the demo portal's back end
// issued with activationCode, if it did.
func (h *Workspace) ResolveProfile(activationCode string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	iccid, ok := h.issued[activationCode]
	return iccid, ok
}

func mustParam(l simulator.Launch, name string) string {
	v, _ := l.Param(name)
	return v
}

// LaunchICCIDs returns the ICCIDs the launch l sent in iccids: the
// operator's profiles on the eSIM the portal knows of (empty, not nil, when
// it sent none).
func LaunchICCIDs(l simulator.Launch) []string {
	out := []string{}
	if v, ok := l.Param("iccids"); ok {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// KnownICCIDs are the ICCIDs a hand-back may name for the SIM: the
// device's (its physical SIM, its eSIM's profiles) and the physical SIM's
// iccid the launch sent, which a negative preset may have broken (a wrong
// check digit, a trailing F): the portal was right to echo what it was
// launched with.
func KnownICCIDs(d simulator.Device, l simulator.Launch) []string {
	out := deviceICCIDs(d)
	if v, ok := l.Param("iccid"); ok && v != "" && !slices.Contains(out, v) {
		out = append(out, v)
		if stripped := simulator.StripICCIDPadding(v); stripped != v {
			out = append(out, stripped)
		}
	}
	return out
}

func deviceICCIDs(d simulator.Device) []string {
	var out []string
	if d.ICCID != "" {
		out = append(out, d.ICCID)
	}
	for _, p := range d.Profiles {
		out = append(out, p.ICCID)
	}
	return out
}

// LoadTrustedCert reads a PEM certificate and returns it pinned for every
// host it names (its IP and DNS subject alternative names).
func LoadTrustedCert(path string) (session.TrustedCert, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return session.TrustedCert{}, fmt.Errorf("read certificate: %w", err)
	}
	var block *pem.Block
	for rest := data; ; {
		block, rest = pem.Decode(rest)
		if block == nil || block.Type == "CERTIFICATE" {
			break
		}
	}
	if block == nil {
		if bytes.Contains(data, []byte("PRIVATE KEY-----")) {
			return session.TrustedCert{}, fmt.Errorf("%s holds a private key, not a certificate: give the certificate (the .pem or .crt file with BEGIN CERTIFICATE), which is public; the key stays with the server", path)
		}
		return session.TrustedCert{}, fmt.Errorf("%s: no PEM CERTIFICATE block", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return session.TrustedCert{}, fmt.Errorf("%s: %w", path, err)
	}
	var hosts []string
	for _, ip := range c.IPAddresses {
		hosts = append(hosts, ip.String())
	}
	hosts = append(hosts, c.DNSNames...)
	if len(hosts) == 0 && c.Subject.CommonName != "" {
		hosts = append(hosts, c.Subject.CommonName)
	}
	if len(hosts) == 0 {
		return session.TrustedCert{}, fmt.Errorf("%s: the certificate names no host (no SANs)", path)
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: block.Bytes})
	return session.TrustedCert{PEM: string(out), Hosts: hosts}, nil
}

// IsLoopback reports whether host (no port) is a loopback address or localhost.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// OperatorName names the operator whose portal the workspace tests.
func (h *Workspace) OperatorName() string { return h.Operator.Name }

// HasPortal reports whether the operator of r (its own, its preset's or
// the workspace's) has a portal URL of its own, used when r names none.
func (h *Workspace) HasPortal(r LaunchRequest) bool {
	name := r.Operator
	if name == "" && r.Preset != "" {
		if p, err := h.Preset(r.Preset); err == nil {
			name = p.Operator
		}
	}
	op, err := h.FindOperator(name)
	return err == nil && op.PortalURL != ""
}

// OperatorsFile returns the operator profiles file the workspace reads
// (absolute; it need not exist).
func (h *Workspace) OperatorsFile() string { return h.operatorsFile }

// setOperator chooses the operators file (default: OperatorsFileName in the
// configuration directory) and makes the profile called name, if any, the
// workspace's operator.
func (h *Workspace) setOperator(file, name string) error {
	if file == "" {
		file = filepath.Join(h.Dir, OperatorsFileName)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return fmt.Errorf("operators file %s: %w", file, err)
	}
	h.operatorsFile = abs
	if name == "" {
		return nil
	}
	op, err := h.FindOperator(name)
	if err != nil {
		return err
	}
	h.Operator = op
	return nil
}

// Operators returns the operator profiles: the built-in Contoso Mobile
// merged with the operators file (simulator.LoadOperators), read on every
// call so edits apply to the next session. A missing file is no error.
func (h *Workspace) Operators() ([]simulator.Operator, error) {
	return LoadOperators(h.operatorsFile)
}

// LoadOperators returns the built-in operator profiles merged with the
// operators file at path; without the file, the built-ins.
func LoadOperators(path string) ([]simulator.Operator, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return simulator.BuiltinOperators(), nil
	}
	ops, err := simulator.LoadOperators(path)
	if err != nil {
		return nil, unreadable(path, err) // "operators: FILE:LINE: …", said once
	}
	return ops, nil
}

// FindOperator returns the operator profile called name (case-insensitive);
// "" is the workspace's operator.
func (h *Workspace) FindOperator(name string) (simulator.Operator, error) {
	if name == "" || strings.EqualFold(name, h.Operator.Name) {
		return h.Operator, nil
	}
	ops, err := h.Operators()
	if err != nil {
		return simulator.Operator{}, err
	}
	op, err := simulator.FindOperator(ops, name)
	if err != nil {
		return simulator.Operator{}, fmt.Errorf("%w (operator profiles: %s)", err, h.operatorsFile)
	}
	return op, nil
}

// profileSMDP is the SM-DP+ a session checks activation codes against: an
// operator profile of the user's names the one its portal's codes should
// name. The built-in Contoso profile stands for any portal, and the demo
// portal issues codes of its own SM-DP+ whatever the profile, so with
// either nothing is checked.
func profileSMDP(p prepared) string {
	if p.demo || strings.EqualFold(p.op.SMDPAddress, simulator.DemoOperator().SMDPAddress) {
		return ""
	}
	return p.op.SMDPAddress
}
