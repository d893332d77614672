package nn

import (
	"fmt"
	"math"
)

// Loss is the training objective on the softmax output.
type Loss int

// The losses.
const (
	// CrossEntropy is sparse categorical cross-entropy, −log p_y, computed
	// from the logits for numerical stability.
	CrossEntropy Loss = iota
	// MSE is the mean squared error between the softmax probabilities and
	// the one-hot target, averaged over the classes as Keras does.
	MSE
	// Regression is the squared error (z − t)² between the single linear
	// output z and a real target t, for datasets with real-valued targets.
	Regression
)

var lossNames = [...]string{CrossEntropy: "ce", MSE: "mse", Regression: "regression"}

// String returns the loss's short name, "ce" or "mse".
func (l Loss) String() string {
	if l < 0 || int(l) >= len(lossNames) {
		return fmt.Sprintf("Loss(%d)", int(l))
	}
	return lossNames[l]
}

// ParseLoss returns the loss named s ("ce", "mse" or "regression";
// "crossentropy" is also accepted).
func ParseLoss(s string) (Loss, error) {
	switch s {
	case "ce", "crossentropy", "cross-entropy":
		return CrossEntropy, nil
	case "mse":
		return MSE, nil
	case "regression":
		return Regression, nil
	}
	return 0, fmt.Errorf("nn: unknown loss %q (want ce, mse or regression)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (l Loss) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *Loss) UnmarshalText(b []byte) error {
	v, err := ParseLoss(string(b))
	*l = v
	return err
}

// Softmax sets p to the softmax of the logits z (one row).
func Softmax(z, p []float32) {
	p = p[:len(z)]
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	var s float64
	for i, v := range z {
		e := math.Exp(float64(v - m))
		p[i] = float32(e)
		s += e
	}
	inv := float32(1 / s)
	for i := range p {
		p[i] *= inv
	}
}

// Forward computes, for a batch of logits z (rows, c) and labels y, the
// probabilities p (rows, c), the per-sample losses (rows), and the mean loss.
// When delta is not nil it also sets delta (rows, c) to ∂L/∂z of the mean
// loss, scaled by scale (1/B for a plain batch mean).
func (l Loss) Forward(z []float32, c int, y []uint8, p, sampleLoss, delta []float32, scale float32) float64 {
	rows := len(y)
	var total float64
	for i := range rows {
		zi, pi := z[i*c:(i+1)*c], p[i*c:(i+1)*c]
		label := int(y[i])
		var li float64
		switch l {
		case CrossEntropy:
			m := zi[0]
			for _, v := range zi[1:] {
				m = max(m, v)
			}
			var s float64
			for j, v := range zi {
				e := math.Exp(float64(v - m))
				pi[j] = float32(e)
				s += e
			}
			inv := 1 / s
			for j := range pi {
				pi[j] = float32(float64(pi[j]) * inv)
			}
			// −log p_y = log Σ exp(z − m) − (z_y − m)
			li = math.Log(s) - float64(zi[label]-m)
			if delta != nil {
				di := delta[i*c : (i+1)*c]
				for j, pv := range pi {
					di[j] = pv * scale
				}
				di[label] -= scale
			}
		case MSE:
			Softmax(zi, pi)
			var dotg float64
			for j, pv := range pi {
				t := float32(0)
				if j == label {
					t = 1
				}
				d := float64(pv - t)
				li += d * d
			}
			li /= float64(c)
			if delta != nil {
				// g_j = ∂L/∂p_j = 2(p_j − t_j)/c; δ_j = p_j (g_j − Σ_k p_k g_k).
				di := delta[i*c : (i+1)*c]
				for j, pv := range pi {
					t := float32(0)
					if j == label {
						t = 1
					}
					g := 2 * (pv - t) / float32(c)
					di[j] = g
					dotg += float64(pv * g)
				}
				for j, pv := range pi {
					di[j] = pv * (di[j] - float32(dotg)) * scale
				}
			}
		default:
			panic("nn: bad loss")
		}
		if sampleLoss != nil {
			sampleLoss[i] = float32(li)
		}
		total += li
	}
	if rows == 0 {
		return 0
	}
	return total / float64(rows)
}

// regressionForward is Forward for the Regression loss: z (rows, 1) is
// the output, t (rows) the targets. It copies z into out.
func regressionForward(z, t, out, sampleLoss, delta []float32, scale float32) float64 {
	var total float64
	for i, v := range z {
		out[i] = v
		d := v - t[i]
		li := float64(d) * float64(d)
		if sampleLoss != nil {
			sampleLoss[i] = float32(li)
		}
		if delta != nil {
			delta[i] = 2 * d * scale
		}
		total += li
	}
	if len(z) == 0 {
		return 0
	}
	return total / float64(len(z))
}

// Argmax returns the index of the largest element of x.
func Argmax(x []float32) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}
