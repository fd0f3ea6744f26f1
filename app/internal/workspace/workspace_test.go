package workspace

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/simulator"
)

const testPortal = "https://portal.example/"

func seed(n int64) *int64 { return &n }

func openT(t *testing.T, dir string, opts Options) *Workspace {
	t.Helper()
	h, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

func TestOpenPersistsTheDevice(t *testing.T) {
	dir := t.TempDir()
	first := openT(t, dir, Options{Seed: seed(5)})
	if s, ok := first.Created(); !ok || s != 5 {
		t.Fatalf("first Open: Created() = %d, %v; want 5, true", s, ok)
	}
	if _, err := os.Stat(filepath.Join(dir, DeviceFileName)); err != nil {
		t.Fatalf("first Open saved no device: %v", err)
	}
	// A later run with another seed loads the saved device.
	second := openT(t, dir, Options{Seed: seed(99)})
	if _, ok := second.Created(); ok {
		t.Error("second Open generated a device although one was saved")
	}
	if !reflect.DeepEqual(first.SavedDevice(), second.SavedDevice()) {
		t.Errorf("device changed across runs:\n%+v\n%+v", first.SavedDevice(), second.SavedDevice())
	}
	// The same seed in another directory gives the same device.
	other := openT(t, t.TempDir(), Options{Seed: seed(5)})
	if !reflect.DeepEqual(first.SavedDevice(), other.SavedDevice()) {
		t.Error("the same seed gave different devices")
	}
	if errs := first.SavedDevice().Validate(); len(errs) > 0 {
		t.Errorf("generated device does not validate: %v", errs)
	}
}

func TestOpenFirstRunKind(t *testing.T) {
	for _, kind := range []simulator.SIMKind{"", simulator.KindESIM, simulator.KindPSIM, simulator.KindNone} {
		h := openT(t, t.TempDir(), Options{Seed: seed(1), Kind: kind})
		want := kind
		if want == "" {
			want = simulator.KindESIM
		}
		if got := h.SavedDevice().Kind; got != want {
			t.Errorf("Kind %q: saved device kind %q, want %q", kind, got, want)
		}
	}
}

func TestOpenKeepsACorruptDeviceAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, DeviceFileName)
	garbage := []byte(`{"kind":"esim","imei":`)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	h := openT(t, dir, Options{Seed: seed(3)})
	notices := strings.Join(h.Notices(), "\n")
	if !strings.Contains(notices, "corrupt") || !strings.Contains(notices, path+".corrupt-") {
		t.Errorf("notices do not report the corrupt file and where it went: %q", notices)
	}
	aside, _ := filepath.Glob(path + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("corrupt file not kept aside: %v", aside)
	}
	if data, _ := os.ReadFile(aside[0]); string(data) != string(garbage) {
		t.Errorf("kept-aside file changed: %q", data)
	}
	if _, ok := h.Created(); !ok {
		t.Error("no new device after the corrupt one")
	}
	if again := openT(t, dir, Options{}); len(again.Notices()) != 0 || !reflect.DeepEqual(again.SavedDevice(), h.SavedDevice()) {
		t.Errorf("the new device was not saved: notices %v", again.Notices())
	}
}

func TestOpenUnreadableDevice(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, DeviceFileName), 0o700); err != nil { // a directory cannot be read as a file
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "load the simulated device") {
		t.Fatalf("Open: err = %v, want a load error", err)
	}
	h := New(dir, 7)
	defer h.Close()
	if len(h.Notices()) == 0 || !strings.Contains(h.Notices()[0], "memory") {
		t.Errorf("New: notices %v, want the error and the in-memory fallback", h.Notices())
	}
	if h.SavedDevice().Kind != simulator.KindESIM {
		t.Errorf("New fallback device kind %q", h.SavedDevice().Kind)
	}
}

