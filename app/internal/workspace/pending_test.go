package workspace

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// QA simfix: a deferred download (F4) the session left pending is saved
// with the session's other changes, and carried out by the first Open or
// launch once it is due, so that launch sends its profile in iccids; until
// then it waits on the saved device.
func TestPendingDownloadIsSavedAndCarriedOutWhenDue(t *testing.T) {
	dir := t.TempDir()
	h := openT(t, dir, Options{Seed: seed(21)})
	cfg, err := h.SessionConfig(LaunchRequest{PortalURL: testPortal}, nil)
	if err != nil {
		t.Fatal(err)
	}
	after := cloneDevice(cfg.Device)
	iccid := after.FailedDownloadICCID(h.Operator, simulator.NewGenerator(5))
	now := time.Now()
	later := simulator.PendingDownload{Operator: h.Operator.Name, ActivationCode: "1$smdp.contoso.example$LATER", ICCID: iccid,
		Requested: now, DelayMinutes: 30, Due: now.Add(30 * time.Minute)}
	if err := after.AddPendingDownload(later); err != nil {
		t.Fatal(err)
	}
	if saved, err := h.FinishSession(cfg, session.Report{Device: &after}); !saved || err != nil {
		t.Fatalf("FinishSession = %v, %v", saved, err)
	}
	h2 := openT(t, dir, Options{})
	if d := h2.SavedDevice(); len(d.PendingDownloads) != 1 || len(h2.News()) != 0 {
		t.Fatalf("reopened before it is due: pending %+v, news %v", d.PendingDownloads, h2.News())
	}
	l, _, err := h2.Launch(LaunchRequest{PortalURL: testPortal})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(mustParam(l, "iccids"), iccid) {
		t.Errorf("a launch before it is due sends %s: %s", iccid, l.URL)
	}

	// Due now (a device.json saved 31 minutes ago, say).
	if _, err := h2.UpdateDevice(func(d *simulator.Device) error {
		d.PendingDownloads[0].Due = now.Add(-time.Minute)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h3 := openT(t, dir, Options{})
	news := h3.News()
	if len(news) != 1 || !strings.Contains(news[0], "the profile is installed and active") {
		t.Errorf("news %v, want the download carried out", news)
	}
	d := h3.SavedDevice()
	if a, ok := d.ActiveProfile(); !ok || a.ICCID != iccid || len(d.PendingDownloads) != 0 {
		t.Errorf("saved device after the offer: %+v", d)
	}
	if reopened := openT(t, dir, Options{}).SavedDevice(); len(reopened.PendingDownloads) != 0 {
		t.Errorf("not saved: %+v", reopened.PendingDownloads)
	}
	l, _, err = h3.Launch(LaunchRequest{PortalURL: testPortal})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mustParam(l, "iccids"), iccid) {
		t.Errorf("the launch after the offer does not send %s: %s", iccid, l.URL)
	}
}
