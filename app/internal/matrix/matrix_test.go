package matrix

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/assets"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

const good = `# two scenarios
[[scenario]]
name = "buy"
demo_choice = "buy"
sims = ["esim", "psim"]
languages = ["en-US", "fr-FR,fr,en", "ja-JP"]
timeout = "30s"
[scenario.lifecycle]
clock_speed = 600
[scenario.expect]
verdict = "pass"
status = ["Complete"]
success = true
no_findings = ["transaction-id-mismatch"]
max_duration = "20s"

[[scenario]]
name = "bad-iccid"
preset = "bad-iccid-check-digit"
demo_choice = "buy"
[scenario.expect]
status = ["InvalidSIM"]
`

func parse(t *testing.T, src string) ([]Scenario, error) {
	t.Helper()
	return Parse("s.toml", []byte(src), nil)
}

func TestLoadGoodFile(t *testing.T) {
	ss, err := parse(t, good)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 {
		t.Fatalf("got %d scenarios", len(ss))
	}
	b := ss[0]
	if b.Name != "buy" || b.Line != 2 || b.File != "s.toml" || time.Duration(b.Timeout) != 30*time.Second ||
		b.Lifecycle.ClockSpeed != 600 || *b.Expect.Success != true || time.Duration(b.Expect.MaxDuration) != 20*time.Second {
		t.Errorf("scenario = %+v", b)
	}
	if ss[1].Line != 17 || ss[1].Preset != "bad-iccid-check-digit" {
		t.Errorf("second scenario = %+v", ss[1])
	}
}

func TestLoadErrorsGiveFileAndLine(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"syntax", "[[scenario]]\nname = \"a\"\ndemo_choice = buy\n", "s.toml:3:"},
		{"unknown key", "[[scenario]]\nname = \"a\"\n\n[scenario.expect]\nverdikt = \"pass\"\n", `s.toml:5:1: unknown key "scenario.expect.verdikt"`},
		{"unknown preset", "[[scenario]]\nname = \"a\"\n\n\npreset = \"no-such\"\n", `s.toml:5: scenario "a": no preset "no-such"`},
		{"schema enum", "[[scenario]]\nname = \"a\"\n[scenario.expect]\nstatus = [\"Done\"]\n", "s.toml:4: scenario[1].expect.status[1]:"},
		{"schema sim", "[[scenario]]\nname = \"a\"\nsims = [\"esim\", \"usim\"]\n", "s.toml:3: scenario[1].sims[2]:"},
		{"bad duration", "[[scenario]]\nname = \"a\"\ntimeout = \"soon\"\n", "s.toml:3:"},
		{"finding code", "[[scenario]]\nname = \"a\"\n[scenario.expect]\nfindings = [\"origin-prot\"]\n", `s.toml:4: scenario "a": findings: "origin-prot" is no finding code; did you mean "origin-port"?`},
		{"language", "[[scenario]]\nname = \"a\"\nlanguages = [\"en-US\", \"not a tag!\"]\n", `s.toml:3: scenario "a": languages entry "not a tag!"`},
		{"no scenario", "# nothing\n", "s.toml:1: holds no [[scenario]] table"},
		{"demo key with a portal", "[[scenario]]\nname = \"a\"\nportal = \"https://127.0.0.1:8443/\"\ndemo_break_policies = true\n", `scenario "a": demo_choice, demo_api and demo_break_policies apply to the built-in demo portal only`},
		{"no_axe with an accessibility expectation", "[[scenario]]\nname = \"a\"\nno_axe = true\n[scenario.expect]\npolicies = { accessibility = \"pass\" }\n",
			`s.toml:3: scenario "a": expect.policies.accessibility needs axe-core; drop no_axe or that expectation`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parse(t, c.src)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, c.want)
			}
		})
	}
}

// A scenario's no_axe asks its cells' sessions to leave axe-core out, and
// only its own.
func TestScenarioNoAxe(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"lean\"\nno_axe = true\n\n[[scenario]]\nname = \"full\"\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Expand(ss, nil) {
		req, err := c.Request(1)
		if err != nil {
			t.Fatal(err)
		}
		if want := c.Scenario.Name == "lean"; req.NoAxe != want {
			t.Errorf("%s: request NoAxe = %v, want %v", c.ID, req.NoAxe, want)
		}
	}
}

func TestDuplicateNamesAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
	os.WriteFile(a, []byte("[[scenario]]\nname = \"x\"\n"), 0o644)
	os.WriteFile(b, []byte("\n[[scenario]]\nname = \"x\"\n"), 0o644)
	files, err := Files([]string{dir})
	if err != nil || !slices.Equal(files, []string{a, b}) {
		t.Fatalf("Files = %v, %v", files, err)
	}
	_, err = Load(files, nil)
	if err == nil || !strings.Contains(err.Error(), b+":2: scenario \"x\": the name is already used at "+a+":1") {
		t.Errorf("error = %v", err)
	}
	// A file named twice, or through its folder too, is read once: its
	// scenarios do not clash with themselves.
	t.Chdir(dir)
	for _, tc := range []struct {
		args []string
		want int
	}{{[]string{"a.toml", "a.toml"}, 1}, {[]string{".", "a.toml"}, 2}, {[]string{"./a.toml", a}, 1}} {
		files, err := Files(tc.args)
		if err != nil || len(files) != tc.want {
			t.Errorf("Files(%q) = %v, %v; want %d files", tc.args, files, err, tc.want)
			continue
		}
		if tc.want == 1 {
			if _, err := Load(files, nil); err != nil {
				t.Errorf("Load(Files(%q)): %v", tc.args, err)
			}
		}
	}
}

