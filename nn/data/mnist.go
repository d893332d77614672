package data

import (
	"backproplab/nn"
	"backproplab/nn/mnist"
)

// FromMNIST returns MNIST as a Set: 784 pixel inputs, classes 0 to 9.
func FromMNIST(train, test *mnist.Set) *Set {
	return &Set{
		Info:  nn.MNISTInfo(),
		Train: nn.NewDataset(train.Images, train.Labels, train.Rows*train.Cols),
		Test:  nn.NewDataset(test.Images, test.Labels, test.Rows*test.Cols),
	}
}

// FromVariant returns a dataset in MNIST's format (Fashion-MNIST,
// Kuzushiji-MNIST) as a Set named after v, with v's class names.
func FromVariant(v mnist.Variant, train, test *mnist.Set) *Set {
	s := FromMNIST(train, test)
	s.Info = nn.DataInfo{Name: v.Name, Classes: append([]string(nil), v.Classes...)}
	return s
}
