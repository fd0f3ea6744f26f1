package simulator

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	docEID   = "89033023422130000000000199055797"
	docIMEI  = "001102000315468"
	docPSIM  = "8988247000100003319"
	foreign  = "8999900000000000006"
	docTxID  = "/7RBTuSJt02OZbX8.4"
	docPrtl  = "https://moportal.com"
	docICCID = "8988247000101867183"
)

func TestForeignConstantIsValidAndForeign(t *testing.T) {
	if err := ValidateICCID(foreign); err != nil {
		t.Fatal(err)
	}
	if DemoOperator().OwnsICCID(foreign) {
		t.Fatal("foreign ICCID owned by demo operator")
	}
}

// The docs' full example URL (contract §1.3) must be reproduced byte for byte.
func TestBuildLaunchDocExample(t *testing.T) {
	d := Device{Kind: KindESIM, EID: docEID, IMEI: docIMEI, Profiles: []Profile{
		{ICCID: "8988247000101867183", State: ProfileActive},
		{ICCID: "8988247000103824828F", State: ProfileInstalled}, // trailing F is stripped
	}}
	l, err := BuildLaunch(d, DemoOperator(), LaunchOptions{PortalURL: docPrtl, Market: "US", Location: "US", TransactionID: docTxID})
	if err != nil {
		t.Fatal(err)
	}
	want := "https://moportal.com?market=US&location=US&transactionId=%2F7RBTuSJt02OZbX8.4&eid=89033023422130000000000199055797&imei=001102000315468&iccids=8988247000101867183,8988247000103824828"
	if l.URL != want {
		t.Errorf("URL\n got %s\nwant %s", l.URL, want)
	}
	if got := l.Headers["Accept-Language"]; got != "en-US" {
		t.Errorf("Accept-Language = %q, want en-US", got)
	}
	if len(l.Headers) != 1 {
		t.Errorf("headers = %v, want only Accept-Language", l.Headers)
	}
	if v, ok := l.Param("transactionId"); !ok || v != docTxID {
		t.Errorf("Param(transactionId) = %q, %v", v, ok)
	}
	if _, ok := l.Param("iccid"); ok {
		t.Error("eSIM launch has iccid")
	}
}