// The schema's enums are the Go lists they mirror.
func TestSchemaEnumsMatchTheCode(t *testing.T) {
	raw, err := fs.ReadFile(assets.FS(), SchemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	props := doc["$defs"].(map[string]any)["scenario"].(map[string]any)["properties"].(map[string]any)
	enum := func(m map[string]any, path ...string) []string {
		for _, p := range path {
			m = m[p].(map[string]any)
		}
		var out []string
		for _, v := range m["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	check := func(name string, got, want []string) {
		if !slices.Equal(got, want) {
			t.Errorf("schema %s = %v\nwant %v", name, got, want)
		}
	}
	check("demo_choice", enum(props, "demo_choice"), demoportal.AutoChoices()[1:])
	check("demo_api", enum(props, "demo_api"), demoportal.APIs())
	check("expect.status", enum(props, "expect", "properties", "status", "items"), bridge.MoDirectStatusValues())
	check("activation_result", enum(props, "lifecycle", "properties", "activation_result"), bridge.ActivationErrors())
	check("registration_state", enum(props, "lifecycle", "properties", "registration_state"), bridge.RegistrationStates())
	check("verdict", enum(props, "expect", "properties", "verdict"), []string{"pass", "fail", "no-callback", "rejected"})
	check("expect.ended", enum(props, "expect", "properties", "ended"), []string{session.EndedHandBack, session.EndedClosed, session.EndedTimeout,
		session.EndedCrashed, session.EndedCancelled, session.EndedLoadFailed, session.EndedStepFailed})
	var gens []string
	for _, g := range simulator.Generations() {
		gens = append(gens, string(g))
	}
	check("generation", enum(props, "generation"), gens)
	check("steps.wait_lifecycle", enum(doc["$defs"].(map[string]any), "step", "properties", "wait_lifecycle"), session.MilestoneNames())
}

func TestExamplesLoad(t *testing.T) {
	files, err := Files([]string{"../../../examples"})
	if err != nil {
		t.Fatal(err)
	}
	ss, err := Load(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	choices := map[string]bool{}
	langs := map[string]bool{}
	for _, c := range Expand(ss, nil) {
		choices[c.Scenario.DemoChoice] = true
		langs[c.Lang] = true
	}
	for _, c := range demoportal.AutoChoices()[1:] {
		if !choices[c] {
			t.Errorf("no example runs demo choice %q", c)
		}
	}
	if len(langs) < 5 {
		t.Errorf("examples run %d languages, want 5: %v", len(langs), langs)
	}
}

func TestExpandAndShard(t *testing.T) {
	ss, err := parse(t, good)
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	var ids []string
	for _, c := range cells {
		ids = append(ids, c.ID)
	}
	want := []string{"bad-iccid/psim/en-US", "buy/esim/en-US", "buy/esim/fr-FR", "buy/esim/ja-JP", "buy/psim/en-US", "buy/psim/fr-FR", "buy/psim/ja-JP"}
	if !slices.Equal(ids, want) {
		t.Fatalf("cells = %v\nwant %v", ids, want)
	}
	if cells[2].Languages != "fr-FR,fr,en" || cells[2].Column() != "fr-FR · esim" {
		t.Errorf("cell = %+v", cells[2])
	}
	// --run: the cells whose ID matches anywhere, in their order.
	var matched []string
	for _, c := range Matching(cells, regexp.MustCompile(`esim/(fr|ja)|^bad`)) {
		matched = append(matched, c.ID)
	}
	if want := []string{"bad-iccid/psim/en-US", "buy/esim/fr-FR", "buy/esim/ja-JP"}; !slices.Equal(matched, want) {
		t.Errorf("Matching = %v, want %v", matched, want)
	}
	// The seed of a cell depends on the run's seed and its ID only.
	if (Cell{ID: cells[1].ID}).Seed(1) != cells[1].Seed(1) || cells[1].Seed(1) == cells[2].Seed(1) || cells[1].Seed(1) == cells[1].Seed(2) {
		t.Error("cell seeds are not per run and per cell")
	}
	for _, n := range []int{1, 2, 3, 5, 7, 9} {
		count := map[string]int{}
		reversed := slices.Clone(cells)
		slices.Reverse(reversed)
		for i := 1; i <= n; i++ {
			sh, err := ParseShard(fmt.Sprintf("%d/%d", i, n))
			if err != nil {
				t.Fatal(err)
			}
			a, b := sh.Pick(cells), sh.Pick(reversed)
			if !slices.EqualFunc(a, b, func(x, y Cell) bool { return x.ID == y.ID }) {
				t.Errorf("shard %s depends on the order of the cells", sh)
			}
			for _, c := range a {
				count[c.ID]++
			}
		}
		for _, id := range want {
			if count[id] != 1 {
				t.Errorf("%d shards: cell %s runs %d times", n, id, count[id])
			}
		}
	}
	for _, bad := range []string{"0/3", "4/3", "1/0", "a/b", "2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("shard %q accepted", bad)
		}
	}
}

func TestEvaluate(t *testing.T) {
	yes := true
	rep := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
		Result:   &bridge.Result{Success: false, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "None"}},
		Findings: []bridge.Finding{{Code: "origin-port", Severity: bridge.SeverityInfo}}}
	checks := Evaluate(Expect{Verdict: "pass", Status: []string{"Complete"}, Success: &yes, Findings: []string{"origin-port"},
		NoFindings: []string{"origin-port"}, MaxDuration: Duration(time.Second)}, rep, 2*time.Second)
	var got []string
	for _, c := range checks {
		got = append(got, fmt.Sprintf("%s=%v", c.Name, c.Met))
	}
	want := []string{"verdict=true", "moDirectStatus=false", "success=false", "finding origin-port=true", "finding origin-port=false", "duration=false"}
	if !slices.Equal(got, want) {
		t.Errorf("checks = %v\nwant %v", got, want)
	}
	// No expectation at all: the verdict must be pass.
	if c := Evaluate(Expect{}, session.Report{Verdict: bridge.VerdictFail}, 0); len(c) != 1 || c[0].Met {
		t.Errorf("default checks = %+v", c)
	}
	// A failed step fails the cell with the step's reason, whatever else
	// was expected, unless the scenario expects that failure.
	stepFailed := session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedStepFailed, Findings: []bridge.Finding{{
		Code: bridge.CodeScenarioStepFailed, Severity: bridge.SeverityError,
		Message: `Scenario step 2 (click "#buy") failed: no visible element matches the selector "#buy" within 2 s. The session ended there.`,
	}}}
	c := Evaluate(Expect{Verdict: "no-callback"}, stepFailed, 0)
	if len(c) != 2 || !c[0].Met || c[1].Name != "steps" || c[1].Met || !strings.HasPrefix(c[1].Got, `step 2 (click "#buy") failed: no visible element`) {
		t.Errorf("checks of a failed step = %+v", c)
	}
	if c := Evaluate(Expect{Findings: []string{bridge.CodeScenarioStepFailed}}, stepFailed, 0); len(c) != 1 || !c[0].Met {
		t.Errorf("checks of an expected step failure = %+v", c)
	}
}

