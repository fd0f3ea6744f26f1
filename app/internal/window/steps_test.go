package window

import (
	"regexp"
	"strings"
	"testing"
)

// The steps' frame agent is the runtime the step scripts share
// (assets/steps/steps.js) and the agent (agent.js) in one closure, with the
// window process's token baked in as a constant of that closure, not a
// global; each window process draws a token of its own.
func TestStepAgent(t *testing.T) {
	token := newStepToken()
	if !regexp.MustCompile(`^mpsim-[0-9a-f]{32}$`).MatchString(token) {
		t.Fatalf("token %q, want mpsim- and 32 hex digits", token)
	}
	if other := newStepToken(); other == token {
		t.Errorf("two tokens are the same: %q", token)
	}
	watchToken := newStepToken()
	src, err := stepAgent(token, watchToken)
	if err != nil {
		t.Fatal(err)
	}
	if want := "(() => {\nconst token = \"" + token + "\";\nconst watchToken = \"" + watchToken + "\";\n"; !strings.HasPrefix(src, want) {
		t.Errorf("the agent starts %q, want %q", src[:min(len(src), 80)], want)
	}
	if !strings.HasSuffix(src, "})();\n") {
		t.Errorf("the agent does not end its closure: %q", src[max(0, len(src)-40):])
	}
	for _, want := range []string{"const stepLib = (a, agent)", `addEventListener("message"`, "stopImmediatePropagation", `"mpsimStepAgent"`} {
		if !strings.Contains(src, want) {
			t.Errorf("the agent lacks %q", want)
		}
	}
	if n := strings.Count(src, token); n != 1 {
		t.Errorf("the token is in the agent %d times, want once (its constant)", n)
	}
}

// The late-work watch (assets/steps/late.js), in the page's world, has a
// token of its own baked in, never the agent's: a page that read it could
// only make a step wait longer, not steer the agents.
func TestStepWatch(t *testing.T) {
	token, watchToken := newStepToken(), newStepToken()
	agent, err := stepAgent(token, watchToken)
	if err != nil {
		t.Fatal(err)
	}
	src, err := stepWatch(watchToken)
	if err != nil {
		t.Fatal(err)
	}
	if want := "(() => {\nconst token = \"" + watchToken + "\";\n"; !strings.HasPrefix(src, want) || !strings.HasSuffix(src, "})();\n") {
		t.Errorf("the watch is not one closure with its token: %q…%q", src[:min(len(src), 80)], src[max(0, len(src)-40):])
	}
	if strings.Contains(src, token) {
		t.Error("the watch holds the agent's token")
	}
	for _, want := range []string{"w.setTimeout = function", "w.fetch = function", "XHR.send = function", `token + "?"`} {
		if !strings.Contains(src, want) {
			t.Errorf("the watch lacks %q", want)
		}
	}
	if !strings.Contains(agent, `watchToken + "?"`) {
		t.Error("the agent does not ask the watch by its token")
	}
}
