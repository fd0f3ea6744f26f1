package window

import (
	"fmt"
	iofs "io/fs"
	"strings"

	"mpsim/app/internal/ipc"
	"mpsim/assets"
)

// maxStepAnswer is the longest step answer sent to the parent; a step's
// script returns a short JSON object.
const maxStepAnswer = 64 << 10

// step runs a scenario step's script in the page's isolated steps world
// and answers the parent with seq; from any goroutine.
func (p *portal) step(seq int, body string) {
	p.dispatch(func() {
		p.view.Step(body, func(json, err string) {
			if len(json) > maxStepAnswer {
				json, err = "", "the step's answer was over 64 KiB"
			}
			p.send(ipc.Message{Type: ipc.TypeStepResult, Seq: seq, JS: json, Message: cut(err, 500)})
		})
	})
}

// stepAgent is the source of the steps' frame agent (assets/steps/agent.js
// after steps.js, the runtime it shares with the step scripts), with token
// baked in: a random string of this window process, which the page can
// read neither from the user script's source nor from its isolated world,
// and without which the agent ignores a command (and lets the page have
// it).
//
// watchToken is the late-work watch's (stepWatch): a token of its own, as
// the watch lives in the page's world; the agent asks the watch with it.
func stepAgent(token, watchToken string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "(() => {\nconst token = %q;\nconst watchToken = %q;\n", token, watchToken)
	for _, name := range []string{"steps/steps.js", "steps/agent.js"} {
		src, err := iofs.ReadFile(assets.FS(), name)
		if err != nil {
			return "", fmt.Errorf("the steps' frame agent: %w", err)
		}
		b.Write(src)
		b.WriteByte('\n')
	}
	b.WriteString("})();\n")
	return b.String(), nil
}

// stepWatch is the source of the steps' late-work watch
// (assets/steps/late.js), with token baked in: the frame agent asks it by
// events named after token. It is not the agent's token, which steers the
// agents: the watch runs in the page's own world.
func stepWatch(token string) (string, error) {
	src, err := iofs.ReadFile(assets.FS(), "steps/late.js")
	if err != nil {
		return "", fmt.Errorf("the steps' late-work watch: %w", err)
	}
	return fmt.Sprintf("(() => {\nconst token = %q;\n%s\n})();\n", token, src), nil
}

// newStepToken is a new random token for the steps' frame agent.
func newStepToken() string {
	return "mpsim-" + randomHex()
}
