package ui

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

// Entries logged before a flush runs join it: one UI update per batch,
// in the order they were logged, and none lost when logged from several
// goroutines at once.
func TestLogFeedBatchesInOrder(t *testing.T) {
	var queued []func()
	var batches [][]string
	f := newLogFeed(func(fn func()) { queued = append(queued, fn) }, func(b []session.LogEntry) {
		var texts []string
		for _, e := range b {
			texts = append(texts, e.Text)
		}
		batches = append(batches, texts)
	})
	for _, text := range []string{"call", "finding", "result"} {
		f.add(session.LogEntry{Kind: session.KindFinding, Text: text})
	}
	for _, fn := range queued {
		fn()
	}
	f.add(session.LogEntry{Text: "closed"})
	queued[len(queued)-1]()
	want := [][]string{{"call", "finding", "result"}, {"closed"}}
	if fmt.Sprint(batches) != fmt.Sprint(want) {
		t.Errorf("batches %q, want %q", batches, want)
	}

	// Many goroutines: every entry arrives once, each goroutine's in order.
	var mu sync.Mutex
	var got []string
	g := newLogFeed(func(fn func()) { go func() { mu.Lock(); defer mu.Unlock(); fn() }() }, func(b []session.LogEntry) {
		for _, e := range b {
			got = append(got, e.Text)
		}
	})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				g.add(session.LogEntry{Text: fmt.Sprintf("%d-%03d", w, i)})
			}
		}()
	}
	wg.Wait()
	waitFor(t, "every entry", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 400 })
	mu.Lock()
	defer mu.Unlock()
	for w := range 4 {
		var mine []string
		for _, s := range got {
			if s[0] == byte('0'+w) {
				mine = append(mine, s)
			}
		}
		if len(mine) != 100 || !slices.IsSorted(mine) {
			t.Errorf("goroutine %d: %d entries, in order %v", w, len(mine), slices.IsSorted(mine))
		}
	}
}

// With a redraw delay (the window's), live entries update the log's
// entries and count at once and the list once for every batch within the
// delay, on the UI goroutine.
func TestLiveLogRedrawsOnceAfterTheDelay(t *testing.T) {
	s, _ := goldenScreen(t)
	p := s.log
	var ui sync.Mutex // stands for the UI goroutine: one function at a time
	redraws := make(chan struct{}, 8)
	p.redrawAfter = 30 * time.Millisecond
	p.do = func(f func()) {
		go func() {
			ui.Lock()
			defer ui.Unlock()
			f()
			redraws <- struct{}{}
		}()
	}
	ui.Lock()
	p.appendAll([]session.LogEntry{{Kind: session.KindCall, Text: "call", Call: &session.CallRecord{API: "DataMart.notifyPurchaseResult"}}})
	p.appendAll([]session.LogEntry{{Kind: session.KindFinding, Text: "finding"}, {Kind: session.KindResult, Text: "result"}})
	if len(p.entries) != 3 || !strings.Contains(p.count.Text, "3 entries, 1 bridge call") {
		t.Errorf("before the redraw: %d entries, count %q", len(p.entries), p.count.Text)
	}
	if !p.redrawing.Load() {
		t.Error("no redraw queued after live entries")
	}
	ui.Unlock()
	select {
	case <-redraws:
	case <-time.After(5 * time.Second):
		t.Fatal("the list was never redrawn")
	}
	select {
	case <-redraws:
		t.Error("two batches within the delay redrew the list twice")
	case <-time.After(100 * time.Millisecond):
	}
	ui.Lock()
	defer ui.Unlock()
	if p.redrawing.Load() || p.list.Length() != 3 {
		t.Errorf("after the redraw: queued %v, list rows %d", p.redrawing.Load(), p.list.Length())
	}
}

// With a hold (the window's), the page's own activity waits for company:
// an entry of the session's (a bridge call, its findings and result) asks
// for a flush at once and takes the held entries along, in order, in one
// batch; held entries alone are flushed once the hold is over; dropped
// ones never are. Before, the page's request logged just before its
// hand-back had a frame of its own drawn first (issue 15).
func TestLogFeedHoldsThePagesActivity(t *testing.T) {
	var mu sync.Mutex
	var queued []func()
	var batches [][]string
	do := func(fn func()) { mu.Lock(); defer mu.Unlock(); queued = append(queued, fn) }
	apply := func(b []session.LogEntry) {
		var texts []string
		for _, e := range b {
			texts = append(texts, e.Text)
		}
		batches = append(batches, texts)
	}
	runQueued := func() {
		mu.Lock()
		fns := queued
		queued = nil
		mu.Unlock()
		for _, fn := range fns {
			fn()
		}
	}
	request := session.LogEntry{Kind: session.KindRequest, Text: "POST /handback"}
	console := session.LogEntry{Kind: session.KindConsole, Text: "console"}

	f := newLogFeed(do, apply)
	f.hold, f.coalesce = time.Hour, true
	f.add(request)
	f.add(console)
	if len(queued) != 0 {
		t.Fatalf("%d flushes asked for the page's activity alone, want none within the hold", len(queued))
	}
	for _, e := range []session.LogEntry{{Kind: session.KindCall, Text: "call"}, {Kind: session.KindFinding, Text: "finding"}, {Kind: session.KindResult, Text: "result"}} {
		f.add(e)
	}
	if len(queued) != 1 {
		t.Fatalf("%d flushes asked for the hand-back, want 1 (coalesced)", len(queued))
	}
	runQueued()
	if want := [][]string{{"POST /handback", "console", "call", "finding", "result"}}; fmt.Sprint(batches) != fmt.Sprint(want) {
		t.Errorf("batches %q, want %q", batches, want)
	}

	// Dropped (a new session): the held entry is never applied.
	batches = nil
	f.add(request)
	f.drop()
	f.add(session.LogEntry{Kind: session.KindClosed, Text: "closed"})
	runQueued()
	if want := [][]string{{"closed"}}; fmt.Sprint(batches) != fmt.Sprint(want) {
		t.Errorf("after a drop: batches %q, want %q", batches, want)
	}

	// The session's end releases what is held at once.
	batches = nil
	f.add(request)
	f.release()
	if len(queued) != 1 {
		t.Fatalf("%d flushes asked at the release, want 1", len(queued))
	}
	runQueued()
	f.release() // nothing held: no flush asked
	if len(queued) != 0 {
		t.Errorf("%d flushes asked with nothing held", len(queued))
	}
	if want := [][]string{{"POST /handback"}}; fmt.Sprint(batches) != fmt.Sprint(want) {
		t.Errorf("after the release: batches %q, want %q", batches, want)
	}

	// Alone, held entries are flushed once the hold is over.
	batches = nil
	g := newLogFeed(do, apply)
	g.hold = time.Millisecond
	g.add(request)
	g.add(console)
	waitFor(t, "the hold's flush", func() bool { mu.Lock(); defer mu.Unlock(); return len(queued) > 0 })
	runQueued()
	if want := [][]string{{"POST /handback", "console"}}; fmt.Sprint(batches) != fmt.Sprint(want) {
		t.Errorf("after the hold: batches %q, want %q", batches, want)
	}
}
