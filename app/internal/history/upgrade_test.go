package history

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// oldHistory holds two sessions as mpsim 84da5a6 (2026-12-02, the first
// with a history) saved them, before entries kept an outcome: a purchase
// (`mpsim run --demo-choice buy`) and the customer's cancel (userAccount
// Bailed). Their screenshots are left out.
const oldHistory = "testdata/old-history"

// IDs of the sessions in oldHistory.
const (
	oldPurchase = "20261206T235246.749691303Z-5a092a68"
	oldCancel   = "20261206T235248.507214472Z-9b4d1837"
)

// copyOldHistory copies oldHistory into a new history directory, with
// extra added to each entry.json as fields of the object (fields a newer
// mpsim wrote, say), and returns it.
func copyOldHistory(t *testing.T, extra string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "history")
	for _, id := range []string{oldPurchase, oldCancel} {
		if err := os.MkdirAll(filepath.Join(dir, id), 0o700); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{EntryFile, ReportFile} {
			b, err := os.ReadFile(filepath.Join(oldHistory, id, name))
			if err != nil {
				t.Fatal(err)
			}
			if name == EntryFile && extra != "" {
				b = append([]byte("{"+extra+","), bytes.TrimPrefix(bytes.TrimSpace(b), []byte("{"))...)
			}
			if err := os.WriteFile(filepath.Join(dir, id, name), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// jsonObject decodes the JSON object in path.
func jsonObject(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, b)
	}
	return m
}

// Sessions saved by an mpsim from before entries kept an outcome list
// with the status and the plan their reports hold, as new ones do: their
// History rows had neither (found by upgrade QA: "PASS · scenario buy ·
// en-US · esim · 2 findings · demo portal", where the old mpsim had named
// the plan, and no row found by "Bailed"). The entry is written once,
// each old field kept as it was (fields this mpsim does not know too),
// the outcome added, so the next list reads no report and the older mpsim
// still reads it; with the history's lock held by another process it is
// left as it is and the list still says the outcome.
func TestOldEntriesListWithTheirOutcome(t *testing.T) {
	want := map[string]struct{ outcome, plan string }{
		oldPurchase: {"Complete", "Contoso 5 GB — 30 days"},
		oldCancel:   {"None (userAccount Bailed)", ""},
	}
	for _, tc := range []struct {
		name   string
		extra  string // fields added to each old entry
		held   bool   // another process holds the history's lock
		byList bool   // List reads the history first, else Entry
	}{
		{name: "listed", byList: true},
		{name: "shown (mpsim history show)"},
		{name: "fields this mpsim does not know", extra: `"futureField": {"kept": [1, 2]}`, byList: true},
		{name: "the lock held", held: true, byList: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyOldHistory(t, tc.extra)
			before := map[string]map[string]any{}
			for id := range want {
				before[id] = jsonObject(t, filepath.Join(dir, id, EntryFile))
			}
			s := &Store{Dir: dir}
			if tc.held {
				f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
					t.Fatal(err)
				}
			}
			got := map[string]Entry{}
			if tc.byList {
				start := time.Now()
				list, bad, err := s.List()
				if err != nil || bad != 0 {
					t.Fatalf("List: %v, %d unreadable", err, bad)
				}
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("List took %v", d)
				}
				for _, e := range list {
					got[e.ID] = e
				}
			} else {
				for id := range want {
					e, err := s.Entry(id)
					if err != nil {
						t.Fatal(err)
					}
					got[id] = e
				}
			}
			for id, w := range want {
				e := got[id]
				if e.Outcome != w.outcome || e.PlanName != w.plan {
					t.Errorf("%s: outcome %q, plan %q; want %q, %q", id, e.Outcome, e.PlanName, w.outcome, w.plan)
				}
				after := jsonObject(t, filepath.Join(dir, id, EntryFile))
				wantOnDisk := before[id]
				if !tc.held {
					wantOnDisk = maps(before[id], map[string]any{outcomeKey: w.outcome})
				}
				if !reflect.DeepEqual(after, wantOnDisk) {
					t.Errorf("%s: entry.json on disk\n%v\nwant\n%v", id, after, wantOnDisk)
				}
				// What an older mpsim reads: its Entry ignores fields it
				// does not know.
				var old struct {
					ID       string `json:"id"`
					PlanName string `json:"planName"`
					Verdict  string `json:"verdict"`
				}
				b, _ := os.ReadFile(filepath.Join(dir, id, EntryFile))
				if err := json.Unmarshal(b, &old); err != nil || old.ID != id || old.PlanName != w.plan || old.Verdict != "pass" {
					t.Errorf("%s: the older mpsim reads %+v, %v", id, old, err)
				}
				leftovers, _ := filepath.Glob(filepath.Join(dir, id, ".*"))
				if len(leftovers) > 0 {
					t.Errorf("%s: temporary files left: %v", id, leftovers)
				}
			}
			if tc.held {
				return
			}
			// Written once: the next list reads the entries only.
			for id := range want {
				if err := os.Remove(filepath.Join(dir, id, ReportFile)); err != nil {
					t.Fatal(err)
				}
			}
			list, _, err := s.List()
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				if w := want[e.ID]; e.Outcome != w.outcome || e.PlanName != w.plan {
					t.Errorf("listed again without reports: %s: %q, %q", e.ID, e.Outcome, e.PlanName)
				}
			}
		})
	}
}