func TestDeviceViews(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(11)})
	saved := h.SavedDevice()
	for _, kind := range []simulator.SIMKind{"", simulator.KindESIM, simulator.KindPSIM, simulator.KindNone} {
		d := h.Device(kind)
		want := kind
		if want == "" {
			want = saved.Kind
		}
		if d.Kind != want {
			t.Errorf("Device(%q).Kind = %q", kind, d.Kind)
		}
		if d.IMEI != saved.IMEI {
			t.Errorf("Device(%q) has IMEI %s, the saved device %s", kind, d.IMEI, saved.IMEI)
		}
		if errs := d.Validate(); len(errs) > 0 {
			t.Errorf("Device(%q) does not validate: %v", kind, errs)
		}
		// Views are the same in another process on the same saved device.
		other := openT(t, h.Dir, Options{})
		if !reflect.DeepEqual(other.Device(kind), d) {
			t.Errorf("Device(%q) differs between hosts", kind)
		}
	}
	// Changing a returned device never changes the host's.
	d := h.Device("")
	d.Profiles[0].ICCID = "x"
	if h.SavedDevice().Profiles[0].ICCID == "x" {
		t.Error("Device returned the host's own slice")
	}
}

func TestFinishSession(t *testing.T) {
	at := time.Date(2018, 5, 18, 23, 17, 23, 0, time.UTC)
	reported := simulator.LPAError{Code: "ServerFailure", At: at, ICCID: "8988247000101997790"}
	fresh := simulator.LPAError{Code: "ServerNotReachable", At: at.Add(time.Hour), ICCID: "8988247000101997790"}
	otherProfiles := simulator.LPAError{Code: "CardBusy", At: at.Add(-time.Hour), ICCID: "8988247000101867183"}
	fabrikams := simulator.LPAError{Code: "CardBusy", At: at.Add(2 * time.Hour), ICCID: "8944120000000000017", Operator: "Fabrikam Telecom"}
	newProfile := simulator.Profile{ICCID: "8988247000100297655", Operator: "Contoso Mobile", State: simulator.ProfileInstalled}
	tests := []struct {
		name       string
		kind       simulator.SIMKind // of the session's device; "" the saved one
		generation simulator.Generation
		lpa        []simulator.LPAError // on the saved device before the session
		change     func(*simulator.Device)
		noReport   bool // the session reported no device
		wantSaved  bool
		wantLPA    []simulator.LPAError
		wantNewPr  bool
	}{
		{name: "profile installed", change: func(d *simulator.Device) { d.Profiles = append(d.Profiles, newProfile) }, wantSaved: true, wantNewPr: true},
		{name: "per-session view of another kind", kind: simulator.KindPSIM, change: func(d *simulator.Device) {}, wantSaved: false},
		{name: "reported LPA errors cleared, new kept", lpa: []simulator.LPAError{reported},
			change: func(d *simulator.Device) { d.LPAErrors = append(d.LPAErrors, fresh) }, wantSaved: true, wantLPA: []simulator.LPAError{fresh}},
		{name: "no report device: reported LPA errors cleared", lpa: []simulator.LPAError{reported}, noReport: true, wantSaved: true},
		{name: "dynamo-2018 does not report LPA errors", generation: simulator.GenerationDynamo2018, lpa: []simulator.LPAError{reported},
			change: func(d *simulator.Device) {}, wantSaved: true, wantLPA: []simulator.LPAError{reported}},
		// QA simfix: another operator's failed download was sent to this
		// operator's portal and then cleared, so its own portal never saw it.
		{name: "another operator's LPA errors are neither sent nor cleared", lpa: []simulator.LPAError{reported, fabrikams},
			change: func(d *simulator.Device) {}, wantSaved: true, wantLPA: []simulator.LPAError{fabrikams}},
		// Fidelity QA: X-MP-LPAError-ICCIDs holds one ICCID, the latest
		// failure's; an earlier failure of another profile was sent with
		// it, as if that profile had failed so, and then cleared.
		{name: "another profile's earlier LPA errors wait for the next launch", lpa: []simulator.LPAError{otherProfiles, reported},
			change: func(d *simulator.Device) {}, wantSaved: true, wantLPA: []simulator.LPAError{otherProfiles}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := openT(t, t.TempDir(), Options{Seed: seed(21)})
			base := h.SavedDevice()
			base.LPAErrors = tc.lpa
			if err := h.SaveDevice(base); err != nil {
				t.Fatal(err)
			}
			cfg, err := h.SessionConfig(LaunchRequest{SIM: tc.kind, PortalURL: testPortal, Generation: tc.generation}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var rep session.Report
			if !tc.noReport {
				after := cfg.Device
				after.Profiles = append([]simulator.Profile(nil), after.Profiles...)
				after.LPAErrors = append([]simulator.LPAError(nil), after.LPAErrors...)
				tc.change(&after)
				rep.Device = &after
			}
			saved, err := h.FinishSession(cfg, rep)
			if err != nil || saved != tc.wantSaved {
				t.Fatalf("FinishSession = %v, %v; want %v", saved, err, tc.wantSaved)
			}
			reopened := openT(t, h.Dir, Options{}).SavedDevice()
			if reopened.Kind != base.Kind {
				t.Errorf("saved kind became %q", reopened.Kind)
			}
			if !tc.wantSaved {
				if !reflect.DeepEqual(reopened, base) {
					t.Errorf("device changed although not saved")
				}
				return
			}
			if !reflect.DeepEqual(reopened.LPAErrors, tc.wantLPA) {
				t.Errorf("LPA errors after the session %+v, want %+v", reopened.LPAErrors, tc.wantLPA)
			}
			if has := len(reopened.Profiles) == len(base.Profiles)+1; has != tc.wantNewPr {
				t.Errorf("profiles after the session %+v", reopened.Profiles)
			}
		})
	}
}

