package nn

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"backproplab/internal/hostile"
)

// bombModel returns a model file declaring arch whose arrays are all
// zeros, deflated as far as fixed Huffman codes go (about 160:1): the
// hostile files of issue 15, built without holding what they inflate to.
func bombModel(t testing.TB, a Arch) []byte {
	t.Helper()
	w := a.Widths()
	var ms []hostile.Member
	for l := 1; l < len(w); l++ {
		for _, shape := range [][]int{{w[l-1], w[l]}, {w[l]}} {
			name := "W"
			if len(shape) == 1 {
				name = "b"
			}
			n := int64(1)
			for _, d := range shape {
				n *= int64(d)
			}
			ms = append(ms, hostile.ZerosMember(name+itoa(l)+".npy", npyOf(t, nil, shape...), 4*n))
		}
	}
	ms = append(ms, hostile.Member{Name: "config.json", Data: configOf(t, ModelFormat, ModelVersion, a)})
	return hostile.Zip(ms...)
}

func itoa(i int) string { return string(rune('0' + i)) }

// hostileModels are the model files of issue 15 and what must stop them.
func hostileModels(t testing.TB) []struct {
	name string
	file []byte
	want ModelWant
	err  string
} {
	relu := func(in int, hidden []int, out int) Arch {
		return Arch{Inputs: in, Hidden: hidden, Outputs: out, Activation: ReLU, Loss: CrossEntropy}
	}
	largest := relu(784, []int{4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096}, 10)
	return []struct {
		name string
		file []byte
		want ModelWant
		err  string
	}{
		{"65536-4096-10 for eval", bombModel(t, relu(65536, []int{4096}, 10)), ModelWant{784, 10}, "784 inputs and 10 outputs are needed"},
		{"65536-4096-10 for the window", bombModel(t, relu(65536, []int{4096}, 10)), ModelWant{}, "implausible model file"},
		{"784-8x4096-10 zeros", bombModel(t, largest), ModelWant{784, 10}, "implausible model file"},
	}
}

// TestHostileModelMemory checks that small files declaring huge models
// are refused before they cost memory: each reads with less than 16 MB
// allocated in all (the files themselves are 3 to 7 MB).
func TestHostileModelMemory(t *testing.T) {
	for _, tc := range hostileModels(t) {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.file) > 10<<20 {
				t.Fatalf("the hostile file is %d bytes, want at most 10 MB", len(tc.file))
			}
			var err error
			alloc := hostile.Allocated(func() {
				_, err = ReadModelFor(bytes.NewReader(tc.file), int64(len(tc.file)), tc.want)
			})
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ReadModelFor(%d-byte file, %+v) = %v, want an error containing %q", len(tc.file), tc.want, err, tc.err)
			}
			if strings.Contains(tc.err, "needed") && !errors.Is(err, ErrModelShape) {
				t.Errorf("error %v does not wrap ErrModelShape", err)
			}
			if alloc > 16<<20 {
				t.Errorf("ReadModelFor allocated %d MB, want at most 16 MB", alloc>>20)
			}
		})
	}
}

// TestModelTrailingBomb checks that an array member followed by a deflate
// bomb stops at the declared size: the architecture is plausible, the
// member is not.
func TestModelTrailingBomb(t *testing.T) {
	a := tinyArch()
	n := NewNetwork(a, 1)
	file := hostile.Zip(
		hostile.ZerosMember("W1.npy", npyOf(t, n.Layers[0].W, 4, 3), 1<<30),
		hostile.Member{Name: "b1.npy", Data: npyOf(t, n.Layers[0].B, 3)},
		hostile.Member{Name: "W2.npy", Data: npyOf(t, n.Layers[1].W, 3, 2)},
		hostile.Member{Name: "b2.npy", Data: npyOf(t, n.Layers[1].B, 2)},
		hostile.Member{Name: "config.json", Data: configOf(t, ModelFormat, ModelVersion, a)},
	)
	var err error
	alloc := hostile.Allocated(func() { _, err = ReadModel(bytes.NewReader(file), int64(len(file))) })
	if err == nil || !strings.Contains(err.Error(), "trailing data") {
		t.Errorf("ReadModel = %v, want an error about trailing data", err)
	}
	if alloc > 4<<20 {
		t.Errorf("ReadModel allocated %d MB, want at most 4 MB", alloc>>20)
	}
}

// BenchmarkHostileModel reports how long refusing each hostile model
// takes (issue 15: under a second; it was 10 to 60 s).
func BenchmarkHostileModel(b *testing.B) {
	for _, tc := range hostileModels(b) {
		b.Run(strings.ReplaceAll(tc.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadModelFor(bytes.NewReader(tc.file), int64(len(tc.file)), tc.want); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}
