package simulator

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func joinErrs(errs []error) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestNewDevice(t *testing.T) {
	op := DemoOperator()
	g := NewGenerator(5)
	for _, kind := range []SIMKind{KindESIM, KindPSIM, KindNone} {
		d := NewDevice(kind, op, g)
		if errs := d.Validate(); len(errs) > 0 {
			t.Errorf("%s: NewDevice invalid:\n%s", kind, joinErrs(errs))
		}
		switch kind {
		case KindESIM:
			if d.EID == "" || len(d.Profiles) != 1 || d.Profiles[0].State != ProfileActive || !op.OwnsICCID(d.Profiles[0].ICCID) || d.ICCID != "" {
				t.Errorf("esim device %+v", d)
			}
			if got := d.OperatorICCIDs(op); len(got) != 1 || got[0] != d.Profiles[0].ICCID {
				t.Errorf("OperatorICCIDs = %v", got)
			}
		case KindPSIM:
			if d.EID != "" || !op.OwnsICCID(d.ICCID) || len(d.Profiles) != 0 {
				t.Errorf("psim device %+v", d)
			}
			if got := d.OperatorICCIDs(op); len(got) != 1 || got[0] != d.ICCID {
				t.Errorf("OperatorICCIDs = %v", got)
			}
		case KindNone:
			if d.EID != "" || d.ICCID != "" || d.IMEI == "" || d.OperatorICCIDs(op) != nil {
				t.Errorf("none device %+v", d)
			}
		}
	}
}

func TestInstallAndActivateProfile(t *testing.T) {
	op := DemoOperator()
	g := NewGenerator(9)
	d := NewDevice(KindESIM, op, g)
	first := d.Profiles[0].ICCID
	second := g.ICCID(op)
	if err := d.InstallProfile(Profile{ICCID: second + "F", Operator: op.Name, ActivationCode: g.ActivationCode(op.SMDPAddress)}); err != nil {
		t.Fatal(err)
	}
	if d.Profiles[1].State != ProfileInstalled {
		t.Errorf("new profile state %q, want installed", d.Profiles[1].State)
	}
	tests := []struct {
		p    Profile
		want string
	}{
		{Profile{ICCID: second}, "already installed"},
		{Profile{ICCID: first + "F"}, "already installed"},
		{Profile{ICCID: "9988247000100003319"}, "must start with 89"},
		{Profile{ICCID: "988247000100003555"}, "18 digits"},
		{Profile{ICCID: g.ICCID(op), ActivationCode: "LPA:1$x.example$A"}, "LPA:"},
		{Profile{ICCID: g.ICCID(op), State: "enabled"}, "unknown state"},
	}
	for _, tt := range tests {
		if err := d.InstallProfile(tt.p); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("InstallProfile(%+v) = %v, want containing %q", tt.p, err, tt.want)
		}
	}
	if err := d.ActivateProfile(second); err != nil {
		t.Fatal(err)
	}
	if a, _ := d.ActiveProfile(); StripICCIDPadding(a.ICCID) != second || d.Profiles[0].State != ProfileInstalled {
		t.Errorf("after activate: %+v", d.Profiles)
	}
	third := g.ForeignICCID()
	if err := d.InstallProfile(Profile{ICCID: third, State: ProfileActive}); err != nil {
		t.Fatal(err)
	}
	active := 0
	for _, p := range d.Profiles {
		if p.State == ProfileActive {
			active++
		}
	}
	if active != 1 || d.Profiles[2].State != ProfileActive {
		t.Errorf("installing an active profile: %+v", d.Profiles)
	}
	if got := d.OperatorICCIDs(op); len(got) != 2 || got[1] != second {
		t.Errorf("OperatorICCIDs = %v (foreign profile must be excluded, F stripped)", got)
	}
	if err := d.ActivateProfile("8988247000100003319"); err == nil {
		t.Error("activating a missing profile succeeded")
	}
	if errs := d.Validate(); len(errs) > 0 {
		t.Errorf("device invalid:\n%s", joinErrs(errs))
	}
	psim := NewDevice(KindPSIM, op, g)
	if err := psim.InstallProfile(Profile{ICCID: g.ICCID(op)}); err == nil {
		t.Error("physical-SIM device accepted a profile")
	}
	if err := psim.RecordLPAError(DemoOperatorName, "ServerFailure", psim.ICCID, time.Now()); err == nil {
		t.Error("physical-SIM device recorded an LPA error")
	}
}

