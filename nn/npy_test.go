package nn

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNPYRoundTrip(t *testing.T) {
	tests := []struct {
		data  []float32
		shape []int
	}{
		{[]float32{1, -2.5, 3}, []int{3}},
		{[]float32{1, 2, 3, 4, 5, 6}, []int{2, 3}},
		{[]float32{7}, nil}, // a scalar
		{nil, []int{0}},
		{[]float32{float32(math.Inf(1)), float32(math.Copysign(0, -1))}, []int{1, 1, 2}},
		{make([]float32, 784*128), []int{784, 128}},
	}
	for _, tc := range tests {
		var b bytes.Buffer
		if err := writeNPY(&b, tc.data, tc.shape...); err != nil {
			t.Fatal(err)
		}
		raw := b.Bytes()
		hlen := int(binary.LittleEndian.Uint16(raw[8:10]))
		if (10+hlen)%64 != 0 || raw[10+hlen-1] != '\n' || len(raw) != 10+hlen+4*len(tc.data) {
			t.Errorf("shape %v: header of %d bytes, file of %d; want 64-byte aligned, ending in a newline", tc.shape, hlen, len(raw))
		}
		data, shape, err := readNPY(raw, len(tc.data))
		if err != nil || !slices.Equal(shape, tc.shape) || !sameBits(data, tc.data) {
			t.Errorf("readNPY(writeNPY(shape %v)) = shape %v, %v", tc.shape, shape, err)
		}
	}
	// What numpy's np.save writes for np.arange(6, dtype='<f4').reshape(2, 3).
	var b bytes.Buffer
	writeNPY(&b, []float32{0, 1, 2, 3, 4, 5}, 2, 3)
	want := "\x93NUMPY\x01\x00\x76\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + strings.Repeat(" ", 58) + "\n"
	if got := b.String()[:128]; got != want {
		t.Errorf("writeNPY header\n%q, want numpy's\n%q", got, want)
	}
}

// npyFile returns a .npy file of the given version and header text followed
// by the float32 data.
func npyFile(version byte, header string, data ...float32) []byte {
	b := append([]byte("\x93NUMPY"), version, 0)
	if version == 1 {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(header)))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(header)))
	}
	b = append(b, header...)
	for _, v := range data {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

func TestReadNPY(t *testing.T) {
	ok := []struct {
		name  string
		file  []byte
		shape []int
	}{
		{"version 2", npyFile(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 1, 2), []int{2}},
		{"version 3", npyFile(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 1, 2), []int{2}},
		{"keys reordered", npyFile(1, "{'shape': (1, 2), 'fortran_order': False, 'descr': '<f4'}", 1, 2), []int{1, 2}},
		{"python 2 longs", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }", 1, 2), []int{2}},
		{"trailing bytes", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 1, 2), []int{1}},
	}
	for _, tc := range ok {
		if _, shape, err := readNPY(tc.file, 10); err != nil || !slices.Equal(shape, tc.shape) {
			t.Errorf("%s: readNPY = shape %v, %v; want %v", tc.name, shape, err, tc.shape)
		}
	}
	bad := []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "not a .npy"},
		{"bad magic", []byte("\x93NUMPX\x01\x00\x00\x00"), "not a .npy"},
		{"version 4", npyFile(4, "{}"), "version 4"},
		{"header past end", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }")[:40], "truncated .npy header"},
		{"short v2 header", []byte("\x93NUMPY\x02\x00\x01\x00\x00"), "truncated"},
		{"big endian", npyFile(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 1), ">f4"},
		{"float64", npyFile(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 1, 1), "<f8"},
		{"fortran", npyFile(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", 1), "fortran"},
		{"no descr", npyFile(1, "{'fortran_order': False, 'shape': (1,), }", 1), "descr"},
		{"no braces", npyFile(1, "'descr': '<f4', 'fortran_order': False, 'shape': (1,)", 1), "bad .npy header"},
		{"no shape", npyFile(1, "{'descr': '<f4', 'fortran_order': False, }", 1), "shape"},
		{"negative dim", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 1), "shape"},
		{"too large", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (11,), }", 1), "too large"},
		{"overflowing dims", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"), "too large"},
		{"truncated data", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 1, 2), "truncated array data"},
	}
	for _, tc := range bad {
		data, shape, err := readNPY(tc.file, 10)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: readNPY = %v, %v, %v; want an error containing %q", tc.name, data, shape, err, tc.want)
		}
	}
}

func FuzzReadNPY(f *testing.F) {
	for _, shape := range [][]int{{3}, {2, 2}, nil, {0}} {
		var b bytes.Buffer
		n := 1
		for _, d := range shape {
			n *= d
		}
		writeNPY(&b, make([]float32, n), shape...)
		f.Add(b.Bytes())
	}
	f.Add(npyFile(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }\n", 1, 2))
	f.Add(npyFile(1, "{'shape': (1, 2), 'fortran_order': True, 'descr': '<f8'}", 1, 2))
	const maxElems = 1 << 16
	f.Fuzz(func(t *testing.T, b []byte) {
		data, shape, err := readNPY(b, maxElems)
		if err != nil {
			if data != nil || shape != nil {
				t.Errorf("readNPY failed (%v) but returned data", err)
			}
			return
		}
		n := 1
		for _, d := range shape {
			n *= d
		}
		if n != len(data) || n > maxElems {
			t.Fatalf("readNPY = %d values of shape %v (limit %d)", len(data), shape, maxElems)
		}
		var out bytes.Buffer
		if err := writeNPY(&out, data, shape...); err != nil {
			t.Fatal(err)
		}
		data2, shape2, err := readNPY(out.Bytes(), maxElems)
		if err != nil || !slices.Equal(shape, shape2) || !sameBits(data, data2) {
			t.Fatalf("round trip of shape %v: %v, shape %v", shape, err, shape2)
		}
	})
}