// sampleResults is a run of two cells, one met and one not, with
// identifiers in the launch URL and the device.
func sampleResults() Results {
	ss, _ := Parse("s.toml", []byte(good), nil)
	cells := Expand(ss, nil)
	dev := simulator.NewDevice(simulator.KindESIM, simulator.DemoOperator(), simulator.NewGenerator(5))
	url := fmt.Sprintf("https://127.0.0.1:47443/?market=US&eid=%s&imei=%s&iccids=%s", dev.EID, dev.IMEI, dev.Profiles[0].ICCID)
	met := CellResult{Cell: cells[1], Status: StatusMet, Seed: 42, DurationMs: 1500,
		Checks: []Check{{Name: "verdict", Want: "pass", Got: "pass", Met: true}},
		Report: &session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Launch: simulator.Launch{URL: url}, Device: &dev,
			Result: &bridge.Result{Success: true, ICCID: dev.Profiles[0].ICCID, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Complete"}}}}
	unmet := CellResult{Cell: cells[0], Status: StatusUnmet, Seed: 43, DurationMs: 2500,
		Checks: []Check{{Name: "moDirectStatus", Want: "InvalidSIM", Got: "Complete", Met: false}},
		Report: &session.Report{Verdict: bridge.VerdictFail, Ended: session.EndedHandBack, Launch: simulator.Launch{URL: url},
			Findings: []bridge.Finding{{Code: "iccid-invalid", Severity: bridge.SeverityError, Message: "the ICCID " + dev.Profiles[0].ICCID + " fails its check", Section: "§2.7, §6"}}}}
	return Results{Tool: "mpsim", Seed: 1, Parallel: 2, Started: time.Now(), DurationMs: 4000, Cells: []CellResult{unmet, met}}
}

func TestJUnitStructure(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, sampleResults()); err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if got.Tests != 2 || got.Failures != 1 || got.Errors != 0 || len(got.Suites) != 2 {
		t.Fatalf("testsuites = %+v", got)
	}
	bad := got.Suites[0]
	if bad.Name != "bad-iccid" || bad.Tests != 1 || bad.Failures != 1 || len(bad.Cases) != 1 {
		t.Fatalf("suite = %+v", bad)
	}
	tc := bad.Cases[0]
	if tc.Name != "bad-iccid/psim/en-US" || tc.Classname != "mpsim.bad-iccid" || tc.Time != "2.500" || tc.Failure == nil {
		t.Fatalf("testcase = %+v", tc)
	}
	for _, want := range []string{"moDirectStatus: want InvalidSIM, got Complete", "iccid-invalid", "Scenario: s.toml:17"} {
		if !strings.Contains(tc.Failure.Text, want) {
			t.Errorf("failure text lacks %q:\n%s", want, tc.Failure.Text)
		}
	}
	if ok := got.Suites[1].Cases[0]; ok.Failure != nil || ok.Error != nil {
		t.Errorf("met cell has a failure: %+v", ok)
	}
}

func TestHTMLSummaryAndMasking(t *testing.T) {
	res := sampleResults()
	dev := *res.Cells[1].Report.Device
	raw := func(r Results) string {
		var buf bytes.Buffer
		if err := WriteHTML(&buf, r); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	plain := raw(res)
	if !strings.Contains(plain, dev.EID) || !strings.Contains(plain, dev.IMEI) {
		t.Fatal("without redaction the identifiers are in the report")
	}
	if err := Redact(&res); err != nil {
		t.Fatal(err)
	}
	page := raw(res)
	for _, id := range []string{dev.EID, dev.IMEI, dev.Profiles[0].ICCID} {
		if strings.Contains(page, id) {
			t.Errorf("identifier %s is in the redacted report", id)
		}
	}
	if !strings.Contains(page, "XXXX"+dev.IMEI[len(dev.IMEI)-4:]) {
		t.Error("masked IMEI keeps its last four digits")
	}
	if res.Cells[0].Seed != 43 {
		t.Errorf("redaction changed a number: seed %d", res.Cells[0].Seed)
	}
	for _, want := range []string{`id="summary"`, `<th scope="col"><bdi>en-US · esim</bdi></th>`, `<th scope="col"><bdi>en-US · psim</bdi></th>`, `class="unmet"`, `class="met"`,
		`href="#cell-bad-iccid-psim-en-US"`, "not met ✗", "identifiers masked", "iccid-invalid", `<a href="https://learn.microsoft.com/en-us/windows-hardware/drivers/mobilebroadband/`} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, external := range []string{"<script src", "<link ", "http://", "@import"} {
		if strings.Contains(page, external) {
			t.Errorf("report refers to an external resource: %q", external)
		}
	}
}

func TestMergeShards(t *testing.T) {
	res := sampleResults()
	a, b := res, res
	a.Cells, a.Shard = res.Cells[:1], "1/2"
	b.Cells, b.Shard = res.Cells[1:], "2/2"
	dir := t.TempDir()
	for i, r := range []Results{b, a} {
		if err := WriteFile(filepath.Join(dir, fmt.Sprintf("s%d.json", i)), func(w io.Writer) error { return WriteJSON(w, r) }); err != nil {
			t.Fatal(err)
		}
	}
	parts, err := ReadResults([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	if m.Summary() != res.Summary() || m.Cells[0].ID != "bad-iccid/psim/en-US" || len(m.Cells) != 2 {
		t.Errorf("merged = %+v", m.Summary())
	}
	if _, err := Merge([]Results{a, a}); err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("overlapping shards: %v", err)
	}
	// Shards of one --run merge, and the merged report says which cells ran.
	a.Run, b.Run = "buy|bad", "buy|bad"
	if m, err = Merge([]Results{a, b}); err != nil || m.Run != "buy|bad" {
		t.Errorf("shards of one --run: %v, run %q", err, m.Run)
	}
	var page strings.Builder
	if err := WriteHTML(&page, m); err != nil || !strings.Contains(page.String(), "only the cells matching --run <code><bdi>buy|bad</bdi></code>") {
		t.Errorf("the HTML report does not say which cells ran (%v)", err)
	}
	b.Run = "buy"
	if _, err := Merge([]Results{a, b}); err == nil || !strings.Contains(err.Error(), `ran the cells matching --run "buy"`) {
		t.Errorf("shards of two --run: %v", err)
	}
}

// mergeCase is a merge of parts and the error it must give ("" for none).
type mergeCase struct {
	name  string
	parts []Results
	want  string
}

// runMergeCases merges each case's parts and checks its error.
func runMergeCases(t *testing.T, tests []mergeCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.parts)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Merge: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Merge: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// A merge is of the shards 1/N … N/N of one run, each once: a missing
// shard would leave its cells (and their failures) out of a report that
// then passes; the messages name the files.
func TestMergeNeedsEveryShardOnce(t *testing.T) {
	res := sampleResults()
	shard := func(label, from string, cells ...CellResult) Results {
		r := res
		r.Shard, r.From, r.Cells = label, from, cells
		return r
	}
	one, two := shard("1/3", "s1.json", res.Cells[0]), shard("2/3", "s2.json", res.Cells[1])
	three := shard("3/3", "s3.json")
	whole := shard("", "all.json", res.Cells...)
	tests := []mergeCase{
		{"all three shards", []Results{three, one, two}, ""},
		{"one whole run", []Results{whole}, ""},
		{"a shard missing", []Results{one, two}, "shard 3/3 of the run is missing"},
		{"two shards missing", []Results{two}, "shards 1/3, 3/3 of the run are missing"},
		{"a merged report among the shards", []Results{one, two, three, whole}, "all.json (a whole run) is no shard"},
		{"two whole runs", []Results{whole, whole}, "all.json (a whole run) is no shard"},
		{"shards of two splits", []Results{one, two, three, shard("2/2", "other.json")}, "other.json (shard 2/2) and s1.json (shard 1/3) split their runs in different numbers of shards"},
		{"a shard twice", []Results{one, two, three, shard("3/3", "copy.json")}, "s3.json (shard 3/3) and copy.json (shard 3/3) are both shard 3/3"},
		{"overlapping cells name the files", []Results{one, shard("2/3", "s2.json", res.Cells[0]), three}, "cell " + res.Cells[0].ID + " is in s1.json (shard 1/3) and in s2.json (shard 2/3)"},
	}
	runMergeCases(t, tests)
}

// A run through the one session runner with in-memory windows: each cell
// in its own workspace, --bail skips what had not started.
func TestRunWithFakeWindows(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"x\"\nlanguages = [\"en-US\", \"de-DE\", \"fr-FR\"]\ntimeout = \"200ms\"\n[scenario.expect]\nended = \"timeout\"\n")
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	ready := func() *sessiontest.FakeOpener {
		return &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	}
	op := ready()
	var progress []string
	res := Run(context.Background(), cells, Options{Parallel: 2, Seed: 7, Opener: op, TempDir: t.TempDir(),
		Progress: func(done, total int, r CellResult) { progress = append(progress, fmt.Sprintf("%d/%d", done, total)) }})
	if s := res.Summary(); !s.OK() || s.Total != 3 {
		t.Fatalf("summary = %+v; cells %+v", s, res.Cells)
	}
	if len(progress) != 3 || progress[2] != "3/3" || len(op.Windows()) != 3 {
		t.Errorf("progress %v, %d windows", progress, len(op.Windows()))
	}
	// The same seed gives the same devices and transaction IDs.
	again := Run(context.Background(), cells[:1], Options{Seed: 7, Opener: ready(), TempDir: t.TempDir()})
	query := func(r CellResult) string { return r.Report.Launch.URL[strings.Index(r.Report.Launch.URL, "?"):] } // the demo portal's port may differ
	if query(res.Cells[0]) != query(again.Cells[0]) {
		t.Errorf("launch differs between runs:\n%s\n%s", res.Cells[0].Report.Launch.URL, again.Cells[0].Report.Launch.URL)
	}
	// With --bail, a cell not met stops the cells that have not started.
	ss[0].Expect.Ended = "handBack"
	res = Run(context.Background(), Expand(ss, nil), Options{Parallel: 1, Seed: 7, Bail: true, Opener: ready(), TempDir: t.TempDir()})
	if s := res.Summary(); s.Unmet != 1 || s.Skipped != 2 {
		t.Errorf("bail summary = %+v", s)
	}
	// A window that never comes up is the machine's failure, not the portal's.
	res = Run(context.Background(), cells[:1], Options{Seed: 7, Opener: &sessiontest.FakeOpener{}, TempDir: t.TempDir()})
	if c := res.Cells[0]; c.Status != StatusError || !strings.Contains(c.Error, "the portal window never came up") || !strings.Contains(c.Error, "--verbose") {
		t.Errorf("silent window: %s %q", c.Status, c.Error)
	}
	// One that said why before it died: the cell's error says it too.
	dies := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowError, Message: "the portal window process ended unexpectedly: exit status 2 (it said: mpsim-portal: not found)", At: time.Now()})
		w.Crash()
	}}
	res = Run(context.Background(), cells[:1], Options{Seed: 7, Opener: dies, TempDir: t.TempDir()})
	if c := res.Cells[0]; c.Status != StatusError || !strings.Contains(c.Error, "never came up") || !strings.Contains(c.Error, "it said: mpsim-portal: not found") {
		t.Errorf("window that said why: %s %q", c.Status, c.Error)
	}
}