// A device reset while a session runs stays reset: the session's end
// does not write the old device back (it did, from memory).
func TestFinishSessionAfterAReset(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(21)})
	cfg, err := h.SessionConfig(LaunchRequest{PortalURL: testPortal}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if removed, err := RemoveDevice(h.Dir); err != nil || !removed {
		t.Fatalf("RemoveDevice = %v, %v", removed, err)
	}
	after := cfg.Device
	after.Profiles = append(slices.Clone(after.Profiles), simulator.Profile{ICCID: "8988247000100297655", Operator: "Contoso Mobile", State: simulator.ProfileInstalled})
	saved, err := h.FinishSession(cfg, session.Report{Device: &after})
	if saved || err == nil || !strings.Contains(err.Error(), "removed while the session ran") {
		t.Errorf("FinishSession after a reset = %v, %v", saved, err)
	}
	if _, err := os.Stat(h.DevicePath()); !os.IsNotExist(err) {
		t.Errorf("the device file came back: %v", err)
	}
}

func TestLaunchHeadersCarryLPAErrors(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(8)})
	d := h.SavedDevice()
	if err := d.RecordLPAError(simulator.DemoOperatorName, "ServerFailure", d.Profiles[0].ICCID, time.Date(2018, 5, 18, 23, 17, 23, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := h.SaveDevice(d); err != nil {
		t.Fatal(err)
	}
	l, _, err := h.Launch(LaunchRequest{PortalURL: testPortal})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		simulator.HeaderLPAErrorCodes:      "ServerFailure",
		simulator.HeaderLPAErrorTimeStamps: "5/18/2018 11:17:23 PM",
		simulator.HeaderLPAErrorICCIDs:     d.Profiles[0].ICCID,
	}
	for k, v := range want {
		if l.Headers[k] != v {
			t.Errorf("header %s = %q, want %q", k, l.Headers[k], v)
		}
	}
}

func TestLaunchMatrix(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(13)})
	// Which parameters each generation × device state sends (contract §1.3).
	tests := []struct {
		gen     simulator.Generation
		kind    simulator.SIMKind
		present []string
		absent  []string
	}{
		{simulator.GenerationCurrent, simulator.KindESIM, []string{"market", "location", "transactionId", "eid", "imei", "iccids"}, []string{"iccid", "phoneNumber"}},
		{simulator.GenerationCurrent, simulator.KindPSIM, []string{"iccid", "imei"}, []string{"eid", "iccids"}},
		{simulator.GenerationCurrent, simulator.KindNone, []string{"imei", "market"}, []string{"eid", "iccid", "iccids"}},
		{simulator.GenerationDynamo2018, simulator.KindESIM, []string{"eid", "iccids"}, []string{"imei", "iccid"}},
		{simulator.GenerationDynamo2018, simulator.KindPSIM, []string{"iccid"}, []string{"imei"}},
		{simulator.GenerationNov2018, simulator.KindPSIM, []string{"iccid", "imei"}, []string{"eid"}},
	}
	for _, tc := range tests {
		l, d, err := h.Launch(LaunchRequest{SIM: tc.kind, Generation: tc.gen, PortalURL: testPortal})
		if err != nil {
			t.Errorf("%s/%s: %v", tc.gen, tc.kind, err)
			continue
		}
		if d.Kind != tc.kind {
			t.Errorf("%s/%s: launched device kind %q", tc.gen, tc.kind, d.Kind)
		}
		for _, p := range tc.present {
			if _, ok := l.Param(p); !ok {
				t.Errorf("%s/%s: no %s in %s", tc.gen, tc.kind, p, l.URL)
			}
		}
		for _, p := range tc.absent {
			if _, ok := l.Param(p); ok {
				t.Errorf("%s/%s: unexpected %s in %s", tc.gen, tc.kind, p, l.URL)
			}
		}
	}
}

