package window

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"

	"mpsim/app/internal/window/webkit"
)

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// idatChunkSize is how many bytes of the compressed stream one IDAT chunk
// holds at most.
const idatChunkSize = 32 << 10

// PNG's row filters (PNG 1.2, §6).
const (
	filterNone = iota
	filterSub
	filterUp
	filterAverage
	filterPaeth
	filterCount
)

// encodeShotPNG writes px, a snapshot's cairo pixels (native-endian
// 0xAARRGGBB, premultiplied, the top byte unused without px.Alpha;
// checkPixels), to out as a PNG, reading the pixels where cairo drew them
// one row at a time: it keeps a few rows and zlib's fastest state, never a
// copy of the image. A snapshot without alpha, or whose every pixel is
// opaque, is written as RGB (8 bits a channel); one with transparency as
// RGBA, un-premultiplied as PNG wants it. Each row gets the filter with the
// smallest sum of absolute differences, libpng's and image/png's heuristic.
func encodeShotPNG(out io.Writer, px webkit.Pixels) error {
	bpp, colorType := 3, byte(2)
	if px.Alpha && !opaque(px) {
		bpp, colorType = 4, 6
	}
	bw := bufio.NewWriterSize(out, 4<<10)
	if _, err := io.WriteString(bw, pngSignature); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(px.Width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(px.Height))
	ihdr[8], ihdr[9] = 8, colorType // bit depth, colour type; compression, filter, interlace 0
	if err := writeChunk(bw, "IHDR", ihdr[:]); err != nil {
		return err
	}
	idat := &idatWriter{out: bw, buf: make([]byte, 0, idatChunkSize)}
	zw, err := zlib.NewWriterLevel(idat, zlib.BestSpeed)
	if err != nil {
		return fmt.Errorf("zlib: %w", err)
	}
	rows := newRowFilter(bpp*px.Width, bpp)
	for y := 0; y < px.Height; y++ {
		convertRow(rows.current(), px.Data[y*px.Stride:y*px.Stride+4*px.Width], bpp)
		if _, err := zw.Write(rows.next()); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := idat.flush(); err != nil {
		return err
	}
	if err := writeChunk(bw, "IEND", nil); err != nil {
		return err
	}
	return bw.Flush()
}

// opaque reports whether every pixel of px has an alpha of 0xff.
func opaque(px webkit.Pixels) bool {
	for y := 0; y < px.Height; y++ {
		row := px.Data[y*px.Stride : y*px.Stride+4*px.Width]
		for x := 0; x < len(row); x += 4 {
			if binary.NativeEndian.Uint32(row[x:])>>24 != 0xff {
				return false
			}
		}
	}
	return true
}

// convertRow writes the cairo words of src into dst as RGB (bpp 3, the top
// byte ignored) or un-premultiplied RGBA (bpp 4), the way
// color.NRGBAModel converts a premultiplied colour.
func convertRow(dst, src []byte, bpp int) {
	for i, x := 0, 0; x < len(src); i, x = i+bpp, x+4 {
		v := binary.NativeEndian.Uint32(src[x:])
		r, g, b := uint8(v>>16), uint8(v>>8), uint8(v)
		if bpp == 3 {
			dst[i], dst[i+1], dst[i+2] = r, g, b
			continue
		}
		a := uint8(v >> 24)
		switch a {
		case 0xff:
		case 0:
			r, g, b = 0, 0, 0
		default:
			a16 := uint32(a) * 0x101
			r = uint8((uint32(r) * 0x101 * 0xffff / a16) >> 8)
			g = uint8((uint32(g) * 0x101 * 0xffff / a16) >> 8)
			b = uint8((uint32(b) * 0x101 * 0xffff / a16) >> 8)
		}
		dst[i], dst[i+1], dst[i+2], dst[i+3] = r, g, b, a
	}
}

// rowFilter keeps the current and the previous raw row of an image and
// the current row under each filter, each of those with its filter-type
// byte first.
type rowFilter struct {
	bpp       int
	cur, prev []byte // raw rows; prev is zeros before the first row
	out       [filterCount][]byte
}

func newRowFilter(rowLen, bpp int) *rowFilter {
	f := &rowFilter{bpp: bpp, cur: make([]byte, rowLen), prev: make([]byte, rowLen)}
	for i := range f.out {
		f.out[i] = make([]byte, 1+rowLen)
		f.out[i][0] = byte(i)
	}
	return f
}

// current is where the next raw row goes.
func (f *rowFilter) current() []byte { return f.cur }

// next returns the current row under the filter that suits it best, its
// type byte first, and makes it the previous row. What it returns is valid
// until the next call.
func (f *rowFilter) next() []byte {
	best := f.pick()
	f.cur, f.prev = f.prev, f.cur
	return f.out[best]
}

// pick filters the current row and returns the filter whose bytes have
// the smallest sum of absolute values, trying them in image/png's order
// (Up, Paeth, None, Sub, Average). A filter stops as soon as its sum
// reaches the best so far: its row is then incomplete, and not chosen.
func (f *rowFilter) pick() int {
	best, bestSum := filterUp, f.up()
	for _, filter := range [...]int{filterPaeth, filterNone, filterSub, filterAverage} {
		if sum, whole := f.apply(filter, bestSum); whole && sum < bestSum {
			best, bestSum = filter, sum
		}
	}
	if best == filterNone {
		copy(f.out[filterNone][1:], f.cur)
	}
	return best
}

// up filters the current row with Up and returns its sum.
func (f *rowFilter) up() int {
	row, sum := f.out[filterUp][1:], 0
	for i, c := range f.cur {
		row[i] = c - f.prev[i]
		sum += abs8(row[i])
	}
	return sum
}

// apply filters the current row with filter until its sum reaches limit;
// whole says whether it got to the row's end. None only sums the row.
func (f *rowFilter) apply(filter, limit int) (sum int, whole bool) {
	cur, prev, bpp, row := f.cur, f.prev, f.bpp, f.out[filter][1:]
	i := 0
	for ; i < len(cur) && sum < limit; i++ {
		var left, upLeft byte
		if i >= bpp {
			left, upLeft = cur[i-bpp], prev[i-bpp]
		}
		var d byte
		switch filter {
		case filterPaeth:
			d = cur[i] - paeth(left, prev[i], upLeft)
		case filterSub:
			d = cur[i] - left
		case filterAverage:
			d = cur[i] - byte((int(left)+int(prev[i]))/2)
		default:
			d = cur[i]
		}
		row[i] = d
		sum += abs8(d)
	}
	return sum, i == len(cur)
}

// abs8 is the absolute value of a filtered byte taken as signed.
func abs8(d byte) int {
	if d < 128 {
		return int(d)
	}
	return 256 - int(d)
}

// paeth is PNG's Paeth predictor of a byte from its left (a), upper (b)
// and upper-left (c) neighbours.
func paeth(a, b, c byte) byte {
	pa := absInt(int(b) - int(c))
	pb := absInt(int(a) - int(c))
	pc := absInt(int(a) + int(b) - 2*int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// writeChunk writes one PNG chunk: its length, type, data and CRC.
func writeChunk(w io.Writer, typ string, data []byte) error {
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], typ)
	crc := crc32.NewIEEE()
	_, _ = crc.Write(head[4:])
	_, _ = crc.Write(data)
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], crc.Sum32())
	for _, b := range [][]byte{head[:], data, tail[:]} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// idatWriter cuts the compressed stream into IDAT chunks of
// idatChunkSize bytes at most.
type idatWriter struct {
	out io.Writer
	buf []byte
}

func (w *idatWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), cap(w.buf)-len(w.buf))
		w.buf = append(w.buf, p[:k]...)
		p = p[k:]
		if len(w.buf) == cap(w.buf) {
			if err := w.flush(); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

// flush writes what is buffered as one IDAT chunk, if anything is.
func (w *idatWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	err := writeChunk(w.out, "IDAT", w.buf)
	w.buf = w.buf[:0]
	return err
}
