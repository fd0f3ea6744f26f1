package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// QA simfix: a deferred download (F4) pending when `mpsim run` ended was
// dropped. The session keeps it on the device: `device show` lists it with
// when the app offers it, and the first command once it is due downloads
// it, says so, and the launch sends its profile in iccids.
func TestPendingDownloadShownThenCarriedOut(t *testing.T) {
	dir := t.TempDir()
	if r := mpsim(t, dir, "device", "generate", "--seed", "7"); r.code != cli.ExitOK {
		t.Fatalf("generate: %s", r.stderr)
	}
	path := filepath.Join(dir, workspace.DeviceFileName)
	var d simulator.Device
	data, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(data, &d) != nil {
		t.Fatalf("device.json: %v\n%s", err, data)
	}
	iccid := d.FailedDownloadICCID(simulator.DemoOperator(), simulator.NewGenerator(11))
	now := time.Now()
	if err := d.AddPendingDownload(simulator.PendingDownload{Operator: simulator.DemoOperatorName, ActivationCode: "1$smdp.contoso.example$LATER",
		ICCID: iccid, OperationID: "op-1", Requested: now, DelayMinutes: 30, Due: now.Add(29 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	save := func() {
		t.Helper()
		data, _ := json.Marshal(d)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	save()
	show := mpsim(t, dir, "device", "show")
	want := "pending download 1:          profile " + iccid + " of Contoso Mobile, deferred 30 minutes (F4, operation op-1): the app offers it at "
	if show.code != cli.ExitOK || !strings.Contains(show.stdout, want) || !strings.Contains(show.stdout, "then sent in iccids on the next launch of Contoso Mobile's portal") {
		t.Errorf("device show: exit %d, want %q:\n%s%s", show.code, want, show.stdout, show.stderr)
	}
	if l := urlJSON(t, dir); strings.Contains(l.URL, iccid) {
		t.Errorf("a launch before it is due sends it: %s", l.URL)
	}

	d.PendingDownloads[0].Due = now.Add(-time.Minute)
	save()
	r := mpsim(t, dir, "url", "--json")
	if r.code != cli.ExitOK || !strings.Contains(r.stderr, "mpsim url: the deferred download of Contoso Mobile's profile "+iccid+" came due") ||
		!strings.Contains(r.stderr, "the profile is installed and active") || strings.Contains(r.stderr, "warning") {
		t.Errorf("url once it is due: exit %d\n%s", r.code, r.stderr)
	}
	var l launchJSON
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Param("iccids"); !strings.Contains(got, iccid) {
		t.Errorf("the launch once it is due sends iccids %q, want %s in it", got, iccid)
	}
	if show := mpsim(t, dir, "device", "show"); strings.Contains(show.stdout, "pending download") || !strings.Contains(show.stdout, iccid) {
		t.Errorf("device show after the download:\n%s", show.stdout)
	}
}