func TestBuildLaunchMatrix(t *testing.T) {
	op := DemoOperator()
	esimNone := Device{Kind: KindESIM, EID: docEID, IMEI: docIMEI, Profiles: []Profile{{ICCID: foreign, State: ProfileActive}}}
	esimMO := Device{Kind: KindESIM, EID: docEID, IMEI: docIMEI, Profiles: []Profile{
		{ICCID: foreign, State: ProfileInstalled},
		{ICCID: docICCID + "F", State: ProfileActive},
		{ICCID: "8988247000103824828", State: ProfileInstalled},
	}}
	psim := Device{Kind: KindPSIM, IMEI: "001102000311608", ICCID: docPSIM + "F"}
	none := Device{Kind: KindNone, IMEI: "001102000224082"}
	const pre = "https://moportal.com?market=US&location=us&transactionId=waoigFfX00yGH3Vb.1"
	tests := []struct {
		name  string
		gen   Generation
		dev   Device
		opts  func(*LaunchOptions)
		names []string
		url   string
	}{
		{"current esim no MO profile", "", esimNone, nil,
			[]string{"market", "location", "transactionId", "eid", "imei"},
			pre + "&eid=" + docEID + "&imei=" + docIMEI},
		{"current esim MO profiles", GenerationCurrent, esimMO, nil,
			[]string{"market", "location", "transactionId", "eid", "imei", "iccids"},
			pre + "&eid=" + docEID + "&imei=" + docIMEI + "&iccids=8988247000101867183,8988247000103824828"},
		{"current psim", "", psim, nil,
			[]string{"market", "location", "transactionId", "iccid", "imei"},
			pre + "&iccid=8988247000100003319&imei=001102000311608"},
		{"current none (undocumented)", "", none, nil,
			[]string{"market", "location", "transactionId", "imei"},
			pre + "&imei=001102000224082"},
		{"dynamo esim no MO profile", GenerationDynamo2018, esimNone, nil,
			[]string{"market", "location", "transactionId", "eid"},
			pre + "&eid=" + docEID},
		{"dynamo esim MO profiles", GenerationDynamo2018, esimMO, nil,
			[]string{"market", "location", "transactionId", "eid", "iccids"},
			pre + "&eid=" + docEID + "&iccids=8988247000101867183,8988247000103824828"},
		{"dynamo esim MO profiles with previous iccid", GenerationDynamo2018, esimMO,
			func(o *LaunchOptions) { o.IncludeESIMICCID = true },
			[]string{"market", "location", "transactionId", "eid", "iccid", "iccids"},
			pre + "&eid=" + docEID + "&iccid=8988247000101867183&iccids=8988247000101867183,8988247000103824828"},
		{"dynamo psim", GenerationDynamo2018, psim, nil,
			[]string{"market", "location", "transactionId", "iccid"},
			pre + "&iccid=8988247000100003319"},
		{"dynamo none", GenerationDynamo2018, none, nil,
			[]string{"market", "location", "transactionId"}, pre},
		{"nov esim MO with phone", GenerationNov2018, esimMO,
			func(o *LaunchOptions) { o.PhoneNumber = "+1 425 555 0100"; o.CountryCode = "US" },
			[]string{"market", "location", "transactionId", "eid", "imei", "iccids", "phoneNumber", "countryCode"},
			pre + "&eid=" + docEID + "&imei=" + docIMEI + "&iccids=8988247000101867183,8988247000103824828&phoneNumber=%2B1%20425%20555%200100&countryCode=US"},
		{"nov psim without phone", GenerationNov2018, psim, nil,
			[]string{"market", "location", "transactionId", "iccid", "imei"},
			pre + "&iccid=8988247000100003319&imei=001102000311608"},
		{"nov none", GenerationNov2018, none, func(o *LaunchOptions) { o.CountryCode = "us" },
			[]string{"market", "location", "transactionId", "imei", "countryCode"},
			pre + "&imei=001102000224082&countryCode=us"},
		{"extra unknown and duplicate params", "", psim,
			func(o *LaunchOptions) { o.Extra = []Param{{"futureParam", "a b&c"}, {"market", "FR"}} },
			[]string{"market", "location", "transactionId", "iccid", "imei", "futureParam", "market"},
			pre + "&iccid=8988247000100003319&imei=001102000311608&futureParam=a%20b%26c&market=FR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := LaunchOptions{PortalURL: docPrtl, Market: "US", Location: "us", TransactionID: "waoigFfX00yGH3Vb.1", Generation: tt.gen}
			if tt.opts != nil {
				tt.opts(&o)
			}
			l, err := BuildLaunch(tt.dev, op, o)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range l.Params {
				names = append(names, p.Name)
			}
			if !reflect.DeepEqual(names, tt.names) {
				t.Errorf("params %v, want %v", names, tt.names)
			}
			if l.URL != tt.url {
				t.Errorf("URL\n got %s\nwant %s", l.URL, tt.url)
			}
			if l.PortalURL != docPrtl {
				t.Errorf("PortalURL = %q", l.PortalURL)
			}
		})
	}
}

func TestBuildLaunchPortalURLForms(t *testing.T) {
	d := Device{Kind: KindNone, IMEI: docIMEI}
	tests := []struct{ portal, want string }{
		{"https://moportal.com", "https://moportal.com?market=US&location=US&transactionId=t&imei=" + docIMEI},
		{"https://moportal.com/", "https://moportal.com/?market=US&location=US&transactionId=t&imei=" + docIMEI},
		{"https://moportal.com/p?op=contoso", "https://moportal.com/p?op=contoso&market=US&location=US&transactionId=t&imei=" + docIMEI},
		{"https://moportal.com/p?", "https://moportal.com/p?market=US&location=US&transactionId=t&imei=" + docIMEI},
		{"https://moportal.com/p?a=1&", "https://moportal.com/p?a=1&market=US&location=US&transactionId=t&imei=" + docIMEI},
		{"https://127.0.0.1:4431/#top", "https://127.0.0.1:4431/?market=US&location=US&transactionId=t&imei=" + docIMEI + "#top"},
	}
	for _, tt := range tests {
		l, err := BuildLaunch(d, DemoOperator(), LaunchOptions{PortalURL: tt.portal, Market: "US", Location: "US", TransactionID: "t"})
		if err != nil {
			t.Fatalf("%s: %v", tt.portal, err)
		}
		if l.URL != tt.want {
			t.Errorf("portal %s:\n got %s\nwant %s", tt.portal, l.URL, tt.want)
		}
	}
}

