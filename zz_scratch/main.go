package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"

	"gonum.org/v1/gonum/mat"

	"backproplab/nn"
	"backproplab/nn/mnist"
	"backproplab/nn/proj"
)

func ncm(x *mat.Dense, lab []uint8, classes int) float64 {
	n, d := x.Dims()
	mean := make([][]float64, classes)
	cnt := make([]int, classes)
	for c := range mean {
		mean[c] = make([]float64, d)
	}
	for i := range n {
		c := lab[i]
		cnt[c]++
		for j := range d {
			mean[c][j] += x.At(i, j)
		}
	}
	for c := range mean {
		for j := range d {
			mean[c][j] /= float64(max(cnt[c], 1))
		}
	}
	hit := 0
	for i := range n {
		best, bd := -1, math.Inf(1)
		for c := range classes {
			s := 0.0
			for j := range d {
				v := x.At(i, j) - mean[c][j]
				s += v * v
			}
			if s < bd {
				best, bd = c, s
			}
		}
		if best == int(lab[i]) {
			hit++
		}
	}
	return float64(hit) / float64(n)
}

func knn(x *mat.Dense, lab []uint8, classes, k int) float64 {
	n, d := x.Dims()
	hit := 0
	type nb struct {
		d float64
		c uint8
	}
	for i := range n {
		var nbs []nb
		for j := range n {
			if j == i {
				continue
			}
			s := 0.0
			for q := range d {
				v := x.At(i, q) - x.At(j, q)
				s += v * v
			}
			nbs = append(nbs, nb{s, lab[j]})
		}
		sort.Slice(nbs, func(a, b int) bool { return nbs[a].d < nbs[b].d })
		votes := make([]int, classes)
		for _, v := range nbs[:k] {
			votes[v.c]++
		}
		best := 0
		for c := range votes {
			if votes[c] > votes[best] {
				best = c
			}
		}
		if best == int(lab[i]) {
			hit++
		}
	}
	return float64(hit) / float64(n)
}

func xy(p *proj.Projection) *mat.Dense { return mat.NewDense(p.N(), 2, p.XY) }

func main() {
	dir, _ := mnist.Locate("")
	train, test, err := mnist.Load(dir)
	if err != nil {
		panic(err)
	}
	tr := nn.NewDataset(train.Images, train.Labels, 784)
	te := nn.NewDataset(test.Images, test.Labels, 784)
	sample := te.Subset(proj.Sample(te.N, 2000, 1))
	a := nn.TutorialArch()
	s := nn.DefaultSettings()
	s.Epochs = 1
	t, err := nn.NewTrainer(nn.NewNetwork(a, 1), tr, s)
	if err != nil {
		panic(err)
	}
	for ep := 0; ep <= 5; ep++ {
		if ep > 0 {
			if err := t.Run(context.Background(), nil); err != nil {
				panic(err)
			}
			t.Settings.Epochs++
		}
		_, acc := nn.NewEvaluator(a).Run(t.Net, sample, nil, nil)
		fmt.Printf("epoch %d acc %.3f\n", ep, acc)
		for k := 0; k < proj.Layers(t.Net); k++ {
			x := proj.Activations(t.Net, sample, k)
			p, _ := proj.Project(x)
			fmt.Printf("  layer %d: 2D NCM %.3f  2D 10-NN %.3f  full NCM %.3f  explained %.2f+%.2f\n", k,
				proj.Separation(p, sample.Labels, 10), knn(xy(p), sample.Labels, 10, 10), ncm(x, sample.Labels, 10), p.Explained[0], p.Explained[1])
		}
		os.Stdout.Sync()
	}
}