func TestDeviceValidateReportsEverything(t *testing.T) {
	d := Device{
		Kind: KindESIM,
		EID:  "89033024010400000100000000009199",
		IMEI: "001201234567890",
		Profiles: []Profile{
			{ICCID: "8988247000100003313", State: ProfileActive},
			{ICCID: "8988247000101867183", State: ProfileActive},
			{ICCID: "8988247000101867183F", State: "broken"},
		},
		LPAErrors: []LPAError{{Code: "Nope", ICCID: "8988247000101997790"}},
	}
	got := joinErrs(d.Validate())
	for _, want := range []string{
		"IMEI 001201234567890: check digit should be 2, not 0",
		"EID 89033024010400000100000000009199: check digits should be 36, not 99",
		"profile 1: ICCID 8988247000100003313: check digit should be 9, not 3",
		"profile 3: ICCID 8988247000101867183F is installed twice",
		`profile 3: unknown state "broken"`,
		"2 profiles are active",
		"LPA error 1: LPA error code Nope",
		"LPA error 1: no time stamp",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Validate() lacks %q; got:\n%s", want, got)
		}
	}
	for _, tt := range []struct {
		d    Device
		want string
	}{
		{Device{Kind: KindPSIM, IMEI: "001102000311608"}, "needs the SIM's ICCID"},
		{Device{Kind: KindPSIM, IMEI: "001102000311608", ICCID: "89000000000000000000"}, "20-digit"},
		{Device{Kind: "dual", IMEI: "001102000311608"}, `device kind "dual"`},
		{Device{Kind: KindNone, IMEI: "00110200031160"}, "missing"},
		{Device{Kind: KindNone, IMEI: "001102000311608", Profiles: []Profile{{ICCID: docICCID}}}, "holds 1 eSIM profile"},
	} {
		if got := joinErrs(tt.d.Validate()); !strings.Contains(got, tt.want) {
			t.Errorf("Validate(%+v) = %q, want containing %q", tt.d, got, tt.want)
		}
	}
}

// TestInstallProfileWithoutLuhnDigit: a wrong Luhn digit is a warning, never
// a reason to refuse a profile (contract §5 #17).
func TestInstallProfileWithoutLuhnDigit(t *testing.T) {
	d := NewDevice(KindESIM, DemoOperator(), NewGenerator(1))
	if err := d.InstallProfile(Profile{ICCID: "8988247000100003313"}); err != nil {
		t.Fatalf("InstallProfile without a Luhn digit: %v", err)
	}
	errs := d.Validate()
	if len(errs) != 1 || !errors.Is(errs[0], ErrICCIDCheckDigit) {
		t.Errorf("Validate = %v, want one ErrICCIDCheckDigit", errs)
	}
}

// A failed download installs nothing, so the ICCID recorded for it by
// default is the operator's and on no profile of the eSIM: the next launch
// must not send it both in iccids and in X-MP-LPAError-ICCIDs (contract
// §1.3, §1.4).
func TestFailedDownloadICCIDIsNotInstalled(t *testing.T) {
	op := DemoOperator()
	for seed := int64(1); seed <= 20; seed++ {
		d := NewDevice(KindESIM, op, NewGenerator(seed))
		// Install the generator's first draw, so it must be skipped.
		if err := d.InstallProfile(Profile{ICCID: NewGenerator(seed).ICCID(op), Operator: op.Name}); err != nil {
			t.Fatal(err)
		}
		id := d.FailedDownloadICCID(op, NewGenerator(seed))
		if !op.OwnsICCID(id) || ValidateICCID(id) != nil {
			t.Errorf("seed %d: %s is not a valid ICCID of the operator", seed, id)
		}
		if slices.Contains(d.OperatorICCIDs(op), id) {
			t.Errorf("seed %d: %s is an installed profile's ICCID", seed, id)
		}
	}
}

// The lpa-error-reentry preset is one state: as in the docs' re-entry
// URL, no iccids, and the failed ICCID of the header on no profile.
func TestLPAErrorReentryIsSelfConsistent(t *testing.T) {
	op := DemoOperator()
	d := NewDevice(KindESIM, op, NewGenerator(7))
	l, err := BuiltinPresetNamed(t, "lpa-error-reentry").BuildLaunch(d, op, LaunchOptions{PortalURL: "https://127.0.0.1:4431/", TransactionID: "tx.1"})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := l.Param("iccids"); ok {
		t.Errorf("re-entry launch sends iccids %q beside X-MP-LPAError-ICCIDs %q", v, l.Headers[HeaderLPAErrorICCIDs])
	}
}

