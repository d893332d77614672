package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"backproplab/nn"
	"backproplab/nn/step"
)

// The stepper's phases, in the order the teacher walks through them.
const (
	phaseForward = iota
	phaseLoss
	phaseBackward
	phaseUpdate
	phaseEffect
	phaseCount
)

// phaseName returns the translated title of phase p.
func phaseName(p int) string { return phaseNames()[p] }

// phaseNames returns the names of the phases in order.
func phaseNames() []string {
	return []string{T("1. Forward"), T("2. Loss"), T("3. Backward"), T("4. Update"), T("5. Effect")}
}

// vec formats up to max values of v as a bracketed list.
func vec(v []float32, limit int) string {
	var b strings.Builder
	b.WriteString("[")
	for i, x := range v {
		if i == limit {
			fmt.Fprintf(&b, " … %s]", Tf("(%d values)", len(v)))
			return b.String()
		}
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%+.3f", x)
	}
	b.WriteString("]")
	return b.String()
}

// activationLine writes the line that explains f′(z) for activation act,
// given a layer's activations a = f(z): which units pass the error back,
// and how strongly.
func activationLine(w func(format string, args ...any), act nn.Activation, a []float32) {
	switch act {
	case nn.ReLU:
		w("  ReLU mask f′(z) = 1 where z > 0: %d of %d units pass", activeUnits(a), len(a))
	case nn.Sigmoid:
		lo, mean, hi := derivativeRange(act, a)
		w("  sigmoid f′(z) = a·(1 − a): from %.4f to %.4f, mean %.4f (at most 0.25)", lo, hi, mean)
	case nn.Tanh:
		lo, mean, hi := derivativeRange(act, a)
		w("  tanh f′(z) = 1 − a²: from %.4f to %.4f, mean %.4f (at most 1)", lo, hi, mean)
	}
}