func TestLaunchPresets(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(17)})
	before, err := os.ReadFile(h.DevicePath())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		req   LaunchRequest
		check func(t *testing.T, l simulator.Launch, d simulator.Device)
	}{
		{"bad-iccid-check-digit", LaunchRequest{Preset: "bad-iccid-check-digit"}, func(t *testing.T, l simulator.Launch, d simulator.Device) {
			iccid, _ := l.Param("iccid")
			if err := simulator.ValidateICCID(iccid); err == nil {
				t.Errorf("iccid %s validates; the preset should break its check digit", iccid)
			}
			if d.Kind != simulator.KindPSIM {
				t.Errorf("device kind %q, want psim", d.Kind)
			}
		}},
		{"french-user", LaunchRequest{Preset: "french-user"}, func(t *testing.T, l simulator.Launch, _ simulator.Device) {
			if got := l.Headers[simulator.HeaderAcceptLanguage]; got != "fr-FR,fr;q=0.90,en;q=0.80" {
				t.Errorf("Accept-Language %q", got)
			}
			if m, _ := l.Param("market"); m != "FR" {
				t.Errorf("market %q", m)
			}
		}},
		{"explicit market wins", LaunchRequest{Preset: "french-user", Market: "DE"}, func(t *testing.T, l simulator.Launch, _ simulator.Device) {
			if m, _ := l.Param("market"); m != "DE" {
				t.Errorf("market %q, want the explicit DE", m)
			}
			if loc, _ := l.Param("location"); loc != "FR" {
				t.Errorf("location %q, want the preset's FR", loc)
			}
		}},
		{"explicit sim wins", LaunchRequest{Preset: "physical-sim", SIM: simulator.KindESIM}, func(t *testing.T, l simulator.Launch, d simulator.Device) {
			if d.Kind != simulator.KindESIM {
				t.Errorf("device kind %q", d.Kind)
			}
		}},
		{"transaction-id-65-chars", LaunchRequest{Preset: "transaction-id-65-chars"}, func(t *testing.T, l simulator.Launch, _ simulator.Device) {
			if tx, _ := l.Param("transactionId"); len(tx) != 65 {
				t.Errorf("transactionId has %d characters", len(tx))
			}
		}},
		{"defaults without preset", LaunchRequest{}.Defaults(), func(t *testing.T, l simulator.Launch, d simulator.Device) {
			if m, _ := l.Param("market"); m != "US" || d.Kind != simulator.KindESIM {
				t.Errorf("market %q, kind %q", m, d.Kind)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.PortalURL = testPortal
			l, d, err := h.Launch(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, l, d)
		})
	}
	if _, _, err := h.Launch(LaunchRequest{Preset: "no-such-preset", PortalURL: testPortal}); err == nil || !strings.Contains(err.Error(), "bad-iccid-check-digit") {
		t.Errorf("unknown preset: err = %v, want the known names", err)
	}
	after, _ := os.ReadFile(h.DevicePath())
	if string(after) != string(before) {
		t.Error("launching presets changed the saved device")
	}
}