// With an opener per worker, every cell opens its windows through its
// worker's (mpsim's keep the worker's next window warm), none through the
// shared one, and each worker runs cells.
func TestRunWithAnOpenerPerWorker(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"x\"\nlanguages = [\"en-US\", \"de-DE\", \"fr-FR\", \"es-ES\"]\ntimeout = \"300ms\"\n[scenario.expect]\nended = \"timeout\"\n")
	if err != nil {
		t.Fatal(err)
	}
	ready := func() *sessiontest.FakeOpener {
		return &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	}
	shared, first, second := ready(), ready(), ready()
	res := Run(context.Background(), Expand(ss, nil), Options{Parallel: 2, Seed: 7, Opener: shared, Openers: []session.Opener{first, second}, TempDir: t.TempDir()})
	if s := res.Summary(); !s.OK() || s.Total != 4 {
		t.Fatalf("summary = %+v", s)
	}
	if n := len(shared.Windows()); n != 0 {
		t.Errorf("%d windows opened through the shared opener", n)
	}
	if a, b := len(first.Windows()), len(second.Windows()); a+b != 4 || a == 0 || b == 0 {
		t.Errorf("the workers' openers opened %d and %d windows, want 4 in all, some each", a, b)
	}
}

// A cell that could not run has no report; the outputs still say why.
func TestOutputsOfACellThatCouldNotRun(t *testing.T) {
	res := sampleResults()
	res.Cells[1] = CellResult{Cell: res.Cells[1].Cell, Status: StatusError, Error: "start portal window: no such file", Checks: []Check{}}
	var page, junit bytes.Buffer
	if err := WriteHTML(&page, res); err != nil {
		t.Fatal(err)
	}
	if err := WriteJUnit(&junit, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), "Could not run: <bdi>start portal window: no such file</bdi>") {
		t.Error("HTML does not say why the cell could not run")
	}
	var got junitSuites
	if err := xml.Unmarshal(junit.Bytes(), &got); err != nil || got.Errors != 1 || got.Suites[1].Cases[0].Error == nil {
		t.Errorf("JUnit error cell: %v %+v", err, got)
	}
}

