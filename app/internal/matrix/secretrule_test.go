package matrix

import (
	"context"
	"strings"
	"testing"
)

// A fill's selector that names a password field makes its literal value
// secret when the scenario is parsed (NamesPasswordField); others wait
// for the field's type.
func TestNamesPasswordField(t *testing.T) {
	tests := []struct {
		selector string
		want     bool
	}{
		{"#password", true},
		{"input[type=password]", true},
		{`input[type="PASSWORD"]`, true},
		{`[name="new-password"]`, true},
		{"#passwd", true},
		{"#user_pwd", true},
		{"#passcode", true},
		{"#secret", false},
		{"#email", false},
		{"#shipping", false},
	}
	for _, tt := range tests {
		if got := NamesPasswordField(tt.selector); got != tt.want {
			t.Errorf("NamesPasswordField(%q) = %v, want %v", tt.selector, got, tt.want)
		}
		st := Step{Fill: tt.selector, Value: Plain("Hunter2-early")}.Session()
		if st.Secret != tt.want || strings.Contains(st.String(), "Hunter2-early") == tt.want {
			t.Errorf("fill %q: secret %v, says %q", tt.selector, st.Secret, st)
		}
	}
	if (Step{Click: "#password"}).Session().Secret {
		t.Errorf("a click on a password field is secret")
	}
}

// earlyFailFile fails its first step, before any fill ran: the literal
// value of the fill whose selector names a password field is masked in
// every output (the steps not run, the scenario's copy), a value that
// only a password field would have made secret is not known to be one.
// The second scenario's fill into #secret turns out to be a password
// field: its value is masked, and so is the same value typed into
// #confirm (a text field).
const earlyFailFile = `[[scenario]]
name = "early"
timeout = "20s"
[[scenario.steps]]
wait_for = "#never"
timeout = "1s"
[[scenario.steps]]
fill = "#password"
value = "Hunter2-early"
[[scenario.steps]]
fill = "#other"
value = "plain-other"

[[scenario]]
name = "late"
timeout = "20s"
[[scenario.steps]]
fill = "#secret"
value = "Wordy-retro"
[[scenario.steps]]
fill = "#confirm"
value = "Wordy-retro"
[[scenario.steps]]
close = true
`

func TestSecretsKnownUpFrontAndAfter(t *testing.T) {
	ss, err := parse(t, earlyFailFile)
	if err != nil {
		t.Fatal(err)
	}
	op := fillOpener(map[string]string{
		"#never":   `{"ok":false,"error":"no element matches #never"}`,
		"#secret":  `{"ok":true,"detail":"filled <input#secret> \"••••\"","fieldType":"password"}`,
		"#confirm": `{"ok":true,"detail":"filled <input#confirm> \"Wordy-retro\"","fieldType":"text"}`,
	}, `{"ok":true,"detail":"done","fieldType":"text"}`)
	cells := Expand(ss, nil)
	if len(cells) != 2 {
		t.Fatalf("%d cells", len(cells))
	}
	res := Run(context.Background(), cells, Options{Seed: 7, Opener: op, TempDir: t.TempDir()})
	outs := writeOutputs(t, res)
	noSecretIn(t, outs, "Hunter2-early", "Wordy-retro")
	for name, out := range outs {
		if name != "junit" && !strings.Contains(out, "plain-other") {
			t.Errorf("the %s output lost a value that is no secret", name)
		}
	}
	var early *CellResult
	for i := range res.Cells {
		if strings.HasPrefix(res.Cells[i].ID, "early/") {
			early = &res.Cells[i]
		}
	}
	if early == nil {
		t.Fatal("no early cell")
	}
	notRun, _ := early.StepsNotRun()
	if len(notRun) != 2 || notRun[0].Step != `fill "#password" with "••••"` {
		t.Errorf("steps not run: %+v", notRun)
	}
}
