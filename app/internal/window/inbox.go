package window

import (
	"errors"

	"mpsim/app/internal/ipc"
)

// inbox reads the parent's messages on a goroutine of its own, so that one
// reader serves every session of a process: a session stops taking
// messages when it ends, and the start of the next one is not lost to it.
type inbox struct {
	ch  chan inboxItem
	end error // the error that ended the input; read once ch is closed
}

type inboxItem struct {
	m   ipc.Message
	err error
}

// newInbox starts reading r.
func newInbox(r *ipc.Reader) *inbox {
	b := &inbox{ch: make(chan inboxItem)}
	go func() {
		for {
			m, err := r.Next()
			if err != nil && !errors.Is(err, ipc.ErrLineTooLong) {
				b.end = err
				close(b.ch)
				return
			}
			b.ch <- inboxItem{m: m, err: err}
		}
	}()
	return b
}

// next returns the next message, or the error that ended the input (every
// time once it ended).
func (b *inbox) next() (ipc.Message, error) {
	it, ok := <-b.ch
	if !ok {
		return ipc.Message{}, b.end
	}
	return it.m, it.err
}

// nextUntil is next, or stopped once stop is closed (the message, if any,
// stays for the next reader).
func (b *inbox) nextUntil(stop <-chan struct{}) (m ipc.Message, err error, stopped bool) {
	select {
	case it, ok := <-b.ch:
		if !ok {
			return ipc.Message{}, b.end, false
		}
		return it.m, it.err, false
	case <-stop:
		return ipc.Message{}, nil, true
	}
}

// nextStart skips what the parent sent a session that has ended (a close,
// an eval sent as the window closed) and returns the next start, or the
// error that ended the input.
func (b *inbox) nextStart() (ipc.Message, error) {
	for {
		m, err := b.next()
		if errors.Is(err, ipc.ErrLineTooLong) || (err == nil && m.Type != ipc.TypeStart) {
			continue
		}
		return m, err
	}
}