func TestPolicyExpectationsAndCompareLanguage(t *testing.T) {
	ss, err := parse(t, `
[[scenario]]
name = "fr"
compare_language = "fr-FR,fr"
[scenario.expect]
policies = { localization-languages = "pass", usability-frame-size = "fail" }
`)
	if err != nil {
		t.Fatal(err)
	}
	req, err := Expand(ss, nil)[0].Request(1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(req.CompareLanguages, []string{"fr-FR", "fr"}) {
		t.Errorf("compare languages = %v", req.CompareLanguages)
	}
	rep := session.Report{Verdict: bridge.VerdictPass, Policies: []audit.Policy{
		{ID: "localization-languages", Status: audit.StatusPass}, {ID: "usability-frame-size", Status: audit.StatusPass},
	}}
	var got []string
	for _, c := range Evaluate(ss[0].Expect, rep, time.Second) {
		got = append(got, fmt.Sprintf("%s want %s got %s met %v", c.Name, c.Want, c.Got, c.Met))
	}
	want := []string{
		"policy localization-languages want pass got pass met true",
		"policy usability-frame-size want fail got pass met false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("checks:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	for _, tc := range []struct{ name, src, want string }{
		{"unknown policy", "[scenario.expect]\npolicies = { no-such-policy = \"pass\" }\n", `no policy "no-such-policy"`},
		{"bad status", "[scenario.expect]\npolicies = { security-https = \"ok\" }\n", "security-https"},
		{"bad compare language", "compare_language = \"x y\"\n", "compare_language"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(t, "[[scenario]]\nname = \"a\"\n"+tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one naming %q", err, tc.want)
			}
		})
	}
}

// A scenario's operator key, and the runner's operator (mpsim test
// --operator) for scenarios that name none, decide each cell's operator:
// its portal, market and the ICCID range of its device (issue 13).
func TestCellsUseTheirOperator(t *testing.T) {
	dir := t.TempDir()
	ops := filepath.Join(dir, "operators.toml")
	profile := "[[operator]]\nname = \"Fabrikam\"\niccid_prefix = \"894412\"\nsmdp_address = \"smdp.fabrikam.example\"\nportal_url = \"https://portal.fabrikam.example/mp\"\nmarkets = [\"GB\"]\n"
	if err := os.WriteFile(ops, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	ss, err := parse(t, "[[scenario]]\nname = \"named\"\noperator = \"Fabrikam\"\ntimeout = \"200ms\"\n[scenario.expect]\nended = \"timeout\"\n\n[[scenario]]\nname = \"unnamed\"\ntimeout = \"200ms\"\n[scenario.expect]\nended = \"timeout\"\n")
	if err != nil {
		t.Fatal(err)
	}
	ready := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	for _, c := range []struct {
		runner      string // Options.Operator
		wantUnnamed string // the unnamed scenario's portal
	}{
		{"", "https://127.0.0.1:"},
		{"Fabrikam", "https://portal.fabrikam.example/mp?market=GB"},
	} {
		res := Run(context.Background(), Expand(ss, nil), Options{Seed: 3, Opener: ready, TempDir: t.TempDir(), OperatorsFile: ops, Operator: c.runner})
		for _, cell := range res.Cells {
			if cell.Report == nil {
				t.Fatalf("runner operator %q, cell %s: %s %s", c.runner, cell.ID, cell.Status, cell.Error)
			}
			want := c.wantUnnamed
			if cell.Scenario.Name == "named" {
				want = "https://portal.fabrikam.example/mp?market=GB"
			}
			if !strings.HasPrefix(cell.Report.Launch.URL, want) {
				t.Errorf("runner operator %q, cell %s: launch %s, want %s…", c.runner, cell.ID, cell.Report.Launch.URL, want)
			}
			fabrikam := strings.HasPrefix(want, "https://portal.fabrikam")
			if cell.Report.Device != nil && len(cell.Report.Device.Profiles) > 0 {
				t.Logf("runner %q cell %s: ICCID %s", c.runner, cell.ID, cell.Report.Device.Profiles[0].ICCID)
			}
			if dev := cell.Report.Device; dev == nil || len(dev.Profiles) == 0 {
				if fabrikam && cell.SIM == "esim" {
					t.Errorf("cell %s: no device profile in the report", cell.ID)
				}
			} else if got := strings.HasPrefix(dev.Profiles[0].ICCID, "894412"); got != fabrikam {
				t.Errorf("runner operator %q, cell %s: device ICCID %s in Fabrikam's range = %v, want %v", c.runner, cell.ID, dev.Profiles[0].ICCID, got, fabrikam)
			}
		}
	}
}

// mpsim test --no-inspect and --no-axe: the cells' windows are asked to
// record less, the results (and their merge and HTML) say so, and a cell
// that expects what was left out (policy statuses; the accessibility
// policy's) cannot run so, without opening a window, while the others run.
func TestRunLeavingPartsOut(t *testing.T) {
	ss, err := parse(t, `
[[scenario]]
name = "plain"
timeout = "200ms"
[scenario.expect]
ended = "timeout"

[[scenario]]
name = "audited"
timeout = "200ms"
[scenario.expect]
ended = "timeout"
policies = { usability-frame-size = "pass" }

[[scenario]]
name = "accessible"
timeout = "200ms"
[scenario.expect]
ended = "timeout"
policies = { accessibility = "pass" }
`)
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	// The fake window gives no policy statuses: a cell that expects some
	// runs and is not met.
	for _, tc := range []struct {
		name           string
		opts           Options
		errors         map[string]string // cell → what its error says
		windows        int
		inspect, noAxe bool
		htmlSays       string
		merged         func(Results) bool
	}{
		{"everything", Options{}, nil, 3, true, false, "", func(r Results) bool { return !r.NoInspect && !r.NoAxe }},
		{"--no-inspect", Options{NoInspect: true}, map[string]string{"audited": "drop --no-inspect", "accessible": "drop --no-inspect"}, 1, false, false,
			"not recorded (--no-inspect)", func(r Results) bool { return r.NoInspect }},
		{"--no-axe", Options{NoAxe: true}, map[string]string{"accessible": "drop --no-axe"}, 2, true, true,
			"without axe-core (--no-axe)", func(r Results) bool { return r.NoAxe && !r.NoInspect }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
			o := tc.opts
			o.Seed, o.Opener, o.TempDir = 7, op, t.TempDir()
			res := Run(context.Background(), cells, o)
			if res.NoInspect != o.NoInspect || res.NoAxe != o.NoAxe {
				t.Errorf("results NoInspect %v, NoAxe %v", res.NoInspect, res.NoAxe)
			}
			for _, c := range res.Cells {
				want, fails := tc.errors[c.Scenario.Name]
				switch {
				case fails && (c.Status != StatusError || !strings.Contains(c.Error, want)):
					t.Errorf("%s cell: %s %q; want it not run, saying %q", c.Scenario.Name, c.Status, c.Error, want)
				case !fails && c.Scenario.Name == "plain" && c.Status != StatusMet:
					t.Errorf("plain cell: %s %q %+v", c.Status, c.Error, c.Unmet())
				case !fails && c.Scenario.Name != "plain" && (c.Status != StatusUnmet || c.Error != ""):
					t.Errorf("%s cell: %s %q; want it run (not met: the fake window audits nothing)", c.Scenario.Name, c.Status, c.Error)
				}
			}
			wins := op.Windows()
			if len(wins) != tc.windows {
				t.Fatalf("%d windows opened, want %d", len(wins), tc.windows)
			}
			for _, w := range wins {
				if w.Spec.Inspect != tc.inspect || w.Spec.NoAxe != tc.noAxe {
					t.Errorf("window spec: Inspect %v, NoAxe %v; want %v, %v", w.Spec.Inspect, w.Spec.NoAxe, tc.inspect, tc.noAxe)
				}
			}
			merged, err := Merge([]Results{res})
			if err != nil || !tc.merged(merged) {
				t.Errorf("merged NoInspect %v, NoAxe %v (%v)", merged.NoInspect, merged.NoAxe, err)
			}
			var page bytes.Buffer
			if err := WriteHTML(&page, res); err != nil {
				t.Fatal(err)
			}
			for _, says := range []string{"not recorded (--no-inspect)", "without axe-core (--no-axe)"} {
				if got := strings.Contains(page.String(), says); got != (says == tc.htmlSays) {
					t.Errorf("HTML says %q: %v", says, got)
				}
			}
		})
	}
}

// --retries: a cell not met runs again with the same device; met on a
// later attempt it counts as met and is flaky, with what the earlier
// attempts said in the results, the JUnit XML (Surefire's flakyFailure and
// rerunFailure) and the HTML report.
func TestRetriesRunACellAgain(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"x\"\ntimeout = \"200ms\"\n[scenario.expect]\nended = \"timeout\"\n")
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	// failing opens windows that die at once for the first fails sessions.
	failing := func(fails int) *sessiontest.FakeOpener {
		n := 0
		return &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowReady})
			if n++; n <= fails {
				w.Crash()
			}
		}}
	}
	tests := []struct {
		name           string
		retries, fails int
		want           Status
		earlier        int
		junit          string
	}{
		{"flaky", 2, 1, StatusMet, 1, "<flakyFailure"},
		{"always fails", 2, 9, StatusUnmet, 2, "<rerunFailure"},
		{"no retries", 0, 1, StatusUnmet, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := failing(tc.fails)
			res := Run(t.Context(), cells, Options{Seed: 7, Retries: tc.retries, Opener: op, TempDir: t.TempDir()})
			c := res.Cells[0]
			if c.Status != tc.want || len(c.Earlier) != tc.earlier || len(op.Windows()) != tc.earlier+1 {
				t.Fatalf("status %s, %d earlier attempts, %d windows; want %s, %d, %d", c.Status, len(c.Earlier), len(op.Windows()), tc.want, tc.earlier, tc.earlier+1)
			}
			for _, a := range c.Earlier {
				if a.Status != StatusUnmet || !strings.Contains(a.Reason, "ended want timeout, got crashed") {
					t.Errorf("earlier attempt = %+v", a)
				}
			}
			if s := res.Summary(); (s.Flaky == 1) != (tc.name == "flaky") || c.Flaky() != (tc.name == "flaky") {
				t.Errorf("summary %+v, flaky %v", s, c.Flaky())
			}
			var junit, page strings.Builder
			if err := WriteJUnit(&junit, res); err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(junit.String(), tc.junit); tc.junit != "" && got != tc.earlier {
				t.Errorf("JUnit has %d %s, want %d:\n%s", got, tc.junit, tc.earlier, junit.String())
			}
			if err := WriteHTML(&page, res); err != nil {
				t.Fatal(err)
			}
			wantHTML := map[string]string{"flaky": "Flaky: met on attempt 2; before:<br>attempt 1: not met", "always fails": "Not met either on attempt 3"}[tc.name]
			if wantHTML != "" && !strings.Contains(page.String(), wantHTML) {
				t.Errorf("HTML report lacks %q", wantHTML)
			}
			if flakyBadge := strings.Count(page.String(), "(flaky)</"); flakyBadge != map[bool]int{true: 2}[tc.name == "flaky"] {
				t.Errorf("HTML report marks %d places (flaky), want the summary cell and the cell's badge only for the flaky cell", flakyBadge)
			}
		})
	}
}

