package cli

import "testing"

// Every flag with a fixed set of values ignores case and names the closest
// value when it refuses one (found on a desk: --sim ESIM worked,
// --demo-choice BUY was refused without a hint).
func TestOneOf(t *testing.T) {
	values := []string{"buy", "buy-existing", "cancel"}
	for _, tc := range []struct{ in, want, err string }{
		{"buy", "buy", ""},
		{"BUY", "buy", ""},
		{"Buy-Existing", "buy-existing", ""},
		{"byu", "", `--demo-choice "byu": use one of buy, buy-existing, cancel; did you mean "buy"?`},
		{"refund", "", `--demo-choice "refund": use one of buy, buy-existing, cancel`},
	} {
		got, err := oneOf("--demo-choice", tc.in, values)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("oneOf(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("oneOf(%q) error %v, want %q", tc.in, err, tc.err)
		}
	}
}

// The run flags take their values in any case.
func TestRunFlagValuesIgnoreCase(t *testing.T) {
	o := &runOptions{choice: "BUY", demoAPI: "Inline", closeAfter: "downloadstarted",
		activation: "success", registration: "home", clockSpeed: 60}
	o.launch.generation, o.launch.lang = "Dynamo-2018", "en-US"
	req, err := o.sessionRequest()
	if err != nil {
		t.Fatal(err)
	}
	if o.choice != "buy" || o.demoAPI != "inline" || o.closeAfter != "downloadStarted" || req.Launch.Generation != "dynamo-2018" {
		t.Errorf("choice %q, API %q, generation %q: not the documented spellings", o.choice, o.demoAPI, req.Launch.Generation)
	}
}
