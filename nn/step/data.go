package step

import "backproplab/nn"

// Data returns the dataset the trace's Rows index: the trainer's training
// set, or a drawn image's own one-image set. It is shared and read-only.
func (tr *Trace) Data() *nn.Dataset { return tr.train }