// A skipped cell's JUnit entry says why the run skipped it.
func TestJUnitSaysWhyCellsWereSkipped(t *testing.T) {
	res := sampleResults()
	res.Cells[0].Status = StatusSkipped
	for stopped, want := range map[string]string{
		StoppedBail:        "not run: --bail stopped the run after a cell failed",
		StoppedInterrupted: "not run: the run was interrupted (SIGINT or SIGTERM)",
		"":                 "not run (--bail after a failure, or interrupted)",
	} {
		res.Stopped = stopped
		var out strings.Builder
		if err := WriteJUnit(&out, res); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), `<skipped message="`+want+`"`) {
			t.Errorf("stopped %q: JUnit lacks %q:\n%s", stopped, want, out.String())
		}
	}
}

// TestJUnitClassnameHasNoInnerDots: JUnit readers take what comes before a
// classname's last dot as a package, so a scenario's dots must not split it.
func TestJUnitClassnameHasNoInnerDots(t *testing.T) {
	tests := []struct{ scenario, want string }{
		{"bad-iccid", "mpsim.bad-iccid"},
		{"plan.1.5gb", "mpsim.plan_1_5gb"},
		// A file that could not be read: its path, whose slashes a
		// reader would show as they are (CI QA: "mpsim.bad/syntax_toml").
		{"examples/demo.toml", "mpsim.examples_demo_toml"},
		{"/tmp/ci run/bad.toml", "mpsim._tmp_ci_run_bad_toml"},
	}
	for _, tc := range tests {
		if got := junitClassname(tc.scenario); got != tc.want {
			t.Errorf("junitClassname(%q) = %q, want %q", tc.scenario, got, tc.want)
		}
	}
}