func TestPresetsFile(t *testing.T) {
	dir := t.TempDir()
	h := openT(t, dir, Options{Seed: seed(1)})
	if _, err := os.Stat(h.PresetsFile()); err == nil {
		t.Fatal("the presets file exists before first use")
	}
	ps, err := h.Presets()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ps, simulator.BuiltinPresets()) {
		t.Error("the created presets file changes the built-ins")
	}
	data, err := os.ReadFile(filepath.Join(dir, PresetsFileName))
	if err != nil {
		t.Fatalf("presets file not created: %v", err)
	}
	if !strings.Contains(string(data), "# [[preset]]") || !strings.Contains(string(data), `# name = 'bad-iccid-check-digit'`) {
		t.Errorf("the presets file does not show the built-ins commented out:\n%s", data)
	}
	for _, p := range ps {
		if !IsBuiltinPreset(p) {
			t.Errorf("%s is not reported as built-in", p.Name)
		}
	}

	// A file chosen with --config replaces and adds presets, and must exist.
	custom := filepath.Join(t.TempDir(), "mine.toml")
	if _, err := Open(dir, Options{PresetsFile: custom}); err != nil {
		t.Fatal(err)
	}
	hc := openT(t, dir, Options{PresetsFile: custom})
	if _, err := hc.Presets(); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing --config file: err = %v", err)
	}
	toml := "[[preset]]\nname = \"german\"\nsim = \"psim\"\nmarket = \"DE\"\nlocation = \"DE\"\nlanguages = [\"de-DE\"]\nexpect = \"German page\"\n"
	if err := os.WriteFile(custom, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := hc.Preset("german")
	if err != nil || p.Expect != "German page" || IsBuiltinPreset(p) {
		t.Fatalf("Preset(german) = %+v, %v", p, err)
	}
	l, _, err := hc.Launch(LaunchRequest{Preset: "german", PortalURL: testPortal})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := l.Param("market"); m != "DE" || l.Headers[simulator.HeaderAcceptLanguage] != "de-DE" {
		t.Errorf("german launch %s %v", l.URL, l.Headers)
	}
	if hc.PresetsFile() != custom {
		t.Errorf("PresetsFile() = %q, want %q", hc.PresetsFile(), custom)
	}

	// Expected statuses are typed fields, checked when the file is read.
	typed := toml + "expect_status = [\"InvalidSIM\", \"ClientError\"]\nexpect_strict = true\n"
	if err := os.WriteFile(custom, []byte(typed), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := hc.SessionConfig(LaunchRequest{Preset: "german", PortalURL: testPortal}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (session.Expectation{Text: "German page", Statuses: []string{"InvalidSIM", "ClientError"}, Strict: true}); !reflect.DeepEqual(cfg.Expectation, want) {
		t.Errorf("expectation = %+v, want %+v", cfg.Expectation, want)
	}
	bad := toml + "expect_status = [\"Invalid SIM\"]\n"
	if err := os.WriteFile(custom, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := hc.Presets(); err == nil || !strings.Contains(err.Error(), `expect_status "Invalid SIM" is no moDirectStatus`) {
		t.Errorf("a misspelt status: err = %v", err)
	}
}

func TestSessionConfigCarriesDeviceAndOperator(t *testing.T) {
	h := openT(t, t.TempDir(), Options{Seed: seed(2)})
	cfg, err := h.SessionConfig(LaunchRequest{PortalURL: testPortal, Languages: []string{"fr-FR", "en"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg.Device, h.SavedDevice()) {
		t.Errorf("cfg.Device = %+v, want the saved device", cfg.Device)
	}
	if cfg.Operator.Name != h.Operator.Name || len(cfg.Operator.ICCIDRanges) == 0 {
		t.Errorf("cfg.Operator = %+v", cfg.Operator)
	}
	if tx, _ := cfg.Launch.Param("transactionId"); cfg.Expect.TransactionID != tx || tx == "" {
		t.Errorf("expected transactionId %q, launch %q", cfg.Expect.TransactionID, tx)
	}
	if !reflect.DeepEqual(cfg.Languages, []string{"fr-FR", "en"}) {
		t.Errorf("cfg.Languages = %v", cfg.Languages)
	}
}

func TestRemoveDevice(t *testing.T) {
	dir := t.TempDir()
	openT(t, dir, Options{Seed: seed(1)})
	if removed, err := RemoveDevice(dir); !removed || err != nil {
		t.Fatalf("RemoveDevice = %v, %v", removed, err)
	}
	if removed, err := RemoveDevice(dir); removed || err != nil {
		t.Fatalf("second RemoveDevice = %v, %v", removed, err)
	}
	if _, ok := openT(t, dir, Options{Seed: seed(2)}).Created(); !ok {
		t.Error("no new device after RemoveDevice")
	}
}
