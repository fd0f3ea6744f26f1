//go:build bench

package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The portal-weight page set of issue 15: about 14 KB of HTML, 16 KB of CSS,
// 31 KB of JavaScript, 10 small PNGs and 2 JSON fetches. The page paints
// its header in pageColour at once and a block in dataColour once both
// fetches are rendered; two animation frames and 400 ms later (time for the
// driver to sample memory; the query parameter linger=MS waits MS instead)
// it posts /handback and, once that is answered, hands back: through
// DataMart.notifyPurchaseResult under mpsim, through the bound handback()
// in the bare webview, not at all in a browser. Every answer is no-store so
// that no arm profits from a disk cache.
type pageSet struct {
	files map[string][]byte
	types map[string]string

	mu      sync.Mutex
	handoff time.Time // when /handback last arrived
	called  time.Time // when the page last called its hand-back (/called)
	// atHandback, when set, runs when /handback arrives, before it is
	// answered: the page is still open and has not handed back.
	atHandback func()
}

func newPageSet() *pageSet {
	p := &pageSet{files: map[string][]byte{}, types: map[string]string{}}
	p.add("/", "text/html; charset=utf-8", pageHTML())
	p.add("/style.css", "text/css", pageCSS())
	p.add("/app.js", "text/javascript", pageJS())
	for i := 0; i < 10; i++ {
		p.add(fmt.Sprintf("/img/%d.png", i), "image/png", pagePNG(i))
	}
	plans := []map[string]any{}
	for i := 0; i < 12; i++ {
		plans = append(plans, map[string]any{"id": fmt.Sprintf("plan-%02d", i), "name": fmt.Sprintf("Travel %d GB", i+1),
			"price": fmt.Sprintf("%d.99", 5+i), "currency": "EUR", "days": 30, "roaming": []string{"FR", "DE", "ES", "IT"}})
	}
	pj, _ := json.Marshal(map[string]any{"plans": plans})
	p.add("/api/plans.json", "application/json", pj)
	aj, _ := json.Marshal(map[string]any{"account": map[string]any{"id": "A-1234567", "name": "Bench User", "balance": "12.50",
		"eid": strings.Repeat("8904", 8), "history": make([]int, 200)}})
	p.add("/api/account.json", "application/json", aj)
	return p
}

func (p *pageSet) add(path, typ string, b []byte) { p.files[path], p.types[path] = b, typ }

func (p *pageSet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/handback" {
		if verbose {
			fmt.Fprintf(os.Stderr, "bench: /handback at %s\n", time.Now().Format("15:04:05.000"))
		}
		p.mu.Lock()
		p.handoff = time.Now()
		hook := p.atHandback
		p.mu.Unlock()
		if hook != nil {
			hook()
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.URL.Path == "/called" {
		p.noteCall(r)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	b, ok := p.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", p.types[r.URL.Path])
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// onHandback sets (or, with nil, clears) what runs when /handback arrives.
func (p *pageSet) onHandback(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.atHandback = f
}

// noteCall keeps the wall clock of the page's hand-back call, which /called
// carries in ms since the epoch (performance.timeOrigin + now(): the same
// clock as time.Now on one machine).
func (p *pageSet) noteCall(r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64))
	if err != nil {
		return
	}
	at, err := strconv.ParseFloat(strings.TrimSpace(string(body)), 64)
	if err != nil || at <= 0 {
		return
	}
	called := time.UnixMicro(int64(at * 1000))
	if verbose {
		fmt.Fprintf(os.Stderr, "bench: the page called at %s\n", called.Format("15:04:05.000"))
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.called = called
}

// calledAfter returns when the page last called its hand-back, if that
// was after t (the zero time otherwise).
func (p *pageSet) calledAfter(t time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.called.After(t) {
		return p.called
	}
	return time.Time{}
}

// handback returns when /handback last arrived.
func (p *pageSet) handback() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.handoff
}

// serve starts the HTTPS server on 127.0.0.1 with a fresh ECDSA certificate
// for that address; it returns the base URL and the certificate's PEM.
func (p *pageSet) serve() (string, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", nil, fmt.Errorf("bench server key: %w", err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "mpsim bench"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", nil, fmt.Errorf("bench server certificate: %w", err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}))
	if err != nil {
		return "", nil, fmt.Errorf("bench server key pair: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("bench server: %w", err)
	}
	srv := &http.Server{Handler: p, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}}, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	return "https://" + ln.Addr().String() + "/", certPEM, nil
}

