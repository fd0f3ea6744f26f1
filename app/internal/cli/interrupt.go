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
// at once, so an orderly end that hangs can still be cut short.
func interruptContext() (context.Context, context.CancelFunc) {
	return notifyOnce(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// notifyOnce is signal.NotifyContext whose context the first of sigs
// cancels, and whose process the second ends: killed by that signal, its
// default effect, or, when the signal was ignored before (a job a
// non-interactive shell started with &, which ignores SIGINT for it),
// exited with 128 plus the signal's number, as a shell reports a death by
// that signal. Leaving the second to the signal's disposition, as
// signal.NotifyContext's stop does, ignored it again in such a job.
func notifyOnce(parent context.Context, sigs ...os.Signal) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	caught := make(chan os.Signal, 2)
	signal.Notify(caught, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case <-caught:
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-caught:
			endBySignal(s)
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		cancel()
		once.Do(func() {
			signal.Stop(caught)
			close(done)
		})
	}
}

// endBySignal ends the process as signal s would by default.
func endBySignal(s os.Signal) {
	sig, ok := s.(syscall.Signal)
	if !ok {
		os.Exit(1)
	}
	signal.Reset(sig)
	if !signal.Ignored(sig) {
		_ = syscall.Kill(os.Getpid(), sig)
		time.Sleep(time.Second) // the default effect ends the process first
	}
	os.Exit(128 + int(sig))
}
