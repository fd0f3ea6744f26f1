package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// interruptContext is cancelled by the first SIGINT or SIGTERM (Ctrl+C, a
// CI system cancelling the job): the command then ends its session or run
// in order and still writes its reports. A second signal has its default
// effect and ends the process at once, so an orderly end that hangs can
// still be cut short.
func interruptContext() (context.Context, context.CancelFunc) {
	return notifyOnce(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// notifyOnce is signal.NotifyContext that stops catching sigs once the
// first of them arrived.
func notifyOnce(parent context.Context, sigs ...os.Signal) (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(parent, sigs...)
	context.AfterFunc(ctx, stop)
	return ctx, stop
}
