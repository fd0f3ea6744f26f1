package window

import "mpsim/app/internal/ipc"

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
