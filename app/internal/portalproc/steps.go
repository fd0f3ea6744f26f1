package portalproc

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"mpsim/app/internal/ipc"
)

// stepWaiters are the Step calls waiting for the child's answers, by seq.
type stepWaiters struct {
	mu   sync.Mutex
	next int
	wait map[int]chan ipc.Message
}

// add registers a new waiter and returns its seq and channel.
func (s *stepWaiters) add() (int, chan ipc.Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wait == nil {
		s.wait = map[int]chan ipc.Message{}
	}
	s.next++
	ch := make(chan ipc.Message, 1)
	s.wait[s.next] = ch
	return s.next, ch
}

// drop forgets seq.
func (s *stepWaiters) drop(seq int) {
	s.mu.Lock()
	delete(s.wait, seq)
	s.mu.Unlock()
}

// answer hands m to the waiter of m.Seq, if it still waits.
func (s *stepWaiters) answer(m ipc.Message) {
	s.mu.Lock()
	ch := s.wait[m.Seq]
	delete(s.wait, m.Seq)
	s.mu.Unlock()
	if ch != nil {
		ch <- m
	}
}

// Step implements session.Window: it sends the step's script to the child,
// which runs it in an isolated world of the page, and waits for the
// answer with the same seq (or ctx, or the end of the window).
func (w *window) Step(ctx context.Context, body string) (string, error) {
	seq, ch := w.stepWait.add()
	defer w.stepWait.drop(seq)
	if err := w.in.Send(ipc.Message{Type: ipc.TypeStep, JS: body, Seq: seq}); err != nil {
		return "", fmt.Errorf("portal window: step: %w", err)
	}
	select {
	case m := <-ch:
		if m.Message != "" {
			return "", fmt.Errorf("portal window: step: %s", m.Message)
		}
		return m.JS, nil
	case <-ctx.Done():
		return "", fmt.Errorf("portal window: step: %w", ctx.Err())
	case <-w.exited:
		return "", errors.New("portal window: step: the window is gone")
	}
}
