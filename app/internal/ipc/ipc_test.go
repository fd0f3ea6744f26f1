package ipc

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestRoundTripAndSkipping(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	want := []Message{
		{Type: TypeReady, MonoMs: 12.5},
		{Type: TypeBridge, Envelope: `{"api":"DataMart.notifyPurchaseResult","args":["{\"a\":1}"]}`},
		{Type: TypeClosed, Reason: ReasonUser},
	}
	buf.WriteString("Gtk-Message: noise on stdout\n\n{not json}\n{\"no\":\"type\"}\n")
	for _, m := range want {
		if err := w.Send(m); err != nil {
			t.Fatal(err)
		}
	}
	r := NewReader(&buf)
	for i, m := range want {
		got, err := r.Next()
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if got != m {
			t.Errorf("message %d = %+v, want %+v", i, got, m)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("end = %v, want io.EOF", err)
	}
	if r.Skipped != 3 {
		t.Errorf("skipped %d lines, want 3", r.Skipped)
	}
}

func TestLineTooLong(t *testing.T) {
	long := `{"type":"bridgeCall","envelope":"` + strings.Repeat("x", MaxLineBytes) + "\"}\n"
	r := NewReader(strings.NewReader(long))
	if _, err := r.Next(); !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("err = %v, want ErrLineTooLong", err)
	}
}

// A line over the limit is skipped and the stream goes on: one hostile
// message must not end the link (issue 12 item 1).
func TestLineTooLongIsSkippedAndStreamContinues(t *testing.T) {
	long := `{"type":"bridgeCall","envelope":"` + strings.Repeat("x", 3*MaxLineBytes) + "\"}\n"
	in := long + `{"type":"closed","reason":"user"}` + "\n"
	r := NewReader(strings.NewReader(in))
	if _, err := r.Next(); !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("err = %v, want ErrLineTooLong", err)
	}
	m, err := r.Next()
	if err != nil || m.Type != TypeClosed || m.Reason != ReasonUser {
		t.Fatalf("after the long line: %+v, %v; want the closed message", m, err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("end = %v, want io.EOF", err)
	}
	if r.TooLong != 1 {
		t.Errorf("TooLong = %d, want 1", r.TooLong)
	}
}

// The writer refuses a message that would be over the limit instead of
// writing a line the reader must skip.
func TestWriterRefusesTooLong(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	err := w.Send(Message{Type: TypeBridge, Envelope: strings.Repeat("\x01", MaxLineBytes/6+10)})
	if !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("err = %v, want ErrLineTooLong", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes", buf.Len())
	}
	if err := w.Send(Message{Type: TypeBridge, Envelope: strings.Repeat("a", MaxLineBytes/2)}); err != nil {
		t.Fatal(err)
	}
}
