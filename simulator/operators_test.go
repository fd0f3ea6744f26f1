package simulator

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestValidateICCIDPrefix(t *testing.T) {
	tests := []struct {
		prefix string
		ok     bool
	}{
		{"8988247", true},     // 89, 882, 47 (Contoso)
		{"894411", true},      // 89, 44, 11
		{"89101", true},       // 89, 1, 01
		{"8933", false},       // 89, 33 and no issuer
		{"8933012345", false}, // issuer of 5 digits
		{"8999912", false},    // 999 is no assigned country code
		{"9944123", false},    // not 89
		{"89a4", false},
		{"", false},
	}
	for _, tt := range tests {
		err := ValidateICCIDPrefix(tt.prefix)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateICCIDPrefix(%q) = %v, want ok %v", tt.prefix, err, tt.ok)
		}
	}
}

const fabrikamTOML = `# operators
[[operator]]
name = "Fabrikam Telecom"
iccid_prefix = "894412"
smdp_address = "smdp.fabrikam.example"
portal_url = "https://portal.fabrikam.example/mobileplans"
notify_hosts = ["notify.fabrikam.example"]
allowed_hosts = ["pay.fabrikam.example"]
markets = ["GB", "IE"]
languages = ["en-GB", "en"]
generation = "nov-2018"
`

func writeOperators(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "operators.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadOperators(t *testing.T) {
	ops, err := LoadOperators(writeOperators(t, fabrikamTOML))
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 2 || ops[0].Name != DemoOperatorName {
		t.Fatalf("operators = %+v, want Contoso then Fabrikam", ops)
	}
	f, err := FindOperator(ops, "fabrikam telecom")
	if err != nil {
		t.Fatal(err)
	}
	g := NewGenerator(7)
	for range 50 {
		iccid := g.ICCID(f)
		if !strings.HasPrefix(iccid, "894412") || ValidateICCID(iccid) != nil || !f.OwnsICCID(iccid) {
			t.Fatalf("generated ICCID %s: not a valid ICCID of Fabrikam's range", iccid)
		}
	}
	if _, err := FindOperator(ops, "Nobody"); err == nil || !strings.Contains(err.Error(), "Fabrikam Telecom") {
		t.Errorf("FindOperator(Nobody) = %v, want the known names", err)
	}
}

func TestLoadOperatorsErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		// A problem with a key's value is at the key's line, not the table's.
		{"bad prefix", "\n[[operator]]\nname = \"X\"\niccid_prefix = \"8999912\"\nsmdp_address = \"a.example\"\nmarkets = [\"US\"]\n", "operators.toml:4: operator \"X\": ICCID issuer prefix"},
		{"bad language", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\nlanguages = [\"he-IL\", \"en;q=2\"]\n", "operators.toml:5: operator \"X\": languages: accept-language: \"en;q=2\": the q-value \"2\""},
		{"second table's key", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\n\n[[operator]]\nname = \"Y\"\n  \"generation\" = \"2030\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\n", "operators.toml:8: operator \"Y\": generation \"2030\""},
		{"empty name", "[[operator]]\nname = \"\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\n", "operators.toml:1: operator: empty brand name"},
		{"unknown key", "[[operator]]\nname = \"X\"\nicid_prefix = \"894412\"\n", "operators.toml:3:1: unknown key \"operator.icid_prefix\"; did you mean \"iccid_prefix\"?"},
		{"syntax", "[[operator]]\nname = \n", "operators.toml:2"},
		{"duplicate", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\n[[operator]]\nname = \"x\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\n", "operators.toml:5: operator \"x\": name already used at"},
		{"no range", "[[operator]]\nname = \"X\"\nsmdp_address = \"a.example\"\n", "no ICCID range"},
		{"lowercase market", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\nmarkets = [\"gb\"]\n", "upper case"},
		{"range outside prefix", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\niccid_ranges = [{start = \"8944130000000000000\", end = \"8944139999999999999\"}]\n", "does not start with the issuer prefix"},
		{"bad portal", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\nportal_url = \"ftp://x\"\n", "portal_url"},
		// The URL meant, as --portal and scenario files say it; before, Go's
		// raw parse error or "give an absolute https:// URL".
		{"portal without scheme", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\nportal_url = \"127.0.0.1:8443/p\"\n",
			"operators.toml:5: operator \"X\": portal_url \"127.0.0.1:8443/p\": give an http(s) URL, like https://127.0.0.1:8443/p"},
		{"portal with a mistyped scheme", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\nportal_url = \"htps://portal.example/p\"\n",
			"portal_url \"htps://portal.example/p\": give an http(s) URL, like https://portal.example/p"},
		{"portal on IPv6 out of brackets", "[[operator]]\nname = \"X\"\niccid_prefix = \"894412\"\nsmdp_address = \"a.example\"\nportal_url = \"https://::1:8443/\"\n",
			"an IPv6 address goes in brackets in a URL, like https://[::1]:8443/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadOperators(writeOperators(t, tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadOperators = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestDeviceFor(t *testing.T) {
	contoso := DemoOperator()
	fab := Operator{Name: "Fabrikam", ICCIDPrefix: "894412", SMDPAddress: "smdp.fabrikam.example"}
	for _, kind := range []SIMKind{KindESIM, KindPSIM, KindNone} {
		d := NewDevice(kind, contoso, NewGenerator(3))
		if got := DeviceFor(d, contoso); got.ICCID != d.ICCID || len(got.OperatorICCIDs(contoso)) != len(d.OperatorICCIDs(contoso)) {
			t.Errorf("%s: DeviceFor(own operator) changed the device", kind)
		}
		view := DeviceFor(d, fab)
		ids := view.OperatorICCIDs(fab)
		switch kind {
		case KindNone, KindESIM:
			// An eSIM holding another operator's profile holds none of
			// Fabrikam's: the launch sends no iccids (contract §1.3).
			if len(ids) != 0 || !reflect.DeepEqual(view, d) {
				t.Errorf("%s: view %+v, want the device as it is", kind, view)
			}
			continue
		}
		if len(ids) != 1 || !strings.HasPrefix(ids[0], "894412") || ValidateICCID(ids[0]) != nil {
			t.Errorf("%s: view ICCIDs %v, want one valid ICCID starting 894412", kind, ids)
		}
		if again := DeviceFor(d, fab); again.IMEI != view.IMEI || again.OperatorICCIDs(fab)[0] != ids[0] {
			t.Errorf("%s: the view differs between calls", kind)
		}
		if len(d.OperatorICCIDs(contoso)) != 1 {
			t.Errorf("%s: DeviceFor changed its argument", kind)
		}
	}
}

// An existing customer's eSIM holds an active profile of the operator:
// the one it has, made active, or a new one made from the IMEI; the
// launch then sends it in iccids.
func TestWithOperatorProfile(t *testing.T) {
	contoso := DemoOperator()
	fab := Operator{Name: "Fabrikam", ICCIDPrefix: "894412", SMDPAddress: "smdp.fabrikam.example"}
	d := NewDevice(KindESIM, contoso, NewGenerator(3))
	if got := WithOperatorProfile(d, contoso); !reflect.DeepEqual(got, d) {
		t.Errorf("own active profile: %+v, want the device as it is", got)
	}
	got := WithOperatorProfile(d, fab)
	active, ok := got.ActiveProfile()
	if len(got.Profiles) != 2 || !ok || !fab.OwnsICCID(active.ICCID) || got.Profiles[0].State != ProfileInstalled {
		t.Errorf("a Contoso eSIM for Fabrikam: %+v", got)
	}
	if again := WithOperatorProfile(d, fab); !reflect.DeepEqual(again, got) || d.Profiles[0].State != ProfileActive {
		t.Errorf("not the same profile on every run, or the argument changed: %+v", again)
	}
	if back := WithOperatorProfile(got, contoso); len(back.Profiles) != 2 || back.Profiles[0].State != ProfileActive || back.Profiles[1].State != ProfileInstalled {
		t.Errorf("back to Contoso's installed profile: %+v", back)
	}
	l, err := BuiltinPresetNamed(t, "esim-existing-customer").BuildLaunch(d, fab, LaunchOptions{PortalURL: "https://portal.fabrikam.example/", TransactionID: "tx.1"})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := l.Param("iccids"); !ok || !strings.HasPrefix(v, "894412") {
		t.Errorf("esim-existing-customer for Fabrikam on a Contoso eSIM: iccids %q (%v)", v, ok)
	}
	l, err = BuildLaunch(d, fab, LaunchOptions{PortalURL: "https://portal.fabrikam.example/", TransactionID: "tx.1"})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := l.Param("iccids"); ok {
		t.Errorf("a Contoso eSIM for Fabrikam without the preset sends iccids %q", v)
	}
}

// The esim-new-customer preset gives the session an eSIM without the
// launch's operator's profiles (other operators' stay), so the launch sends
// no iccids because the device has none to send (contract §1.3), not
// because a mutation dropped them.
func TestNewCustomerPresetHoldsNoOperatorProfile(t *testing.T) {
	contoso := DemoOperator()
	fab := Operator{Name: "Fabrikam", ICCIDPrefix: "894412", SMDPAddress: "smdp.fabrikam.example"}
	own := NewDevice(KindESIM, contoso, NewGenerator(3))
	both := WithOperatorProfile(own, fab) // Contoso installed, Fabrikam active
	p := BuiltinPresetNamed(t, "esim-new-customer")
	if len(p.Mutations) > 0 {
		t.Errorf("esim-new-customer mutates the launch (%v); the device alone should make it a new customer", p.Mutations)
	}
	tests := []struct {
		name      string
		device    Device
		profiles  int // profiles left on the session's eSIM
		otherKept bool
	}{
		{"only a Contoso profile", own, 0, false},
		{"a Contoso and a Fabrikam profile", both, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, o, err := p.Apply(tt.device, contoso, LaunchOptions{PortalURL: "https://127.0.0.1:4431/", TransactionID: "tx.1"})
			if err != nil {
				t.Fatal(err)
			}
			if ids := d.OperatorICCIDs(contoso); len(ids) > 0 {
				t.Errorf("the new customer's eSIM still holds Contoso profiles %v", ids)
			}
			if len(d.Profiles) != tt.profiles {
				t.Errorf("%d profiles left, want %d: %+v", len(d.Profiles), tt.profiles, d.Profiles)
			}
			if tt.otherKept && !fab.OwnsICCID(d.Profiles[0].ICCID) {
				t.Errorf("the Fabrikam profile was not kept: %+v", d.Profiles)
			}
			if errs := d.Validate(); len(errs) > 0 {
				t.Errorf("session device invalid: %v", errs)
			}
			l, err := BuildLaunch(d, contoso, o)
			if err != nil {
				t.Fatal(err)
			}
			if v, ok := l.Param("iccids"); ok {
				t.Errorf("launch sends iccids %q", v)
			}
			if len(tt.device.OperatorICCIDs(contoso)) == 0 {
				t.Error("the argument device was changed")
			}
		})
	}
	if errs := (Preset{Name: "both", ExistingCustomer: true, NewCustomer: true}).Validate(); len(errs) == 0 {
		t.Error("a preset that is both an existing and a new customer is valid")
	}
}

// BuiltinPresetNamed returns the built-in preset called name.
func BuiltinPresetNamed(t *testing.T, name string) Preset {
	t.Helper()
	for _, p := range BuiltinPresets() {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no built-in preset %q", name)
	return Preset{}
}
