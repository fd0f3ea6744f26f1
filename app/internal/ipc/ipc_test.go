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