// TestRetriesSkipTheScenariosOwnErrors: a cell that cannot run because of
// its scenario and the run's options (policies expected under --no-inspect)
// would fail the same way again, so --retries does not repeat it.
func TestRetriesSkipTheScenariosOwnErrors(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"x\"\n[scenario.expect.policies]\nsecurity-https = \"pass\"\n")
	if err != nil {
		t.Fatal(err)
	}
	op := &sessiontest.FakeOpener{}
	res := Run(t.Context(), Expand(ss, nil), Options{Seed: 7, Retries: 2, NoInspect: true, Opener: op, TempDir: t.TempDir()})
	c := res.Cells[0]
	if c.Status != StatusError || !strings.Contains(c.Error, "--no-inspect") {
		t.Fatalf("status %s, error %q; want a cell that could not run because of --no-inspect", c.Status, c.Error)
	}
	if len(c.Earlier) != 0 || len(op.Windows()) != 0 {
		t.Errorf("%d earlier attempts, %d windows; want the one attempt and no window", len(c.Earlier), len(op.Windows()))
	}
}

// Shards merge only when they were split from one run: the same whole cell
// list (recorded before --shard picked its part) and the same masking of
// the identifiers; the merged cells must be that list. The messages name
// the files.
func TestMergeRefusesShardsOfAnotherRun(t *testing.T) {
	res := sampleResults()
	ids := []string{res.Cells[0].ID, res.Cells[1].ID}
	bigger := append(slices.Clone(ids), "c/esim/en-US", "d/esim/en-US")
	shard := func(label, from string, all []string, cells ...CellResult) Results {
		r := res
		r.Shard, r.From, r.Cells = label, from, cells
		if all != nil { // nil: results of an mpsim that did not record the list
			r.AllCells, r.AllCellsFingerprint = len(all), CellsFingerprint(all)
		}
		return r
	}
	one, two := shard("1/2", "s1.json", ids, res.Cells[0]), shard("2/2", "s2.json", ids, res.Cells[1])
	unmasked := two
	unmasked.Redacted = !two.Redacted
	tests := []mergeCase{
		{"shards of one run", []Results{one, two}, ""},
		{"shards of different cell lists", []Results{one, shard("2/2", "s2.json", bigger, res.Cells[1])},
			"s2.json (shard 2/2) was split from a run of 4 cells (list " + CellsFingerprint(bigger) + "), s1.json (shard 1/2) from one of 2 cells"},
		{"a shard of an older mpsim", []Results{one, shard("2/2", "old.json", nil, res.Cells[1])},
			"old.json (shard 2/2) was written by an older mpsim, which did not record its run's cell list, and s1.json (shard 1/2) by one that does"},
		{"an older mpsim's shard first", []Results{shard("1/2", "old.json", nil, res.Cells[0]), two}, "old.json (shard 1/2) was written by an older mpsim"},
		{"masked and unmasked shards", []Results{one, unmasked}, "s2.json (shard 2/2) has the identifiers"},
		{"cells left out of the list", []Results{shard("1/2", "s1.json", bigger, res.Cells[0]), shard("2/2", "s2.json", bigger, res.Cells[1])},
			"the shards hold 2 cells, but their run has 4"},
	}
	runMergeCases(t, tests)
}

