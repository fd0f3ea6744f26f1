package session

import "testing"

func TestMissHint(t *testing.T) {
	buttons := []string{"Back", "Next", "Cancel", "Buy now"}
	tests := []struct {
		name   string
		step   Step
		near   []string
		fields []string
		want   string
	}{
		{"a typo in a button's text", Step{Action: StepClickText, Target: "Nxt"}, buttons, nil, `; did you mean "Next"?`},
		{"another case", Step{Action: StepClickText, Target: "buy now"}, buttons, nil, `; did you mean "Buy now"?`},
		{"no close button: the buttons", Step{Action: StepClickText, Target: "Purchase"}, buttons, nil,
			`; the page's visible buttons and links: "Back", "Next", "Cancel", "Buy now"`},
		{"many buttons: the first six and the count", Step{Action: StepClickText, Target: "Zzzzzz"}, []string{"a", "b", "c", "d", "e", "f", "g", "h"}, nil,
			`; the page's visible buttons and links: "a", "b", "c", "d", "e", "f" … (8 in all)`},
		{"an id with a typo", Step{Action: StepWaitFor, Target: "#emial"}, []string{"#email", "#plan", "#buy"}, nil, `; did you mean "#email"?`},
		{"an id the page's starts", Step{Action: StepWaitFor, Target: "#plan-header"}, []string{"#plan-h", "#next"}, nil, `; did you mean "#plan-h"?`},
		{"a class", Step{Action: StepClick, Target: ".btn-primray"}, []string{".btn", ".btn-primary"}, nil, `; did you mean ".btn-primary"?`},
		{"nothing close to wait for", Step{Action: StepWaitFor, Target: "#never"}, []string{"#email", "#plan"}, nil, ""},
		{"fill: the fields", Step{Action: StepFill, Target: "#mail-address"}, []string{"#email", "#plan"}, []string{"#email", `input[name="phone"]`},
			`; the page's visible text fields: "#email", "input[name=\"phone\"]"`},
		{"fill: a field, never another element", Step{Action: StepFill, Target: "#emai"}, []string{"#main", "#email-label"}, []string{"#email", "#phone"},
			`; did you mean "#email"?`},
		{"fill: nothing but the fields", Step{Action: StepFill, Target: "#email"}, []string{"#main"}, []string{"#new-name", "#new-email"},
			`; the page's visible text fields: "#new-name", "#new-email"`},
		{"choose: the selects", Step{Action: StepChoose, Target: "#tariff"}, nil, []string{"#plan"}, `; the page's visible <select> elements: "#plan"`},
		// Accents typed as combining marks are the same text as the page's
		// precomposed ones: the line the target starts is meant.
		{"decomposed accents", Step{Action: StepWaitText, Target: "Donne\u0301es illimite\u0301es"}, []string{"Forfait", "Données illimitées pendant 30 jours, sans engagement"}, nil,
			`; did you mean "Données illimitées pendant 30 jours, sans engagement"?`},
		{"a line of text", Step{Action: StepWaitText, Target: "Thank you for you purchase!"}, []string{"Contoso", "Thank you for your purchase!"}, nil,
			`; did you mean "Thank you for your purchase!"?`},
		{"a short target needs an exact prefix", Step{Action: StepClickText, Target: "OK"}, []string{"Okay then"}, nil,
			`; the page's visible buttons and links: "Okay then"`},
		{"no close line: the page's lines", Step{Action: StepWaitText, Target: "Order placed"}, []string{"Contoso", "Choose a plan", "1 GB"}, nil,
			`; the page's lines of text: "Contoso", "Choose a plan", "1 GB"`},
		{"a page without text", Step{Action: StepWaitText, Target: "Order placed"}, nil, nil, "; the page shows no text"},
		{"the URL: nothing", Step{Action: StepWaitURL, Target: "/done"}, nil, nil, ""},
		{"a page's escape sequences stay quoted", Step{Action: StepClickText, Target: "Pay"}, []string{"\x1b]0;pwned\x07"}, nil,
			`; the page's visible buttons and links: "\x1b]0;pwned\a"`},
		{"the page has it: another reason", Step{Action: StepClickText, Target: "Next"}, []string{"Next"}, nil,
			`; the page's visible buttons and links: "Next"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := missHint(tt.step, pageSeen{near: tt.near, fields: tt.fields}); got != tt.want {
				t.Errorf("missHint = %s\n want %s", got, tt.want)
			}
		})
	}
}

// TestClickTextHintListsLabelsApart: a click_text step that found nothing
// lists the page's buttons and links, and its field labels apart from them
// (a click finds a label by its text too, so one may be the text meant).
func TestClickTextHintListsLabelsApart(t *testing.T) {
	for _, tt := range []struct {
		name   string
		target string
		seen   pageSeen
		want   string
	}{
		{"labels apart", "Purchase", pageSeen{near: []string{"Back", "Next"}, labels: []string{"Email", "Phone number"}},
			`; the page's visible buttons and links: "Back", "Next"; its visible field labels: "Email", "Phone number"`},
		{"only labels", "Purchase", pageSeen{labels: []string{"Email"}}, `; the page's visible field labels: "Email"`},
		{"a label meant", "I agre to the terms", pageSeen{near: []string{"Back"}, labels: []string{"I agree to the terms"}},
			`; did you mean "I agree to the terms"?`},
		{"fields are no buttons", "Purchase", pageSeen{near: []string{"Back"}, fields: []string{"#email"}},
			`; the page's visible buttons and links: "Back"`},
		{"nothing to click", "Purchase", pageSeen{}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := missHint(Step{Action: StepClickText, Target: tt.target}, tt.seen); got != tt.want {
				t.Errorf("missHint = %s\n want %s", got, tt.want)
			}
		})
	}
}