// derivativeRange returns the smallest, mean and largest f′(z) over a
// layer's activations a (for sigmoid and tanh, f′ follows from a alone).
func derivativeRange(act nn.Activation, a []float32) (lo, mean, hi float64) {
	if len(a) == 0 {
		return 0, 0, 0
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range a {
		d := float64(act.Derivative(0, v))
		lo, hi, mean = min(lo, d), max(hi, d), mean+d
	}
	return lo, mean / float64(len(a)), hi
}

func activeUnits(a []float32) int {
	n := 0
	for _, v := range a {
		if v > 0 {
			n++
		}
	}
	return n
}

// phaseText returns the formula panel's text for phase p of trace tr,
// naming the classes by their index.
func phaseText(tr *step.Trace, p int) string { return phaseTextNamed(tr, p, nil) }

// phaseTextNamed is phaseText with the classes named by names (index =
// class; nil or missing names: the index).
func phaseTextNamed(tr *step.Trace, p int, names []string) string {
	name := func(c int) string {
		if c >= 0 && c < len(names) {
			return names[c]
		}
		return strconv.Itoa(c)
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, T(format), args...); b.WriteString("\n") }
	last := len(tr.Layers) - 1
	probs := tr.Probs()
	if tr.Dry {
		w("Not applied: this image is followed, not trained on; the update is the one it would make.")
		b.WriteString("\n")
	}
	switch p {
	case phaseForward:
		if tr.Dry {
			w("Input: the chosen test image (label %s), 784 pixels in [0, 1], shown left.", name(tr.Label))
		} else if tr.Drawn {
			w("Input: your drawing (label %s), 784 pixels in [0, 1], shown left.", name(tr.Label))
		} else {
			w("Input: training image #%d (label %s), 784 pixels in [0, 1], shown left.", tr.Rows[tr.Sample], name(tr.Label))
		}
		for l, ly := range tr.Layers {
			b.WriteString("\n")
			if l < last {
				w("Layer %d (%d → %d): z = W·a + b, a = f(z)", l+1, ly.In, ly.Out)
				w("  z = %s", vec(ly.Z, 8))
				w("  a = %s", vec(ly.A, 8))
				w("  %d of %d units active (a > 0)", activeUnits(ly.A), ly.Out)
			} else {
				w("Output layer %d (%d → %d): z = W·a + b, p = softmax(z)", l+1, ly.In, ly.Out)
				w("  z = %s", vec(ly.Z, 10))
				w("  p = %s", vec(ly.A, 10))
			}
		}
		b.WriteString("\n")
		k := nn.Argmax(probs)
		w("Prediction: %s with p = %.3f; the label is %s.", name(k), probs[k], name(tr.Label))
	case phaseLoss:
		py := float64(probs[tr.Label])
		if tr.Loss == nn.CrossEntropy {
			w("Cross-entropy: L = −log p_y")
			w("  = −log p_%d = −log(%.4f) = %.4f", tr.Label, py, tr.SampleLoss)
		} else {
			w("Mean squared error: L = (1/%d)·Σ_j (p_j − t_j)², t = one-hot(%d)", len(probs), tr.Label)
			var parts []string
			for j := range tr.Terms {
				parts = append(parts, fmt.Sprintf("(%.3f−%d)²", probs[j], btoi(j == tr.Label)))
			}
			w("  = (1/%d)·(%s)", len(probs), strings.Join(parts, " + "))
			w("  = %.4f", tr.SampleLoss)
		}
		b.WriteString("\n")
		k := len(probs)
		w("An untrained network gives every class p ≈ 1/%d: −ln(1/%d) = ln %d ≈ %.2f.", k, k, k, math.Log(float64(k)))
		if len(tr.Rows) > 1 {
			w("Batch of %d samples: mean loss L = (1/B)·Σ L_n = %.4f", len(tr.Rows), tr.BatchLoss)
		}
		if tr.Penalty != 0 {
			w("Weight penalty added: %.4f", tr.Penalty)
		}
	case phaseBackward:
		out := tr.Layers[last]
		if tr.Loss == nn.CrossEntropy {
			w("Output error (softmax + cross-entropy): δ_out = p − y")
			var parts []string
			for j := range out.Delta {
				parts = append(parts, fmt.Sprintf("%.3f−%d", probs[j], btoi(j == tr.Label)))
			}
			w("  = [%s]", strings.Join(parts, ", "))
		} else {
			w("Output error (softmax + MSE): δ_j = p_j·(g_j − Σ_k p_k·g_k), g_j = 2(p_j − t_j)/%d", len(probs))
		}
		w("  δ_out = %s", vec(out.Delta, 10))
		for l := last - 1; l >= 0; l-- {
			ly := tr.Layers[l]
			b.WriteString("\n")
			w("Layer %d: δ = (Wᵀ·δ_next) ⊙ f′(z)", l+1)
			activationLine(w, tr.Act(l), ly.A)
			w("  δ = %s", vec(ly.Delta, 8))
		}
		b.WriteString("\n")
		w("Gradients: ∂L/∂W = δ·aᵀ and ∂L/∂b = δ (heat maps right).")
		if len(tr.Rows) > 1 {
			w("The heat maps show the batch average over %d samples.", len(tr.Rows))
		}
	case phaseUpdate:
		switch tr.Method {
		case nn.GD, nn.SGD:
			w("%s: w ← w − η·g, η = %g", methodLabel(tr.Method), tr.LR)
		case nn.Momentum:
			w("Momentum: u ← μ·u − η·g; w ← w + u (μ = %g, η = %g)", tr.Momentum, tr.LR)
		case nn.Adam:
			w("Adam (η = %g, β1 = %g, β2 = %g, ε = %g):", tr.LR, nn.AdamBeta1, nn.AdamBeta2, nn.AdamEpsilon)
			w("  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²")
			w("  m̂ = m/(1−β1ᵗ);  v̂ = v/(1−β2ᵗ);  w ← w − η·m̂/(√v̂ + ε)")
		}
		w("The heat maps right show ΔW for every weight of each layer.")
	case phaseEffect:
		a, z := beforeAfter(tr.SampleLoss, tr.SampleAfter)
		w("Loss of this sample: %s → %s  %s", a, z, arrow(tr.SampleLoss, tr.SampleAfter))
		if len(tr.Rows) > 1 {
			a, z := beforeAfter(tr.BatchLoss, tr.BatchAfter)
			w("Loss of the same batch (%d samples): %s → %s  %s", len(tr.Rows), a, z, arrow(tr.BatchLoss, tr.BatchAfter))
		}
		if tr.Kind == step.Epoch {
			a, z := beforeAfter(tr.TrainLossBefore, tr.TrainLossAfter)
			w("Whole training set: %s → %s  %s", a, z, arrow(tr.TrainLossBefore, tr.TrainLossAfter))
			w("%d updates this epoch; the chart shows each mini-batch's loss: it goes up and down (SGD noise).", len(tr.EpochLosses))
		}
		if tr.Method == nn.GD {
			w("Full-batch gradient descent: one update per epoch, on the gradient of all %d images.", len(tr.Rows))
		}
	}
	return b.String()
}

func arrow(before, after float64) string {
	switch {
	case after < before:
		return T("(went down)")
	case after > before:
		return T("(went up)")
	}
	return T("(unchanged)")
}

// beforeAfter formats two values with the fewest significant digits (at
// least four) that tell them apart, so that a change never reads as
// "0.0001 → 0.0001".
func beforeAfter(a, b float64) (string, string) {
	for d := 4; ; d++ {
		fa, fb := strconv.FormatFloat(a, 'g', d, 64), strconv.FormatFloat(b, 'g', d, 64)
		if fa != fb || a == b || d >= 17 {
			return fa, fb
		}
	}
}

