package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestExtractHalves checks each half of a batch split at input k against
// a plain filter, for rows whose entries ascend (copied as runs) and rows
// whose entries do not (filtered one by one), empty rows, and entries at
// k−1 and k.
func TestExtractHalves(t *testing.T) {
	const cols, k = 20, 10
	rows := [][]int32{
		{0, 3, 9, 10, 19},
		{},
		{9},
		{10},
		{12, 2, 15, 9, 10}, // not ascending
		{5, 5},             // repeated: not ascending
		{11, 12, 13},
		{1, 2, 3},
	}
	in := &Input{Rows: len(rows), Cols: cols, Ptr: []int32{0}}
	for i, r := range rows {
		for e, j := range r {
			in.Idx = append(in.Idx, j)
			in.Val = append(in.Val, float32(100*i+e+1))
		}
		in.Ptr = append(in.Ptr, int32(len(in.Idx)))
	}
	var h halves
	for s := range 2 {
		h.extract(s, in, k)
		for i, r := range rows {
			var wantIdx []int32
			var wantVal []float32
			for e, j := range r {
				if (j < k) == (s == 0) {
					wantIdx = append(wantIdx, j-int32(s*k))
					wantVal = append(wantVal, float32(100*i+e+1))
				}
			}
			a, b := h.ptr[s][i], h.ptr[s][i+1]
			if gotIdx, gotVal := h.idx[s][a:b], h.val[s][a:b]; !slices.Equal(gotIdx, wantIdx) || !slices.Equal(gotVal, wantVal) {
				t.Errorf("half %d, row %d %v: got %v %v, want %v %v", s, i, r, gotIdx, gotVal, wantIdx, wantVal)
			}
		}
	}
}

// TestHalvesMatchPlainProducts computes a network whose first layer splits
// its inputs in halves (splitsInputs), and whose layer 1 then takes its
// backward pass in halves of the batch (halvesLayer1) or not, against the
// same network computed plainly in float64: the outputs, the loss, every
// δ and every gradient agree to float32's rounding, with 1 and 2 threads,
// for ascending and shuffled input rows.
func TestHalvesMatchPlainProducts(t *testing.T) {
	for _, tc := range []struct {
		hidden  []int
		act     Activation
		shuffle bool
	}{
		{[]int{300}, ReLU, false},
		{[]int{300}, Tanh, true},
		{[]int{260, 7}, Sigmoid, false},
		{[]int{256, 270}, ReLU, true},
	} {
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("%v/%v/shuffle=%v/threads=%d", tc.hidden, tc.act, tc.shuffle, threads), func(t *testing.T) {
				a := Arch{Inputs: 40, Hidden: tc.hidden, Outputs: 3, Activation: tc.act, Loss: CrossEntropy}
				net := NewNetwork(a, 5)
				if !splitsInputs(net.Layers[0]) {
					t.Fatalf("first layer %d→%d does not split its inputs", a.Inputs, tc.hidden[0])
				}
				if got, want := halvesLayer1(net), tc.hidden[0] >= parMinWidth && len(tc.hidden) == 1 || tc.hidden[1] < parMinWidth; got != want {
					t.Fatalf("halvesLayer1 = %v, want %v", got, want)
				}
				rng := rand.New(rand.NewPCG(6, 7))
				for i := range net.Params {
					net.Params[i] = float32(rng.NormFloat64() * 0.2)
				}
				in, x, y := halvesBatch(rng, 9, a.Inputs, a.Outputs, tc.shuffle)
				ws := NewWorkspace(a, 9)
				ws.SetThreads(threads)
				loss, _ := net.ForwardLoss(ws, in, y, true)
				net.Backward(ws, in)
				ref := plainPass(net, x, y)
				if d := math.Abs(loss - ref.loss); d > 1e-5*math.Max(1, math.Abs(ref.loss)) {
					t.Errorf("loss %v, plain %v", loss, ref.loss)
				}
				for l := range net.Layers {
					checkNear(t, fmt.Sprintf("A[%d]", l), ws.A[l][:len(ref.a[l])], ref.a[l])
					checkNear(t, fmt.Sprintf("Delta[%d]", l), ws.Delta[l][:len(ref.delta[l])], ref.delta[l])
				}
				checkNear(t, "Grad", ws.Grad, ref.grad)
			})
		}
	}
}

// halvesBatch returns a batch of rows random inputs of which about 30 % are
// non-zero, as an Input (its entries shuffled within each row if shuffle),
// the same rows dense, and random labels.
func halvesBatch(rng *rand.Rand, rows, cols, classes int, shuffle bool) (*Input, [][]float64, []uint8) {
	in := &Input{Rows: rows, Cols: cols, Ptr: []int32{0}}
	x := make([][]float64, rows)
	y := make([]uint8, rows)
	for i := range rows {
		x[i] = make([]float64, cols)
		var idx []int32
		for j := range cols {
			if rng.Float64() < 0.3 {
				x[i][j] = rng.Float64()
				idx = append(idx, int32(j))
			}
		}
		if shuffle {
			rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		}
		for _, j := range idx {
			in.Idx = append(in.Idx, j)
			in.Val = append(in.Val, float32(x[i][j]))
			x[i][j] = float64(float32(x[i][j]))
		}
		in.Ptr = append(in.Ptr, int32(len(in.Idx)))
		y[i] = uint8(rng.IntN(classes))
	}
	return in, x, y
}