// TestMissHintNamesTheFrames: a step that found nothing on a page with
// cross-origin frames nothing could reach (their frame agent gave no
// answer) is told which they are, after what it is told anyway, which
// holds what the frames that answered show.
func TestMissHintNamesTheFrames(t *testing.T) {
	frames := []string{"iframe#payframe https://pay.example/pay.html"}
	for _, tt := range []struct {
		name string
		step Step
		seen pageSeen
		want string
	}{
		{"click_text", Step{Action: StepClickText, Target: "Pay now"}, pageSeen{near: []string{"Cancel"}, frames: frames},
			`; the page's visible buttons and links: "Cancel"; cross-origin frames nothing could reach (no answer from them in time): "iframe#payframe https://pay.example/pay.html"`},
		{"fill", Step{Action: StepFill, Target: "#card"}, pageSeen{fields: []string{"#name"}, frames: frames},
			`; the page's visible text fields: "#name"; cross-origin frames nothing could reach (no answer from them in time): "iframe#payframe https://pay.example/pay.html"`},
		{"a selector, nothing else", Step{Action: StepClick, Target: "#pay"}, pageSeen{frames: frames},
			`; cross-origin frames nothing could reach (no answer from them in time): "iframe#payframe https://pay.example/pay.html"`},
		{"no frames", Step{Action: StepClick, Target: "#pay"}, pageSeen{}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := missHint(tt.step, tt.seen); got != tt.want {
				t.Errorf("missHint = %s\n want %s", got, tt.want)
			}
		})
	}
}

// TestMissHintSaysWhatThePageStatusSaid: a step whose element never came
// is told what the page's spinner, progress bar, status or alert line said
// (SPA QA: a page stuck on "Loading plans…" read only as a missing
// button, with an unrelated console error offered as the cause).
func TestMissHintSaysWhatThePageStatusSaid(t *testing.T) {
	got := missHint(Step{Action: StepClick, Target: "button[data-plan=p20]"}, pageSeen{status: []string{"Loading plans…"}})
	if want := `; the page's status (a progress bar, a busy part, a status or alert line) said: "Loading plans…"`; got != want {
		t.Errorf("missHint = %s\n want %s", got, want)
	}
	// A hash route is no id: a wait_url step is told the status only.
	got = missHint(Step{Action: StepWaitURL, Target: "#/confirm"}, pageSeen{near: []string{"#confirm"}, status: []string{"Payment failed"}})
	if want := `; the page's status (a progress bar, a busy part, a status or alert line) said: "Payment failed"`; got != want {
		t.Errorf("wait_url: missHint = %s\n want %s", got, want)
	}
}