// methodLabel is an optimiser's name as the side panel and the text show it.
func methodLabel(m nn.Method) string {
	switch m {
	case nn.GD:
		return "GD"
	case nn.SGD:
		return "SGD"
	case nn.Momentum:
		return T("SGD with momentum")
	case nn.Adam:
		return "Adam"
	}
	return m.String()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// chainText returns the selected weight's chain rule and update, with the
// numbers: where its input a_i comes from, how its unit's error signal δ_j
// was obtained (from the loss for the output layer, from the layer above
// for a hidden one), their product, and the optimiser's update.
func chainText(tr *step.Trace, r step.WeightRef) string {
	if !tr.Valid(r) {
		return T("Click a pixel of a hidden unit's tile, a cell of a layer's matrix or a unit of a layer's strip to follow a weight.")
	}
	c := tr.Weight(r)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, T(format), args...); b.WriteString("\n") }
	last := len(tr.Layers) - 1
	switch {
	case r.Layer == 0 && r.Layer == last:
		w("Weight W%d[%d][%d]: pixel %d (row %d, column %d) → output %d", r.Layer+1, r.I, r.J, r.I, r.I/28, r.I%28, r.J)
	case r.Layer == 0:
		w("Weight W%d[%d][%d]: pixel %d (row %d, column %d) → hidden unit %d", r.Layer+1, r.I, r.J, r.I, r.I/28, r.I%28, r.J)
	case r.Layer == last:
		w("Weight W%d[%d][%d]: unit %d of layer %d → output %d", r.Layer+1, r.I, r.J, r.I, r.Layer, r.J)
	default:
		w("Weight W%d[%d][%d]: unit %d of layer %d → unit %d of layer %d", r.Layer+1, r.I, r.J, r.I, r.Layer, r.J, r.Layer+1)
	}
	if r.Layer == 0 {
		w("  a_i = pixel %d = %.5g", r.I, c.AI)
	} else {
		in := tr.DeltaOf(r.Layer-1, r.I)
		w("  a_i = %s(z_i) = %s(%+.5g) = %.5g, unit %d of layer %d", in.Act, in.Act, in.Z, c.AI, r.I, r.Layer)
	}
	deltaLines(w, tr, tr.DeltaOf(r.Layer, r.J))
	w("Chain rule for this sample: ∂L_n/∂w = δ_j · a_i = (%+.5g) × (%.5g) = %+.6g", c.DeltaJ, c.AI, c.SampleGrad)
	if len(tr.Rows) > 1 {
		w("Batch average (what the optimiser uses): g = ∂L/∂w = %+.6f", c.G)
	} else {
		w("Gradient used: g = %+.6f", c.G)
	}
	switch tr.Method {
	case nn.GD, nn.SGD:
		w("w ← w − η·g = %.6f − %g × (%+.6f) = %.6f", c.W0, tr.LR, c.G, c.W0+c.Rule)
	case nn.Momentum:
		w("u ← μ·u − η·g = %g × (%+.6f) − %g × (%+.6f) = %+.6f", tr.Momentum, c.U0, tr.LR, c.G, c.U1)
		w("w ← w + u = %.6f + (%+.6f) = %.6f", c.W0, c.U1, c.W0+c.U1)
	case nn.Adam:
		w("t = %d:  m = %g × (%+.3e) + %.3g × (%+.3e) = %+.3e", c.T, nn.AdamBeta1, c.M0, 1-nn.AdamBeta1, c.G, c.M1)
		w("        v = %g × %.3e + %.3g × (%+.3e)² = %.3e", nn.AdamBeta2, c.V0, 1-nn.AdamBeta2, c.G, c.V1)
		w("        m̂ = %+.3e,  v̂ = %.3e,  step = −η·m̂/(√v̂ + ε) = %+.3e", c.MHat, c.VHat, c.Rule)
	}
	w("Weight before %.6f → after %.6f (engine: Δw = %+.3e)", c.W0, c.W1, c.Delta)
	return b.String()
}

// deltaLines explains, with the numbers, how the followed sample's δ_j of
// d's unit was obtained: from the loss for an output, or for a hidden unit
// as Backward computes it, f′(z_j) times the sum over the layer above of
// the weights out of the unit times their units' δ.
func deltaLines(w func(format string, args ...any), tr *step.Trace, d step.DeltaChain) {
	switch {
	case d.Output && tr.Loss == nn.CrossEntropy:
		w("  δ_j = p_j − y_j = %.5g − %d = %+.5g (output layer: from the loss)", d.P, d.Y, d.Delta)
	case d.Output && tr.Loss == nn.MSE:
		w("  δ_j = p_j·(g_j − Σ_k p_k·g_k), g_k = 2(p_k − t_k)/%d: δ_j = %+.5g (output layer: from the loss)", len(tr.Probs()), d.Delta)
	case d.Output:
		w("  δ_j = ∂L/∂z_j = %+.5g (output layer: from the loss)", d.Delta)
	default:
		w("  δ_j = f′(z_j) · Σ_k W%d[%d][k]·δ_k, over the %d units k of layer %d above:", d.Layer+2, d.J, d.Above, d.Layer+2)
		w("      = %.5g × (%+.5g) = %+.5g  (%s, z_j = %+.5g)", d.FPrime, d.Back, d.Delta, d.Act, d.Z)
		if d.FPrime == 0 {
			w("  The unit is off for this sample (f′ = 0): no error passes back through it, and its weights get no gradient.")
		}
	}
}
