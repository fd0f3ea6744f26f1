package cli

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// interruptContext is cancelled by the first SIGINT or SIGTERM (Ctrl+C, a
// CI system cancelling the job): the command then ends its session or run
// in order and still writes its reports. A second signal ends the process
// at once, so an orderly end that hangs can still be cut short, unless it
// comes within signalEcho of the first (see watchSignals).
func interruptContext() (context.Context, context.CancelFunc) {
	return notifyOnce(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// signalEcho is how soon after the first signal a second one is taken as
// the same request rather than a call to end at once. coreutils timeout
// sends SIGTERM to its child and then, microseconds later, to the whole
// process group the child is in, so mpsim gets the signal twice; CI
// runners that cancel a job by signalling its process group and its
// leader do the same. A person's second Ctrl+C takes longer than a second.
const signalEcho = time.Second

// notifyOnce is signal.NotifyContext whose context the first of sigs
// cancels, and whose process the second ends (unless it came within
// signalEcho of the first): killed by that signal, its default effect,
// or, when the signal was ignored before (a job a non-interactive shell
// started with &, which ignores SIGINT for it), exited with 128 plus the
// signal's number, as a shell reports a death by that signal. Leaving the
// second to the signal's disposition, as signal.NotifyContext's stop does,
// ignored it again in such a job.
func notifyOnce(parent context.Context, sigs ...os.Signal) (context.Context, context.CancelFunc) {
	return notifyOnceWaiting(parent, func() { time.Sleep(time.Second) }, sigs...)
}

// notifyOnceWaiting is notifyOnce whose process, killed by the second
// signal, calls waitForDefault while the signal's default effect ends it
// (it exits when that returns: a signal that did not end it).
func notifyOnceWaiting(parent context.Context, waitForDefault func(), sigs ...os.Signal) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	// Which signals were ignored from the start is known only before
	// Notify: it clears that, and signal.Reset then restores SIG_IGN.
	ignored := map[os.Signal]bool{}
	for _, s := range sigs {
		ignored[s] = signal.Ignored(s)
	}
	end := func(s os.Signal) { endBySignal(s, ignored[s], waitForDefault) }
	caught := make(chan os.Signal, 4)
	signal.Notify(caught, sigs...)
	done := make(chan struct{})
	go watchSignals(caught, done, signalWatch{cancel: cancel, end: end, now: time.Now, echo: signalEcho})
	var once sync.Once
	return ctx, func() {
		cancel()
		once.Do(func() {
			signal.Stop(caught)
			close(done)
		})
	}
}

// signalWatch is what watchSignals does with the signals it gets.
type signalWatch struct {
	cancel func()           // on the first signal
	end    func(os.Signal)  // on a later one, echo or more after the first
	now    func() time.Time // the clock the signals are timed by
	echo   time.Duration    // how long after the first a signal is ignored
}

// watchSignals reads caught until done is closed: the first signal calls
// w.cancel, a signal that comes within w.echo of the first is ignored (the
// first's echo: coreutils timeout signals its child, then the child's
// process group), and the first that comes later calls w.end.
func watchSignals(caught <-chan os.Signal, done <-chan struct{}, w signalWatch) {
	var first time.Time
	select {
	case <-caught:
		first = w.now()
		w.cancel()
	case <-done:
		return
	}
	for {
		select {
		case s := <-caught:
			if w.now().Sub(first) < w.echo {
				continue
			}
			w.end(s)
			return
		case <-done:
			return
		}
	}
}

// endBySignal ends the process as signal s would by default, or, when s
// was ignored when the process started (wasIgnored: a job a
// non-interactive shell started with &), at once with 128 plus its number:
// signal.Reset would restore SIG_IGN, so killing itself with s would do
// nothing. waitForDefault waits while the signal's default effect ends the
// process; it exits if that returns.
func endBySignal(s os.Signal, wasIgnored bool, waitForDefault func()) {
	sig, ok := s.(syscall.Signal)
	if !ok {
		os.Exit(1)
	}
	if wasIgnored {
		os.Exit(128 + int(sig))
	}
	signal.Reset(sig)
	if !signal.Ignored(sig) {
		_ = syscall.Kill(os.Getpid(), sig)
		waitForDefault() // the default effect ends the process first
	}
	os.Exit(128 + int(sig))
}
