package demoportal

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"mpsim/simulator"
)

// TestKioskLoopKeepsTheDeviceBounded runs a week of demo purchases the way
// a kiosk does: each launch is built from the saved device, the page posts
// the purchase (what portal.js sends for "buy": plan, New/New/New with the
// new card, no top-up ICCID), and the app applies the answer to the device (an
// activation code is downloaded and installed, F1/F3; an ICCID without one
// is the plan on a profile already there, F2/F7). With the legacy API a
// device holding a plan of ours keeps its profiles: the new plan goes onto
// that line. A new customer gets one profile, then buys on it. With the
// current APIs a user who picks a new line every time fills the eSIM and
// then gets InsufficientSpaceOnCard, never more than its capacity. Before,
// every purchase issued a profile and the device grew by one each time.
func TestKioskLoopKeepsTheDeviceBounded(t *testing.T) {
	const purchases = 60
	op := simulator.DemoOperator()
	tests := []struct {
		name         string
		api          string
		newCustomer  bool
		wantProfiles int
		wantFull     bool // downloads end in ErrEUICCFull
	}{
		{"legacy, the demo operator's profile on the eSIM", APILegacy, false, 1, false},
		{"legacy, new customer", APILegacy, true, 1, false},
		{"inline, a new line every time", APIInline, false, simulator.ProfileCapacity, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := simulator.NewGenerator(21)
			s, err := New(Config{API: tc.api, OperatorName: op.Name, IssueProfile: func(url.Values) (string, string) {
				return g.ICCID(op), g.ActivationCode(op.SMDPAddress)
			}})
			if err != nil {
				t.Fatal(err)
			}
			d := simulator.NewDevice(simulator.KindESIM, op, simulator.NewGenerator(3))
			if tc.newCustomer {
				d.Profiles = nil
			}
			full := 0
			for i := range purchases {
				pr := kioskPurchase(t, s, d, op, i)
				if pr.ActivationCode == "" {
					if err := d.ActivateProfile(pr.ICCID); err != nil {
						t.Fatalf("purchase %d: %+v names no profile on the eSIM: %v", i+1, pr, err)
					}
					continue
				}
				err := d.InstallProfile(simulator.Profile{ICCID: pr.ICCID, Operator: op.Name, State: simulator.ProfileActive, ActivationCode: pr.ActivationCode})
				switch {
				case errors.Is(err, simulator.ErrEUICCFull):
					full++
				case err != nil:
					t.Fatalf("purchase %d: install %+v: %v", i+1, pr, err)
				}
			}
			if len(d.Profiles) != tc.wantProfiles || (full > 0) != tc.wantFull {
				t.Errorf("after %d purchases the eSIM holds %d profiles (%d downloads refused as full); want %d, full %v",
					purchases, len(d.Profiles), full, tc.wantProfiles, tc.wantFull)
			}
		})
	}
}

// kioskPurchase posts one "buy" for a launch built from d and returns the
// back end's answer.
func kioskPurchase(t *testing.T, s *Server, d simulator.Device, op simulator.Operator, i int) PurchaseResponse {
	t.Helper()
	l, err := simulator.BuildLaunch(d, op, simulator.LaunchOptions{PortalURL: "https://127.0.0.1:4431/", Market: "US", Location: "US", TransactionID: fmt.Sprintf("kiosk.%d", i)})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(l.URL)
	if err != nil {
		t.Fatal(err)
	}
	form := u.Query()
	for k, v := range map[string]string{"plan": "p5", "lang": "en", "account": "New", "payment": "New", "line": "New",
		"card": "4242 4242 4242 4242", "expiry": "12/30"} {
		form.Set(k, v)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/purchase", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	var pr PurchaseResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &pr); err != nil || !pr.OK {
		t.Fatalf("purchase %d: %d %s (%v)", i+1, rec.Code, rec.Body, err)
	}
	return pr
}

// TestFullESIMReentrySaysSo: the launch after a download that failed for
// want of room (X-MP-LPAError-Codes: InsufficientSpaceOnCard) tells the user
// the eSIM is full and how to make room, not that buying again helps.
func TestFullESIMReentrySaysSo(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		codes    string
		want     string
		wantFull bool
	}{
		{"InsufficientSpaceOnCard", s.tr.strings["en"]["lpaFullText"], true},
		{"ServerFailure,InsufficientSpaceOnCard", s.tr.strings["en"]["lpaFullText"], true},
		{"ServerFailure", s.tr.strings["en"]["lpaErrorText"], false},
	}
	for _, tc := range tests {
		t.Run(tc.codes, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/?"+esimNewQuery, nil)
			req.Header.Set("Accept-Language", "en-US")
			req.Header.Set("X-MP-LPAError-Codes", tc.codes)
			req.Header.Set("X-MP-LPAError-ICCIDs", "8988247000101997790")
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			body := rec.Body.String()
			if tc.want == "" || !strings.Contains(body, template.HTMLEscapeString(tc.want)) {
				t.Errorf("page for X-MP-LPAError-Codes %s does not say %q", tc.codes, tc.want)
			}
			if l := ParseLaunch(req.URL.Query(), req.Header); l.LPAError == nil || l.LPAError.Full != tc.wantFull {
				t.Errorf("LPAError = %+v, want Full %v", l.LPAError, tc.wantFull)
			}
		})
	}
}

// TestFullESIMTextNamesRemoveProfile: in every language, the full-eSIM
// re-entry text names mpsim device remove-profile --iccid ICCID, which
// makes room and keeps the device, and keeps mpsim device reset as the
// other way (it named only reset, which throws the whole device away).
func TestFullESIMTextNamesRemoveProfile(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.tr.strings) < 5 {
		t.Fatalf("%d languages, want the demo portal's 5", len(s.tr.strings))
	}
	for lang, texts := range s.tr.strings {
		t.Run(lang, func(t *testing.T) {
			text := texts["lpaFullText"]
			for _, want := range []string{"mpsim device remove-profile --iccid ICCID", "mpsim device reset"} {
				if !strings.Contains(text, want) {
					t.Errorf("lpaFullText %q does not name %s", text, want)
				}
			}
			if strings.Index(text, "remove-profile") > strings.Index(text, "device reset") {
				t.Errorf("lpaFullText %q names reset before remove-profile", text)
			}
		})
	}
}
