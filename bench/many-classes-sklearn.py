"""scikit-learn reference for the many-classes benchmark (run with Debian's /usr/bin/python3).

Fits LinearSVC(C=0.5) (liblinear, one-vs-rest, its defaults otherwise) on the very TF-IDF matrices prodclass
built (bench/many-classes.ts writes them as raw CSR arrays), predicts the held-out rows and writes the
predictions beside them, so both sides are scored by the same metric code.

Usage: /usr/bin/python3 bench/many-classes-sklearn.py DIR
  DIR/{train,test}.{indptr,indices,data} (int32, int32, float32), DIR/{train,test}.labels (int32), DIR/shape.json
Writes DIR/sklearn.pred (int32) and prints one JSON object.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

d = sys.argv[1]
shape = json.load(open(f"{d}/shape.json"))


def csr(name, rows):
    indptr = np.fromfile(f"{d}/{name}.indptr", dtype=np.int32)
    indices = np.fromfile(f"{d}/{name}.indices", dtype=np.int32)
    data = np.fromfile(f"{d}/{name}.data", dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(rows, shape["nCols"]))


x_train = csr("train", shape["nTrain"])
x_test = csr("test", shape["nTest"])
y_train = np.fromfile(f"{d}/train.labels", dtype=np.int32)
y_test = np.fromfile(f"{d}/test.labels", dtype=np.int32)

model = LinearSVC(C=0.5)
t0 = time.perf_counter()
cpu0 = time.process_time()
model.fit(x_train, y_train)
fit_seconds = time.perf_counter() - t0
fit_cpu_seconds = time.process_time() - cpu0
predicted = model.predict(x_test).astype(np.int32)
predicted.tofile(f"{d}/sklearn.pred")
print(json.dumps({
    "pipeline": "LinearSVC(C=0.5) on prodclass's TF-IDF matrices",
    "fitSeconds": fit_seconds,
    "fitCpuSeconds": fit_cpu_seconds,
    "weightedF1": float(f1_score(y_test, predicted, average="weighted")),
    "nIter": int(np.max(model.n_iter_)),
}))