// TestProfileCapacity: the eUICC holds ProfileCapacity profiles; one more
// download fails with ErrEUICCFull (InsufficientSpaceOnCard), and removing
// a profile makes room again.
func TestProfileCapacity(t *testing.T) {
	op := DemoOperator()
	g := NewGenerator(11)
	d := NewDevice(KindESIM, op, g)
	for len(d.Profiles) < ProfileCapacity {
		if err := d.InstallProfile(Profile{ICCID: g.ICCID(op), Operator: op.Name}); err != nil {
			t.Fatalf("install profile %d of %d: %v", len(d.Profiles)+1, ProfileCapacity, err)
		}
	}
	extra := g.ICCID(op)
	err := d.InstallProfile(Profile{ICCID: extra, Operator: op.Name})
	if !errors.Is(err, ErrEUICCFull) || !strings.Contains(err.Error(), "InsufficientSpaceOnCard") {
		t.Fatalf("install onto a full eSIM = %v, want ErrEUICCFull naming InsufficientSpaceOnCard", err)
	}
	if len(d.Profiles) != ProfileCapacity {
		t.Fatalf("%d profiles after a refused install, want %d", len(d.Profiles), ProfileCapacity)
	}
	tests := []struct {
		name, iccid string
		wantErr     string
	}{
		{"unknown", "8988247000100003319", "ProfileNotPresent"},
		{"active", d.Profiles[0].ICCID, ""},
		{"padded", d.Profiles[1].ICCID + "F", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(d.Profiles)
			err := d.RemoveProfile(tt.iccid)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || len(d.Profiles) != before {
					t.Fatalf("RemoveProfile(%s) = %v, %d profiles; want an error naming %s and none removed", tt.iccid, err, len(d.Profiles), tt.wantErr)
				}
				return
			}
			if err != nil || len(d.Profiles) != before-1 {
				t.Fatalf("RemoveProfile(%s) = %v, %d profiles; want one fewer than %d", tt.iccid, err, len(d.Profiles), before)
			}
		})
	}
	if _, ok := d.ActiveProfile(); ok {
		t.Errorf("the removed active profile left another one active: %+v", d.Profiles)
	}
	if err := d.InstallProfile(Profile{ICCID: extra, Operator: op.Name}); err != nil {
		t.Errorf("install after removing profiles: %v", err)
	}
}

// TestHiddenProfilesTakeRoom: the profiles a preset's new_customer leaves
// out of a session's view of the eSIM (WithoutOperatorProfiles) still take
// room on it and keep their ICCIDs, so a download onto the view of a full
// eSIM fails with ErrEUICCFull. Before, the view counted only the
// profiles it showed and took a ninth.
func TestHiddenProfilesTakeRoom(t *testing.T) {
	op := DemoOperator()
	other := Operator{Name: "Fabrikam", ICCIDPrefix: "8944123"}
	g := NewGenerator(12)
	tests := []struct {
		name      string
		mine      int // profiles of op on the eSIM
		others    int // profiles of other operators
		wantFull  bool
		wantShown int
	}{
		{"all of the operator", ProfileCapacity, 0, true, 0},
		{"mixed, full", 3, ProfileCapacity - 3, true, ProfileCapacity - 3},
		{"room for one", 4, 3, false, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Device{Kind: KindESIM, EID: g.EID(), IMEI: g.IMEI()}
			for range tc.mine {
				if err := d.InstallProfile(Profile{ICCID: g.ICCID(op), Operator: op.Name}); err != nil {
					t.Fatal(err)
				}
			}
			for range tc.others {
				if err := d.InstallProfile(Profile{ICCID: g.ICCID(other), Operator: other.Name}); err != nil {
					t.Fatal(err)
				}
			}
			view, _, err := BuiltinPresetNamed(t, "esim-new-customer").Apply(d, op, LaunchOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(view.Profiles) != tc.wantShown || view.ProfileCount() != tc.mine+tc.others {
				t.Fatalf("view shows %d profiles and counts %d; want %d shown of %d", len(view.Profiles), view.ProfileCount(), tc.wantShown, tc.mine+tc.others)
			}
			if len(view.OperatorICCIDs(op)) != 0 {
				t.Errorf("the new customer's view still sends iccids %v", view.OperatorICCIDs(op))
			}
			if !tc.wantFull { // a hidden profile's ICCID is still taken
				hidden := d.Profiles[0].ICCID
				if err := view.InstallProfile(Profile{ICCID: hidden, Operator: op.Name}); err == nil || !strings.Contains(err.Error(), "IccidAlreadyExists") {
					t.Errorf("installing hidden profile %s again = %v, want IccidAlreadyExists", hidden, err)
				}
			}
			err = view.InstallProfile(Profile{ICCID: view.FailedDownloadICCID(op, g), Operator: op.Name})
			if got := errors.Is(err, ErrEUICCFull); got != tc.wantFull {
				t.Errorf("install onto the view = %v; full %v, want %v", err, got, tc.wantFull)
			}
		})
	}
}

// TestCapacityText: a full eSIM says "8 of its 8", an older device holding
// more says so rather than calling 9 "all it has room for".
func TestCapacityText(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{ProfileCapacity - 1, "it holds 7 of its 8 profiles"},
		{ProfileCapacity, "it holds 8 of its 8 profiles"},
		{ProfileCapacity + 1, "it holds 9 profiles, more than its 8"},
	}
	for _, tc := range tests {
		d := Device{Kind: KindESIM, Profiles: make([]Profile, tc.n)}
		if got := d.CapacityText(); got != tc.want {
			t.Errorf("%d profiles: %q, want %q", tc.n, got, tc.want)
		}
		if d.Full() != (tc.n >= ProfileCapacity) {
			t.Errorf("%d profiles: Full() = %v", tc.n, d.Full())
		}
	}
}
