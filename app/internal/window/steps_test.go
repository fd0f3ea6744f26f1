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
	src, err := stepAgent(token)
	if err != nil {
		t.Fatal(err)
	}
	if want := "(() => {\nconst token = \"" + token + "\";\n"; !strings.HasPrefix(src, want) {
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
