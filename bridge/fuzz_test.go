package bridge

import (
	"encoding/json"
	"errors"
	"testing"
)

func FuzzDecodeLegacy(f *testing.F) {
	seeds := []string{
		string(asString(`{"ver":"1","success":true,"iccid":"8988247000101997790","activationCode":"1$a.b$C","transactionId":"T","purchaseResult":"{\"userAccount\":\"New\",\"purchaseInstrument\":\"New\",\"line\":\"New\",\"moDirectStatus\":\"Complete\",\"planName\":\"P\"}"}`)),
		`{"success":false,"purchaseResult":{"userAccount":"bailed","moDirectStatus":"None","planName":""},"Iccid":7}`,
		string(asString(`{“success”:true}`)),
		`{"$undefined":true}`, `null`, `"\"\""`, `[1,2]`, `{"a":{"b":[{"c":null}]}}`,
		string(asString(`{"success":true,"purchaseResult":"{\"planName\":1,\"lineType\":\"NEW\"}","activationCode":"LPA:1$x$y$1.2$1"}`)),
	}
	for _, s := range seeds {
		f.Add(s, "T", "esim")
	}
	f.Fuzz(func(t *testing.T, arg, txn, kind string) {
		r, fs := DecodeLegacy(json.RawMessage(arg), Expectation{TransactionID: txn, SIMKind: kind, ICCIDs: []string{"8988247000100003319"}})
		for _, fd := range fs {
			if codeInfo(fd.Code).Severity != fd.Severity || fd.Message == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(fs); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzDecodeMetadata(f *testing.F) {
	for _, s := range []string{
		`{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"P"}`,
		`{"lineType":"bailed","modirectStatus":"Cancelled","planName":""}`,
		`"{\"moDirectStatus\":\"complete\"}"`, `{"$function":"f"}`, `7`, `{"moDirectStatus":null,"planName":[]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		md, fs := DecodeMetadata(json.RawMessage(arg))
		for _, fd := range fs {
			if codeInfo(fd.Code).Severity != fd.Severity {
				t.Fatalf("bad finding %+v", fd)
			}
		}
		_ = md
		cc := CheckCall(Envelope{API: APIInlineNotifyProfileDownload, Args: []json.RawMessage{json.RawMessage(arg), json.RawMessage(arg), json.RawMessage(arg)}}, Expectation{})
		_ = cc
	})
}

func FuzzParseEnvelope(f *testing.F) {
	f.Add(`{"token":"k","api":"DataMart.notifyPurchaseResult","args":["x",{"a":1}],"pageUrl":"https://a/","t":1}`, "k", 0)
	f.Add(`{"token":"k","api":"mpsim:firstPaint","args":[{"t":3}],"t":3}`, "k", 100)
	f.Add(`{"token":"k",`, "k", 0)
	f.Add(`{"token":"x","api":"a"}`, "k", 0)
	f.Fuzz(func(t *testing.T, raw, token string, max int) {
		env, err := ParseEnvelope(raw, token, max)
		if err != nil {
			if !errors.Is(err, ErrBadToken) && !errors.Is(err, ErrEnvelopeTooLarge) && !errors.Is(err, ErrMalformedEnvelope) {
				t.Fatalf("unexpected error kind %v", err)
			}
			return
		}
		if env.Token != token || token == "" || env.API == "" || env.Args == nil {
			t.Fatalf("accepted bad envelope %+v", env)
		}
		limit := max
		if limit <= 0 {
			limit = DefaultMaxEnvelopeBytes
		}
		if len(raw) > limit {
			t.Fatal("size cap not enforced")
		}
		ok, fs := CheckOrigin(env.PageURL, "http://127.0.0.1:8080/", []string{"a", "moportal.com"})
		if !ok && !HasErrors(fs) {
			t.Fatal("refused without an error")
		}
		_ = CheckCall(env, Expectation{SIMKind: SIMKindESIM})
	})
}
