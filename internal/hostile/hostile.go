// Package hostile builds the hostile files that tests feed to Backprop
// Lab's parsers: deflate bombs, zip archives whose members inflate to
// gigabytes, and images whose headers claim gigapixels. It builds them
// without ever holding what they inflate to.
package hostile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"runtime"
	"strings"
)

// bitWriter writes a deflate bit stream (RFC 1951 §3.1.1): bits LSB first,
// Huffman codes most significant bit first.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// code writes a Huffman code of n bits, most significant first.
func (w *bitWriter) code(c uint64, n uint) {
	var r uint64
	for i := uint(0); i < n; i++ {
		r = r<<1 | (c>>i)&1
	}
	w.bits(r, n)
}

// literal writes byte v with the fixed Huffman code.
func (w *bitWriter) literal(v byte) {
	if v < 144 {
		w.code(0x30+uint64(v), 8)
	} else {
		w.code(0x190+uint64(v-144), 9)
	}
}

func (w *bitWriter) flush() []byte {
	if w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
	}
	return w.out
}

// DeflateZeros returns a raw deflate stream of prefix followed by zeros
// zero bytes, using fixed Huffman codes (13 bits per 258 zeros, a ratio
// of about 160:1), with the CRC-32 and size of what it inflates to.
func DeflateZeros(prefix []byte, zeros int64) (stream []byte, crc uint32, size uint64) {
	w := &bitWriter{out: make([]byte, 0, 64+zeros/258*13/8)}
	w.bits(1, 1) // BFINAL
	w.bits(1, 2) // BTYPE = 01, fixed Huffman
	for _, b := range prefix {
		w.literal(b)
	}
	if zeros > 0 {
		w.literal(0)
		rest := zeros - 1
		for ; rest >= 258; rest -= 258 {
			w.code(0xC0+5, 8) // length symbol 285: 258 bytes
			w.code(0, 5)      // distance code 0: 1 byte back
		}
		for ; rest > 0; rest-- {
			w.literal(0)
		}
	}
	w.code(0, 7) // end of block, symbol 256
	crc = crc32.Update(0, crc32.IEEETable, prefix)
	chunk := make([]byte, 1<<20)
	for left := zeros; left > 0; left -= int64(len(chunk)) {
		crc = crc32.Update(crc, crc32.IEEETable, chunk[:min(int64(len(chunk)), left)])
	}
	return w.flush(), crc, uint64(len(prefix)) + uint64(zeros)
}

// Member is one member of a zip archive.
type Member struct {
	Name string
	Data []byte // stored deflated, unless Raw or Store is set
	// Store, when set, stores Data as is (zip.Store).
	Store bool
	// Raw, when set, is a deflate stream written as is, with CRC and Size
	// its inflated checksum and size.
	Raw  []byte
	CRC  uint32
	Size uint64
}

// ZerosMember returns a member holding prefix and zeros zero bytes as a
// deflate bomb.
func ZerosMember(name string, prefix []byte, zeros int64) Member {
	s, crc, n := DeflateZeros(prefix, zeros)
	return Member{Name: name, Raw: s, CRC: crc, Size: n}
}

// Zip returns a zip archive of the members, in order.
func Zip(members ...Member) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range members {
		if m.Raw != nil {
			f, err := zw.CreateRaw(&zip.FileHeader{Name: m.Name, Method: zip.Deflate, CRC32: m.CRC,
				CompressedSize64: uint64(len(m.Raw)), UncompressedSize64: m.Size})
			if err != nil {
				panic(err)
			}
			f.Write(m.Raw)
			continue
		}
		h := &zip.FileHeader{Name: m.Name, Method: zip.Deflate}
		if m.Store {
			h.Method = zip.Store
		}
		f, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		f.Write(m.Data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Allocated returns the bytes f allocates on the heap, in total: an upper
// bound of the heap it adds at its peak.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// PNG returns a valid PNG of w×h black pixels with the given bit depth and
// colour type (6: RGBA, 0: grey), its image data a deflate bomb: a 16-bit
// RGBA 8000×8000 image (512 MB decoded) takes 3.2 MB.
func PNG(w, h int, depth, colorType byte) []byte {
	channels := map[byte]int{0: 1, 2: 3, 4: 2, 6: 4}[colorType]
	row := 1 + w*channels*int(depth)/8
	raw := int64(h) * int64(row)
	s, _, _ := DeflateZeros(nil, raw)
	// zlib: header, deflate stream, Adler-32 of raw zeros (a = 1, b = raw).
	z := append([]byte{0x78, 0x01}, s...)
	a, b := uint32(1), uint32(raw%65521)
	z = binary.BigEndian.AppendUint32(z, b<<16|a)
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, depth, colorType, 0, 0, 0)
	chunk(&out, "IHDR", ihdr)
	chunk(&out, "IDAT", z)
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

func chunk(out *bytes.Buffer, typ string, data []byte) {
	binary.Write(out, binary.BigEndian, uint32(len(data)))
	out.WriteString(typ)
	out.Write(data)
	crc := crc32.Update(crc32.ChecksumIEEE([]byte(typ)), crc32.IEEETable, data)
	binary.Write(out, binary.BigEndian, crc)
}

// NPYHeader returns the header of a .npy file of float32 zeros of the
// given shape (version 1.0), to be followed by 4 bytes a value.
func NPYHeader(shape ...int) []byte {
	dims := ""
	for _, d := range shape {
		dims += fmt.Sprintf("%d, ", d)
	}
	h := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }", strings.TrimSuffix(dims, " "))
	h += strings.Repeat(" ", (64-(10+len(h)+1)%64)%64) + "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
	return append(b, h...)
}

// BombModel returns a model file (.npz) declaring the architecture with
// these layer widths (ReLU, cross-entropy), all its arrays zeros deflated
// about 160:1. For 784-8×4096-10 it is 3 MB and inflates to 460 MB.
func BombModel(widths ...int) []byte {
	var ms []Member
	for l := 1; l < len(widths); l++ {
		in, out := widths[l-1], widths[l]
		ms = append(ms,
			ZerosMember(fmt.Sprintf("W%d.npy", l), NPYHeader(in, out), 4*int64(in)*int64(out)),
			ZerosMember(fmt.Sprintf("b%d.npy", l), NPYHeader(out), 4*int64(out)))
	}
	hidden, _ := json.Marshal(widths[1 : len(widths)-1])
	cfg := fmt.Sprintf(`{"format": "backproplab-model", "version": 1, "arch": {"inputs": %d, "hidden": %s, "outputs": %d, "activation": "relu", "loss": "ce", "init": "glorot"}, "settings": {}}`,
		widths[0], hidden, widths[len(widths)-1])
	return Zip(append(ms, Member{Name: "config.json", Data: []byte(cfg)})...)
}