// maps is a copy of a with the entries of b added.
func maps(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// The outcome names the step the customer left the portal at when the
// hand-back is not a purchase (contract §2.7's bail rule): the cancel's
// "None" read like a portal that said nothing, and a search for "Bailed"
// found no row.
func TestOutcomeNamesTheBailedStep(t *testing.T) {
	for _, tc := range []struct {
		name           string
		success        bool
		status         string
		account, instr string
		line           string
		want           string
	}{
		{"cancelled at the account", false, "None", "Bailed", "None", "None", "None (userAccount Bailed)"},
		{"cancelled at the payment", false, "Cancelled", "New", "Bailed", "None", "Cancelled (purchaseInstrument Bailed)"},
		{"service error at the line", false, "ServiceError", "New", "New", "Bailed", "ServiceError (line Bailed)"},
		{"no step bailed", false, "InvalidSIM", "None", "None", "None", "InvalidSIM"},
		{"a purchase", true, "Complete", "New", "New", "New", "Complete"},
		{"Complete yet a step bailed", true, "Complete", "New", "New", "Bailed", "Complete"},
		{"no moDirectStatus", false, "", "Bailed", "None", "None", "no moDirectStatus (userAccount Bailed)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := session.Report{Ended: session.EndedHandBack, Result: &bridge.Result{Success: tc.success, PurchaseResult: bridge.PurchaseResult{
				UserAccount: tc.account, PurchaseInstrument: tc.instr, Line: tc.line, MoDirectStatus: tc.status}}}
			if got := OutcomeOf(rep); got != tc.want {
				t.Errorf("OutcomeOf = %q, want %q", got, tc.want)
			}
		})
	}
}

// withFields leaves alone what is no entry to add fields to.
func TestWithFieldsKeepsWhatItCannotExtend(t *testing.T) {
	e := Entry{Outcome: "Complete", PlanName: "P"}
	for _, b := range []string{`{"outcome": "x", "id": "a"}`, `[]`, `{}`, `{"id": "a"`, `{"id": "a"} trailing`} {
		if out, ok := withFields([]byte(b), e); ok {
			t.Errorf("withFields(%s) = %s, want it left", b, out)
		}
	}
	out, ok := withFields([]byte("{\n  \"id\": \"a\"\n}"), e)
	if want := "{\n  \"id\": \"a\",\n  \"outcome\": \"Complete\",\n  \"planName\": \"P\"\n}\n"; !ok || string(out) != want {
		t.Errorf("withFields = %q, want %q", out, want)
	}
}

// An upgrade killed (kill -9) between writing its temporary entry and
// renaming it over entry.json left the .entry.json.new-* file for good
// (found by history QA). The next upgrade of that entry, the pruning
// after a save and `mpsim history prune` remove such a file once it is
// older than staleAfter, under the history's lock; a fresh one, which a
// writer the lock may not reach could still be renaming, stays, and so
// does a file of that name in a folder that is no session.
func TestKilledUpgradeLeftoversAreRemoved(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, s *Store)
	}{
		{"the entry's next upgrade (mpsim history list)", func(t *testing.T, s *Store) {
			if _, _, err := s.List(); err != nil {
				t.Fatal(err)
			}
		}},
		{"the pruning after a save", func(t *testing.T, s *Store) {
			if _, err := s.Save(sampleRecord("later", bridge.VerdictPass)); err != nil {
				t.Fatal(err)
			}
		}},
		{"mpsim history prune", func(t *testing.T, s *Store) {
			if _, err := s.Prune(PruneOptions{Keep: -1}); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyOldHistory(t, "")
			s := &Store{Dir: dir}
			old := time.Now().Add(-2 * staleAfter)
			leave := func(path string, at time.Time) string {
				t.Helper()
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(`{"id":`), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(path, at, at); err != nil {
					t.Fatal(err)
				}
				return path
			}
			stale := []string{
				leave(filepath.Join(dir, oldPurchase, entryTempPrefix+"123"), old),
				leave(filepath.Join(dir, oldCancel, entryTempPrefix+"456"), old),
			}
			kept := []string{
				leave(filepath.Join(dir, oldPurchase, entryTempPrefix+"789"), time.Now()),
				leave(filepath.Join(dir, "not-a-session", entryTempPrefix+"123"), old),
			}
			tc.run(t, s)
			for _, p := range stale {
				if _, err := os.Stat(p); !os.IsNotExist(err) {
					t.Errorf("stale leftover %s kept (%v)", p, err)
				}
			}
			for _, p := range kept {
				if _, err := os.Stat(p); err != nil {
					t.Errorf("%s removed: %v", p, err)
				}
			}
			for _, id := range []string{oldPurchase, oldCancel} {
				if e, err := s.Entry(id); err != nil || e.Outcome == "" {
					t.Errorf("%s: entry %+v, %v", id, e, err)
				}
			}
		})
	}
}
