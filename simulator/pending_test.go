package simulator

import (
	"testing"
	"time"
)

// CompleteDueDownloads carries out the pending downloads due at now as an
// accepted toast would, and keeps the others.
func TestCompleteDueDownloads(t *testing.T) {
	now := time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC)
	op := DemoOperator()
	tests := []struct {
		name      string
		prepare   func(d *Device, p *PendingDownload)
		due       time.Time
		wantOut   int
		installed bool
		lpa       string
	}{
		{name: "not due", due: now.Add(time.Second)},
		{name: "due: installed and active", due: now, wantOut: 1, installed: true},
		{name: "session chose a failure", due: now, wantOut: 1, lpa: "ServerFailure",
			prepare: func(_ *Device, p *PendingDownload) { p.FailWith = "ServerFailure" }},
		{name: "full eSIM", due: now.Add(-time.Hour), wantOut: 1, lpa: "InsufficientSpaceOnCard",
			prepare: func(d *Device, _ *PendingDownload) {
				g := NewGenerator(8)
				for !d.Full() {
					if err := d.InstallProfile(Profile{ICCID: g.ICCID(op), Operator: op.Name}); err != nil {
						t.Fatal(err)
					}
				}
			}},
		{name: "code already used: that profile activated again", due: now, wantOut: 1, installed: true,
			prepare: func(d *Device, p *PendingDownload) {
				p.ActivationCode = d.Profiles[0].ActivationCode
				p.ICCID = d.Profiles[0].ICCID
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDevice(KindESIM, op, NewGenerator(2))
			d.Profiles[0].State = ProfileInstalled
			p := PendingDownload{Operator: op.Name, ActivationCode: "1$smdp.contoso.example$LATER", ICCID: d.FailedDownloadICCID(op, NewGenerator(4)),
				Requested: now.Add(-30 * time.Minute), DelayMinutes: 30, Due: tc.due}
			if tc.prepare != nil {
				tc.prepare(&d, &p)
			}
			if err := d.AddPendingDownload(p); err != nil {
				t.Fatal(err)
			}
			profiles := d.ProfileCount()
			out := d.CompleteDueDownloads(now)
			if len(out) != tc.wantOut || len(d.PendingDownloads) != 1-tc.wantOut {
				t.Fatalf("outcomes %+v, left %+v", out, d.PendingDownloads)
			}
			if tc.wantOut == 0 {
				return
			}
			o := out[0]
			a, ok := d.ActiveProfile()
			if o.Installed != tc.installed || o.LPAError != tc.lpa || o.Problem != nil || (tc.installed && (!ok || a.ICCID != p.ICCID)) {
				t.Errorf("outcome %+v (%s), active %+v", o, o, a)
			}
			if tc.lpa != "" {
				if l := d.OperatorLPAErrors(op); len(l) != 1 || l[0].Code != tc.lpa || l[0].ICCID != p.ICCID || !l[0].At.Equal(p.Due) || d.ProfileCount() != profiles {
					t.Errorf("LPA errors %+v, profiles %d (were %d)", d.LPAErrors, d.ProfileCount(), profiles)
				}
			}
			if errs := d.Validate(); len(errs) > 0 {
				t.Errorf("device after: %v", errs)
			}
		})
	}
}
