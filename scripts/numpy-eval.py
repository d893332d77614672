"""Evaluates a Backprop Lab model file (.npz) with numpy alone, to show that
numpy reads it directly: /usr/bin/python3 scripts/numpy-eval.py MODEL.npz MNIST_DIR

Prints the test loss and accuracy, which match `backproplab eval`.
Works for ReLU, sigmoid and tanh hidden layers (read from config.json)."""
import gzip, json, os, sys, zipfile
import numpy as np

path, data = sys.argv[1], sys.argv[2]
m = np.load(path)
cfg = json.loads(zipfile.ZipFile(path).read("config.json"))
act = {"relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh}[cfg["arch"]["activation"]]

def idx(name):
    p = os.path.join(data, name)
    raw = gzip.open(p).read() if os.path.exists(p) else open(p[:-3], "rb").read()
    nd = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * nd).reshape(dims)

x = idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / np.float32(255)
y = idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
layers = len(cfg["arch"]["hidden"]) + 1
a = x
for l in range(1, layers + 1):
    z = a @ m[f"W{l}"] + m[f"b{l}"]
    a = act(z) if l < layers else z
z = a - a.max(axis=1, keepdims=True)
logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
print(f"test loss {-logp[np.arange(len(y)), y].mean():.4f} - accuracy {(a.argmax(1) == y).mean():.4f}")