// plainResult is a forward and backward pass computed in float64.
type plainResult struct {
	loss     float64
	a, delta [][]float64 // per layer, (rows, Out)
	grad     []float64   // laid out like Network.Params
}

// plainPass runs net on the dense rows x in float64, without the engine's
// kernels: z = a·W + b, a = f(z), softmax and cross-entropy, and the
// chain rule back.
func plainPass(net *Network, x [][]float64, y []uint8) plainResult {
	rows := len(x)
	L := len(net.Layers)
	r := plainResult{a: make([][]float64, L), delta: make([][]float64, L), grad: make([]float64, len(net.Params))}
	act := make([][]float64, L+1) // act[0] is the input
	act[0] = slices.Concat(x...)
	z := make([][]float64, L)
	for l, ly := range net.Layers {
		z[l] = make([]float64, rows*ly.Out)
		act[l+1] = make([]float64, rows*ly.Out)
		for i := range rows {
			for o := range ly.Out {
				s := float64(ly.B[o])
				for k := range ly.In {
					s += act[l][i*ly.In+k] * float64(ly.W[k*ly.Out+o])
				}
				z[l][i*ly.Out+o] = s
				if l < L-1 {
					act[l+1][i*ly.Out+o] = plainAct(net.Arch.Act(l), s)
				}
			}
			if l == L-1 {
				m := slices.Max(z[l][i*ly.Out : (i+1)*ly.Out])
				sum := 0.0
				for o := range ly.Out {
					sum += math.Exp(z[l][i*ly.Out+o] - m)
				}
				for o := range ly.Out {
					act[l+1][i*ly.Out+o] = math.Exp(z[l][i*ly.Out+o]-m) / sum
				}
				r.loss -= math.Log(act[l+1][i*ly.Out+int(y[i])]) / float64(rows)
			}
		}
		r.a[l] = act[l+1]
	}
	for l := L - 1; l >= 0; l-- {
		ly := net.Layers[l]
		d := make([]float64, rows*ly.Out)
		for i := range rows {
			for o := range ly.Out {
				if l == L-1 {
					d[i*ly.Out+o] = act[l+1][i*ly.Out+o] / float64(rows)
					if o == int(y[i]) {
						d[i*ly.Out+o] -= 1 / float64(rows)
					}
					continue
				}
				up := net.Layers[l+1]
				s := 0.0
				for u := range up.Out {
					s += r.delta[l+1][i*up.Out+u] * float64(up.W[o*up.Out+u])
				}
				d[i*ly.Out+o] = s * plainDerivative(net.Arch.Act(l), z[l][i*ly.Out+o])
			}
		}
		r.delta[l] = d
		off := net.off[l]
		for k := range ly.In {
			for o := range ly.Out {
				s := 0.0
				for i := range rows {
					s += act[l][i*ly.In+k] * d[i*ly.Out+o]
				}
				r.grad[off+k*ly.Out+o] = s
			}
		}
		for o := range ly.Out {
			s := 0.0
			for i := range rows {
				s += d[i*ly.Out+o]
			}
			r.grad[off+ly.In*ly.Out+o] = s
		}
	}
	return r
}

func plainAct(f Activation, z float64) float64 {
	switch f {
	case ReLU:
		return max(z, 0)
	case Tanh:
		return math.Tanh(z)
	case Sigmoid:
		return 1 / (1 + math.Exp(-z))
	}
	panic("plainAct: " + f.String())
}

func plainDerivative(f Activation, z float64) float64 {
	switch f {
	case ReLU:
		if z > 0 {
			return 1
		}
		return 0
	case Tanh:
		t := math.Tanh(z)
		return 1 - t*t
	case Sigmoid:
		s := 1 / (1 + math.Exp(-z))
		return s * (1 - s)
	}
	panic("plainDerivative: " + f.String())
}

// checkNear reports the worst element of got (float32) against want
// (float64) whose difference exceeds float32 rounding: 1e-4 relative to
// the larger of |want| and the largest |want| / 100.
func checkNear(t *testing.T, name string, got []float32, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	scale := 0.0
	for _, w := range want {
		scale = max(scale, math.Abs(w))
	}
	worst, at := 0.0, -1
	for i, w := range want {
		if d := math.Abs(float64(got[i])-w) / max(math.Abs(w), scale/100, 1e-30); d > worst || math.IsNaN(d) {
			worst, at = d, i
		}
	}
	if worst > 1e-4 || at >= 0 && math.IsNaN(worst) {
		t.Errorf("%s[%d] = %g, plain %g (relative error %.3g)", name, at, got[at], want[at], worst)
	}
}
