package nn

// Evaluator computes loss and accuracy over whole datasets, reusing its
// buffers so that repeated evaluations do not allocate.
type Evaluator struct {
	ws  *Workspace
	in  Input
	y   []uint8
	idx []int
}

// NewEvaluator returns an evaluator for networks of architecture a.
func NewEvaluator(a Arch) *Evaluator {
	const rows = 500
	return &Evaluator{ws: NewWorkspace(a, rows), y: make([]uint8, rows), idx: make([]int, 0, rows)}
}

// SetThreads sets how many threads a forward pass may use (see
// Workspace.SetThreads).
func (e *Evaluator) SetThreads(n int) { e.ws.SetThreads(n) }

// Run returns the mean data loss and the accuracy of net on d. When pred is
// not nil (length d.N) it receives each row's predicted class; when probs is
// not nil (length d.N × outputs) it receives each row's probabilities.
func (e *Evaluator) Run(net *Network, d *Dataset, pred []uint8, probs []float32) (loss, accuracy float64) {
	if d.N == 0 {
		return 0, 0
	}
	var total float64
	hits := 0
	c := net.Arch.Outputs
	step := e.ws.Cap()
	for a := 0; a < d.N; a += step {
		b := min(a+step, d.N)
		e.idx = e.idx[:0]
		for r := a; r < b; r++ {
			e.idx = append(e.idx, r)
		}
		d.Gather(e.idx, &e.in, e.y[:b-a])
		l, h := net.forwardLossScaled(e.ws, &e.in, e.y[:b-a], false, 1)
		total += l * float64(b-a)
		hits += h
		p := e.ws.A[len(e.ws.A)-1]
		if pred != nil {
			for i := range b - a {
				pred[a+i] = uint8(Argmax(p[i*c : (i+1)*c]))
			}
		}
		if probs != nil {
			copy(probs[a*c:b*c], p[:(b-a)*c])
		}
		Yield() // let a browser paint between chunks (GOOS=js)
	}
	return total / float64(d.N), float64(hits) / float64(d.N)
}