// A scenario directory stands for its TOML files with a [[scenario]] table
// and those of its sub-directories, but not hidden or testdata ones, nor
// hidden files, nor other TOML files (FyneApp.toml); a file named itself
// is read whatever it holds.
func TestFilesOfADirectory(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.toml":              good,
		"sub/b.toml":          "  [[ scenario ]]\nname = \"b\"\n",
		"FyneApp.toml":        "[Details]\nName = \"x\"\n",
		".hidden/c.toml":      good,
		"sub/testdata/d.toml": good,
		".e.toml":             good,
	}
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{dir}, []string{"a.toml", "sub/b.toml"}},
		{[]string{filepath.Join(dir, "FyneApp.toml")}, []string{"FyneApp.toml"}},
		{[]string{filepath.Join(dir, ".hidden")}, []string{".hidden/c.toml"}},
	}
	for _, tt := range tests {
		got, err := Files(tt.args)
		if err != nil {
			t.Fatal(err)
		}
		var rel []string
		for _, p := range got {
			r, _ := filepath.Rel(dir, p)
			rel = append(rel, filepath.ToSlash(r))
		}
		if !slices.Equal(rel, tt.want) {
			t.Errorf("Files(%q) = %q, want %q", tt.args, rel, tt.want)
		}
	}
}

// A directory's walk names the TOML files it skipped that the user may
// have meant, with why: a presets file, a misspelt [[scenarios]] or
// [Scenario] table. Files in hidden and testdata folders, hidden files,
// and files that are also named (and so read) get no note.
func TestFindSaysWhatItSkipped(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // relative path: content
		args  []string          // relative to the folder; "" is the folder
		read  []string
		notes []string // "file: reason"
		err   string
	}{
		{"a presets file beside scenarios",
			map[string]string{"a.toml": good, "presets.toml": "[[preset]]\nname = \"p\"\n"}, []string{""},
			[]string{"a.toml"}, []string{"presets.toml: no [[scenario]] table"}, ""},
		{"a misspelt [[scenarios]] table",
			map[string]string{"a.toml": good, "sub/b.toml": "# b\n[[scenarios]]\nname = \"b\"\n"}, []string{""},
			[]string{"a.toml"}, []string{"sub/b.toml: no [[scenario]] table: line 2 has [[scenarios]]; write [[scenario]]"}, ""},
		{"a one-bracket [Scenario] table",
			map[string]string{"a.toml": good, "c.toml": "[Scenario]\nname = \"c\"\n"}, []string{""},
			[]string{"a.toml"}, []string{"c.toml: no [[scenario]] table: line 1 has [Scenario], one table; write each scenario as [[scenario]], with two brackets"}, ""},
		{"a file that starts with a byte order mark, as Notepad writes it",
			map[string]string{"a.toml": good, "bom.toml": "\ufeff[[scenario]]\nname = \"b\"\n"}, []string{""},
			[]string{"a.toml", "bom.toml"}, nil, ""},
		{"hidden and testdata folders and hidden files are silent",
			map[string]string{"a.toml": good, ".git/config.toml": "[x]\n", "testdata/t.toml": "[[scenarios]]\n", ".e.toml": "[y]\n"}, []string{""},
			[]string{"a.toml"}, nil, ""},
		{"a hidden folder named on the command line is read and noted",
			map[string]string{"a.toml": good, ".wip/b.toml": good, ".wip/p.toml": "[[scenarios]]\n"}, []string{"", ".wip"},
			[]string{"a.toml", ".wip/b.toml"}, []string{".wip/p.toml: no [[scenario]] table: line 1 has [[scenarios]]; write [[scenario]]"}, ""},
		{"a skipped file also named is read, without a note",
			map[string]string{"a.toml": good, "FyneApp.toml": "[Details]\n"}, []string{"", "FyneApp.toml"},
			[]string{"a.toml", "FyneApp.toml"}, nil, ""},
		{"a folder with no scenario file names what it skipped",
			map[string]string{"b.toml": "[[scenarios]]\n"}, []string{""},
			nil, nil, "b.toml: no [[scenario]] table: line 1 has [[scenarios]]; write [[scenario]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var args []string
			for _, a := range tt.args {
				args = append(args, filepath.Join(dir, a))
			}
			rel := func(p string) string {
				r, err := filepath.Rel(dir, p)
				if err != nil {
					t.Fatal(err)
				}
				return filepath.ToSlash(r)
			}
			got, err := Find(args)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Find error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var read, notes []string
			for _, p := range got.Files {
				read = append(read, rel(p))
			}
			for _, s := range got.Skipped {
				notes = append(notes, rel(s.File)+": "+s.Reason)
			}
			if !slices.Equal(read, tt.read) || !slices.Equal(notes, tt.notes) {
				t.Errorf("Find read %q, noted %q\nwant read %q, noted %q", read, notes, tt.read, tt.notes)
			}
		})
	}
}

// A missing scenario file named like an output says how outputs are
// named: "mpsim test --json out.json" reads out.json as a scenario file.
func TestMissingScenarioFileNamedLikeAnOutput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, want string
	}{
		{"out.json", "--json is a switch that writes the results to the standard output: mpsim test … --json > "},
		{"junit.xml", "outputs are named after their flag: --junit FILE, --html FILE"},
		{"report.HTML", "outputs are named after their flag"},
		{"missing.toml", ""},
	}
	for _, tt := range tests {
		_, err := Files([]string{filepath.Join(dir, tt.name)})
		if err == nil {
			t.Fatalf("%s: no error", tt.name)
		}
		if !strings.Contains(err.Error(), "no such file or directory") {
			t.Errorf("%s: %v, want it to say the file is missing", tt.name, err)
		}
		if got := strings.Contains(err.Error(), "--"); got != (tt.want != "") || (tt.want != "" && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want the hint %q", tt.name, err, tt.want)
		}
	}
}