func TestBuildLaunchErrors(t *testing.T) {
	esim := Device{Kind: KindESIM, EID: docEID, IMEI: docIMEI}
	ok := LaunchOptions{PortalURL: docPrtl, Market: "US", Location: "US", TransactionID: "t"}
	tests := []struct {
		name string
		dev  Device
		mod  func(*LaunchOptions)
		want string
	}{
		{"no portal", esim, func(o *LaunchOptions) { o.PortalURL = "" }, "empty portal URL"},
		{"relative portal", esim, func(o *LaunchOptions) { o.PortalURL = "moportal.com" }, "not an absolute URL"},
		{"no transactionId", esim, func(o *LaunchOptions) { o.TransactionID = "" }, "transactionId"},
		{"long transactionId", esim, func(o *LaunchOptions) { o.TransactionID = strings.Repeat("x", 65) }, "at most 64"},
		{"bad language", esim, func(o *LaunchOptions) { o.Languages = []string{"C"} }, "not a valid BCP 47"},
		{"bad generation", esim, func(o *LaunchOptions) { o.Generation = "2030" }, "unknown generation"},
		{"esim iccid outside dynamo", esim, func(o *LaunchOptions) { o.IncludeESIMICCID = true }, "sent only by generation"},
		{"phone outside nov", esim, func(o *LaunchOptions) { o.PhoneNumber = "1" }, "nov-2018"},
		{"psim without iccid", Device{Kind: KindPSIM, IMEI: docIMEI}, nil, "iccid"},
		{"unknown kind", Device{Kind: "dual", IMEI: docIMEI}, nil, "unknown device kind"},
	}
	for _, tt := range tests {
		o := ok
		if tt.mod != nil {
			tt.mod(&o)
		}
		_, err := BuildLaunch(tt.dev, DemoOperator(), o)
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.want)) {
			t.Errorf("%s: err = %v, want containing %q", tt.name, err, tt.want)
		}
	}
}

func TestBuildLaunchLPAErrorHeaders(t *testing.T) {
	d := Device{Kind: KindESIM, EID: "89033023422130000000000199272786", IMEI: "001102000224082"}
	at1 := time.Date(2018, 5, 18, 23, 17, 23, 0, time.UTC)
	at2 := time.Date(2018, 5, 18, 16, 27, 33, 0, time.FixedZone("PDT", -7*3600)) // 23:27:33 UTC
	if err := d.RecordLPAError(DemoOperatorName, "ServerFailure", "8988247000101997790", at1); err != nil {
		t.Fatal(err)
	}
	if err := d.RecordLPAError(DemoOperatorName, "ServerNotReachable", "8988247000101997790F", at2); err != nil {
		t.Fatal(err)
	}
	if err := d.RecordLPAError(DemoOperatorName, "Bogus", "8988247000101997790", at2); err == nil {
		t.Error("unknown LPA code accepted")
	}
	o := LaunchOptions{PortalURL: "https://moportal.com/", Market: "US", Location: "US", TransactionID: "HADRdRhKI0S5bN4n.1"}
	l, err := BuildLaunch(d, DemoOperator(), o)
	if err != nil {
		t.Fatal(err)
	}
	// The docs' re-entry example (contract §1.4).
	if want := "https://moportal.com/?market=US&location=US&transactionId=HADRdRhKI0S5bN4n.1&eid=89033023422130000000000199272786&imei=001102000224082"; l.URL != want {
		t.Errorf("URL %s, want %s", l.URL, want)
	}
	want := map[string]string{
		"Accept-Language":          "en-US",
		"X-MP-LPAError-Codes":      "ServerFailure,ServerNotReachable",
		"X-MP-LPAError-TimeStamps": "5/18/2018 11:17:23 PM,5/18/2018 11:27:33 PM",
		"X-MP-LPAError-ICCIDs":     "8988247000101997790",
	}
	if !reflect.DeepEqual(l.Headers, want) {
		t.Errorf("headers\n got %v\nwant %v", l.Headers, want)
	}
	// DYNAMO (Jan 2018) predates the headers (app v1807+).
	o.Generation = GenerationDynamo2018
	l, _ = BuildLaunch(d, DemoOperator(), o)
	if len(l.Headers) != 1 {
		t.Errorf("dynamo headers = %v, want only Accept-Language", l.Headers)
	}
	d.ClearLPAErrors()
	o.Generation = ""
	l, _ = BuildLaunch(d, DemoOperator(), o)
	if len(l.Headers) != 1 {
		t.Errorf("after ClearLPAErrors headers = %v", l.Headers)
	}
}