func filler(prefix string, size int, line func(i int) string) []byte {
	var b bytes.Buffer
	b.WriteString(prefix)
	for i := 0; b.Len() < size; i++ {
		b.WriteString(line(i))
	}
	return b.Bytes()
}

func pageHTML() []byte {
	head := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench operator portal</title>
<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/style.css"><script defer src="/app.js"></script></head>
<body><header class="top">Contoso Bench Mobile</header><main><div id="data" class="data" hidden></div><section class="tiles">`
	for i := 0; i < 10; i++ {
		head += fmt.Sprintf(`<figure class="tile"><img src="/img/%d.png" width="48" height="48" alt="plan %d"><figcaption>Plan %d</figcaption></figure>`, i, i, i)
	}
	head += `</section><section class="terms">`
	body := filler(head, 14*1024-200, func(i int) string {
		return fmt.Sprintf(`<p class="f%d">Term %d: roaming data is charged per megabyte within the European Union; fair use applies.</p>`+"\n", i%40, i)
	})
	return append(body, []byte("</section></main></body></html>\n")...)
}

func pageCSS() []byte {
	base := `html,body{margin:0;font:14px/1.4 sans-serif;background:#fafafa;color:#222}
.top{background:#123456;color:#fff;height:48px;line-height:48px;padding:0 16px;font-weight:bold}
.data{background:#654321;color:#fff;margin:8px 16px;padding:8px;min-height:48px}
.tiles{display:flex;flex-wrap:wrap;gap:8px;padding:8px 16px}.tile{margin:0;text-align:center}
.terms p{margin:4px 16px;color:#555}
`
	return filler(base, 16*1024, func(i int) string {
		return fmt.Sprintf(".f%d{padding:%dpx %dpx;border-left:%dpx solid rgba(0,0,0,.%02d)}\n.x%d:hover{color:#%06x}\n", i, i%5, i%7, i%3, i%90, i, (i*2654435761)&0xcccccc)
	})
}

func pageJS() []byte {
	main := `(function(){
'use strict';
function render(plans, account){
  var d = document.getElementById('data');
  var html = '<b>' + account.account.name + '</b> · balance ' + account.account.balance + '<ul>';
  plans.plans.forEach(function(p){ html += '<li>' + p.name + ' — ' + p.price + ' ' + p.currency + '</li>'; });
  d.innerHTML = html + '</ul>';
  d.hidden = false;
}
function beaconThenHandBack(){
  // The driver times the hand-back from this request's arrival; the page
  // hands back once it is answered, so that no exit can cut it off.
  fetch('/handback', {method: 'POST', body: ''}).then(handBack, handBack);
}
function handBack(){
  var payload = JSON.stringify({ver: '1', purchaseResult: JSON.stringify({purchaseStatus: 'Success', transactionId: 'bench'})});
  // The wall clock of the call itself (ms since the epoch, sub-ms): the
  // page's main thread may start it some ms after /handback was answered.
  var at = performance.timeOrigin + performance.now();
  if (window.DataMart && window.DataMart.notifyPurchaseResult) { window.DataMart.notifyPurchaseResult(payload); }
  else if (window.handback) { window.handback(payload); }
  fetch('/called', {method: 'POST', body: String(at), keepalive: true}).catch(function(){});
}
Promise.all([fetch('/api/plans.json').then(function(r){return r.json();}), fetch('/api/account.json').then(function(r){return r.json();})])
  .then(function(v){ render(v[0], v[1]);
    var linger = parseInt(new URLSearchParams(location.search).get('linger'), 10) || 400;
    requestAnimationFrame(function(){ requestAnimationFrame(function(){ setTimeout(beaconThenHandBack, linger); }); }); });
})();
`
	return filler(main, 31*1024, func(i int) string {
		return fmt.Sprintf("function unused%d(a,b){var s=0;for(var i=0;i<a.length;i++){s+=a.charCodeAt(i)*%d;}return b?s.toString(16):s;}\n", i, i+3)
	})
}

func pagePNG(n int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 48, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 48; x++ {
			img.Set(x, y, color.NRGBA{uint8(n * 25), uint8(x * 5), uint8(y * 5), 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
