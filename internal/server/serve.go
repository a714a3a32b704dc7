package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"sync"
	"syscall"
	"time"
)

// Serve answers HTTP on ln with h and runs the background work (session
// clean-up, the write watcher, jobs, reminders) until a signal arrives on
// stop (or ctx ends: as SIGINT), then shuts down in three phases and
// returns nil:
//
//  1. drain (SIGTERM only, Config.ShutdownDrain): /readyz answers 503 so
//     that a load balancer stops sending; requests are still served, with
//     keep-alive off so that clients open their next connection elsewhere.
//     SIGINT, a person's Ctrl-C, skips it.
//  2. stop accepting and let the requests in flight finish, for at most
//     Config.ShutdownTimeout;
//  3. then cancel those still running (their contexts end, so their
//     database calls give up), wait a moment for them, and close.
//
// Background work stops after the requests, and Serve waits for it, so
// the caller may close the database on return.
func (a *App) Serve(ctx context.Context, ln net.Listener, h http.Handler, stop <-chan os.Signal) error {
	base, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		BaseContext: func(net.Listener) context.Context { return base }}
	bg, stopBackground := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { a.Janitor(bg) })
	wg.Go(func() { a.DB.WatchWrites(bg, time.Second) }) // other processes' and nodes' writes end the caches too
	wg.Go(func() { a.Jobs.Run(bg) })
	wg.Go(func() { a.Meetings.Reminders(bg, a.Log.Info) }) // follow-up reminders, daily
	defer func() {
		stopBackground()
		wg.Wait()
	}()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var sig os.Signal
	select {
	case err := <-errc:
		return err
	case sig = <-stop:
	case <-ctx.Done():
		// The signal that ended ctx is usually on stop too.
		select {
		case sig = <-stop:
		case <-time.After(50 * time.Millisecond):
			sig = os.Interrupt
		}
	}
	a.Draining.Store(true)
	if sig == syscall.SIGTERM && a.Config.ShutdownDrain > 0 {
		a.Log.Info("draining: /readyz answers 503", "for", a.Config.ShutdownDrain)
		srv.SetKeepAlivesEnabled(false)
		select {
		case <-time.After(a.Config.ShutdownDrain):
		case <-stop: // a second signal skips the rest of the drain
		}
	}
	a.Log.Info("shutting down: finishing requests in flight", "limit", a.Config.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		a.Log.Warn("requests still running at the shutdown limit: cancelling them")
		cancelRequests()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err = srv.Shutdown(sctx); err != nil {
			err = srv.Close()
		}
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.Log.Warn("shutdown", "err", err)
	}
	a.Log.Info("stopped")
	return nil
}