// distinctTags are n distinct valid language tags (private-use subtags).
func distinctTags(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("en-x-t%d", i+1)
	}
	return s
}

func TestAcceptLanguage(t *testing.T) {
	tests := []struct {
		in      []string
		want    string
		wantErr string
	}{
		{[]string{"fr-FR", "fr", "en"}, "fr-FR,fr;q=0.90,en;q=0.80", ""},
		{[]string{"en-US"}, "en-US", ""},
		{[]string{"en-us"}, "en-us", ""},
		{[]string{"de_DE", "de"}, "de-DE,de;q=0.90", ""},
		{[]string{"zh-Hant-TW", "zh", "en-GB", "en"}, "zh-Hant-TW,zh;q=0.90,en-GB;q=0.80,en;q=0.70", ""},
		{distinctTags(10), "en-x-t1,en-x-t2;q=0.95,en-x-t3;q=0.90,en-x-t4;q=0.85,en-x-t5;q=0.80,en-x-t6;q=0.75,en-x-t7;q=0.70,en-x-t8;q=0.65,en-x-t9;q=0.60,en-x-t10;q=0.55", ""},
		// Entries may be lists with q-values (ParseLanguageList).
		{[]string{"fr-FR;q=0.5", "en"}, "en,fr-FR;q=0.90", ""},
		{[]string{"ar-IL;q=0.5,he-IL"}, "he-IL,ar-IL;q=0.90", ""},
		{[]string{"de", "de", "DE"}, "de", ""},
		{nil, "", "no languages"},
		{[]string{"C"}, "", `"C" is not a valid`},
		{[]string{"en", "POSIX"}, "", "POSIX"},
		{[]string{"*"}, "", "not a valid"},
		{[]string{"en", ""}, "", "language 2 is empty"},
		{[]string{"zz"}, "", "unknown"},
		{distinctTags(MaxLanguages + 1), "", "101 languages; mpsim sends at most 100"},
	}
	for _, tt := range tests {
		got, err := AcceptLanguage(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("AcceptLanguage(%q) err = %v, want containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("AcceptLanguage(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	// 25 tags: delta 0.01, the 21st has q=0.80.
	got, err := AcceptLanguage(distinctTags(25))
	if err != nil || !strings.HasSuffix(got, "en-x-t24;q=0.77,en-x-t25;q=0.76") || !strings.Contains(got, "en-x-t2;q=0.99,") {
		t.Errorf("AcceptLanguage(25) = %q, %v", got, err)
	}
	// MaxLanguages tags: every tag after the first has a q-value, the last 0.01.
	got, err = AcceptLanguage(distinctTags(MaxLanguages))
	if err != nil || strings.Count(got, ";q=") != MaxLanguages-1 || !strings.HasSuffix(got, "en-x-t100;q=0.01") {
		t.Errorf("AcceptLanguage(%d) = %q, %v; want every tag after the first with a q-value", MaxLanguages, got, err)
	}
}

// ParseLanguageList honours q-values (order by q, q=0 left out), sends a
// language given twice once, caps the list and says what it changed.
func TestParseLanguageList(t *testing.T) {
	tests := []struct {
		name    string
		in      []string
		want    []string
		notes   []string // substrings, one for each note, in order
		wantErr string
	}{
		{"plain list", []string{"fr-FR,fr,en"}, []string{"fr-FR", "fr", "en"}, nil, ""},
		{"a real header in order", []string{"fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"}, []string{"fr-FR", "fr", "en-US", "en"}, nil, ""},
		{"q reorders", []string{"fr-FR;q=0.5,en"}, []string{"en", "fr-FR"}, []string{"order en, fr-FR; WebKit sends them with q-values of its own by position: en,fr-FR;q=0.90."}, ""},
		{"q=0 left out", []string{"ja;q=0,en"}, []string{"en"}, []string{"ja has q=0"}, ""},
		{"q=0.000 left out", []string{"ja;Q=0.000", "en"}, []string{"en"}, []string{"ja has q=0"}, ""},
		{"equal q keep their order", []string{"de;q=0.5, fr;q=0.5 ,en;q=0.8"}, []string{"en", "de", "fr"}, []string{"order en, de, fr"}, ""},
		{"spaces and empty items", []string{" fr-FR , ,fr ; q=0.9 ,"}, []string{"fr-FR", "fr"}, nil, ""},
		{"duplicates", []string{"de,de,de"}, []string{"de"}, []string{"de is given 3 times"}, ""},
		{"duplicates without case", []string{"en-US", "EN-us", "en_us"}, []string{"en-US"}, []string{"en-US is given 3 times"}, ""},
		{"a duplicate keeps its highest q", []string{"fr;q=0.2,en;q=0.5,fr"}, []string{"fr", "en"}, []string{"fr is given 2 times", "order fr, en"}, ""},
		{"underscore", []string{"pt_BR"}, []string{"pt-BR"}, nil, ""},
		{"q over 1", []string{"en;q=1.5"}, nil, nil, `"en;q=1.5": the q-value "1.5" is not a number from 0 to 1`},
		{"q with four decimals", []string{"en;q=0.1234"}, nil, nil, "at most three decimals"},
		{"q not a number", []string{"en;q=high"}, nil, nil, `the q-value "high"`},
		{"another parameter", []string{"en;level=1"}, nil, nil, "takes only a q-value"},
		{"two parameters", []string{"en;q=0.5;q=0.4"}, nil, nil, "takes only a q-value"},
		{"no tag before ;", []string{";q=0.5"}, nil, nil, "no language tag"},
		{"wildcard", []string{"en,*;q=0.1"}, nil, nil, "never * (any language)"},
		{"every q=0", []string{"fr;q=0,en;q=0"}, nil, nil, "every language has q=0"},
		{"an empty entry", []string{"en", " "}, nil, nil, "language 2 is empty"},
		{"nothing", []string{" , "}, nil, nil, "no languages"},
		{"at the cap", distinctTags(MaxLanguages), distinctTags(MaxLanguages), nil, ""},
		{"over the cap", distinctTags(MaxLanguages + 1), nil, nil, "101 languages; mpsim sends at most 100"},
		{"over the cap before duplicates go", append(distinctTags(MaxLanguages), "en-x-t1"), distinctTags(MaxLanguages), []string{"en-x-t1 is given 2 times"}, ""},
		{"over the cap before q=0 goes", append(distinctTags(MaxLanguages), "fr;q=0"), distinctTags(MaxLanguages), []string{"fr has q=0"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLanguageList(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ParseLanguageList(%q) err = %v, want containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got.Tags, tt.want) {
				t.Fatalf("ParseLanguageList(%q) = %q, %v; want %q", tt.in, got.Tags, err, tt.want)
			}
			if len(got.Notes) != len(tt.notes) {
				t.Fatalf("notes = %q, want %d containing %q", got.Notes, len(tt.notes), tt.notes)
			}
			for i, n := range tt.notes {
				if !strings.Contains(got.Notes[i], n) {
					t.Errorf("note %d = %q, want containing %q", i+1, got.Notes[i], n)
				}
			}
		})
	}
}

// QA simfix: a failed download of a Contoso profile went to the next
// launch of any operator's portal (Fabrikam's), which then used it up.
// Each operator's launch carries its own failed downloads only, as iccids
// carries its own profiles only (contract §1.3, §1.4); one saved before
// mpsim kept them per operator (no operator in device.json) is its ICCID
// range's operator's.
func TestLPAErrorHeadersGoToTheirOperatorOnly(t *testing.T) {
	fabrikam := Operator{Name: "Fabrikam Telecom", ICCIDPrefix: "894412", SMDPAddress: "smdp.fabrikam.example", Markets: []string{"GB"}}
	// A device.json written by an older mpsim: its LPA error has no operator.
	s := Store{Path: filepath.Join(t.TempDir(), "device.json")}
	old := `{"kind":"esim","eid":"89033023422130000000000199272786","imei":"001102000224082",` +
		`"lpaErrors":[{"code":"ServerFailure","at":"2018-05-18T23:17:23Z","iccid":"8988247000101997790"}]}`
	if err := os.WriteFile(s.Path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	d, found, err := s.Load()
	if err != nil || !found {
		t.Fatalf("an old device.json: found %v, %v", found, err)
	}
	at := time.Date(2018, 5, 18, 23, 27, 33, 0, time.UTC)
	if err := d.RecordLPAError(fabrikam.Name, "CardBusy", "8944120000000000017", at); err != nil {
		t.Fatal(err)
	}
	// A Fabrikam download whose hand-back named a Contoso ICCID is Fabrikam's all the same.
	if err := d.RecordLPAError("fabrikam telecom", "ServerNotReachable", "8988247000100003319", at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	o := LaunchOptions{PortalURL: "https://moportal.example/", Market: "US", Location: "US", TransactionID: "t.1"}
	tests := []struct {
		op                 Operator
		codes, iccid, none string
	}{
		{DemoOperator(), "ServerFailure", "8988247000101997790", ""},
		// Its two failures are of two profiles: the latest one's only.
		{fabrikam, "ServerNotReachable", "8988247000100003319", ""},
		{Operator{Name: "Northwind", ICCIDPrefix: "894420", SMDPAddress: "smdp.northwind.example"}, "", "", "none"},
	}
	for _, tc := range tests {
		l, err := BuildLaunch(d, tc.op, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.Headers[HeaderLPAErrorCodes]; got != tc.codes {
			t.Errorf("%s: X-MP-LPAError-Codes %q, want %q", tc.op.Name, got, tc.codes)
		}
		if got := l.Headers[HeaderLPAErrorICCIDs]; got != tc.iccid {
			t.Errorf("%s: X-MP-LPAError-ICCIDs %q, want %q", tc.op.Name, got, tc.iccid)
		}
	}
	d.ClearOperatorLPAErrors(fabrikam)
	if len(d.LPAErrors) != 1 || d.LPAErrors[0].Code != "ServerFailure" {
		t.Errorf("after Fabrikam's launch reported its errors: %+v, want Contoso's left", d.LPAErrors)
	}
	d.ClearOperatorLPAErrors(DemoOperator())
	if d.LPAErrors != nil {
		t.Errorf("after Contoso's launch: %+v, want none", d.LPAErrors)
	}
}

// TestLPAErrorHeadersNameOneProfile: X-MP-LPAError-ICCIDs holds exactly one
// ICCID, the latest failure's (contract §1.4), so the codes and time stamps
// sent with it are that profile's only; an earlier failure of another
// profile was sent with it (Codes "ServerFailure,CardBusy" under the
// CardBusy profile's ICCID: fidelity QA) and waits for the launch after.
func TestLPAErrorHeadersNameOneProfile(t *testing.T) {
	d := Device{Kind: KindESIM, EID: "89033023422130000000000199272786", IMEI: "001102000224082"}
	at := time.Date(2018, 5, 18, 23, 17, 23, 0, time.UTC)
	for i, e := range []struct{ code, iccid string }{
		{"ServerFailure", "8988247000100003319"},
		{"CardBusy", "8988247000101867183"},
		{"ServerNotReachable", "8988247000101867183"},
	} {
		if err := d.RecordLPAError(DemoOperatorName, e.code, e.iccid, at.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	o := LaunchOptions{PortalURL: "https://moportal.com/", Market: "US", Location: "US", TransactionID: "t"}
	l, err := BuildLaunch(d, DemoOperator(), o)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Accept-Language":          "en-US",
		"X-MP-LPAError-Codes":      "CardBusy,ServerNotReachable",
		"X-MP-LPAError-TimeStamps": "5/18/2018 11:18:23 PM,5/18/2018 11:19:23 PM",
		"X-MP-LPAError-ICCIDs":     "8988247000101867183",
	}
	if !reflect.DeepEqual(l.Headers, want) {
		t.Errorf("headers\n got %v\nwant %v", l.Headers, want)
	}
	if got := d.LaunchLPAErrors(DemoOperator()); len(got) != 2 {
		t.Errorf("LaunchLPAErrors = %+v, want the latest profile's two", got)
	}
}

// --code takes a status in any case (--activation-result's camelCase
// names the same), and a name that is none gets the closest.
func TestCanonicalLPAErrorCode(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"ServerNotReachable", "ServerNotReachable", ""},
		{"serverNotReachable", "ServerNotReachable", ""},
		{"CARDBUSY", "CardBusy", ""},
		{"unknownError", "Other", ""},
		{"ServerNotReachble", "", "did you mean ServerNotReachable?"},
		{"success", "", "Success is not an error"},
		{"zzz", "", "e.g. ServerFailure"},
	} {
		got, err := CanonicalLPAErrorCode(tc.in)
		if got != tc.want || (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("CanonicalLPAErrorCode(%q) = %q, %v; want %q, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}
