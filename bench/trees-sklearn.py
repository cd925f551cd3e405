"""scikit-learn / XGBoost reference for the tree benchmark (run with Debian's /usr/bin/python3).

Reads one fold written by bench/trees.ts (our TF-IDF features reduced to their chi-square top k, so both
sides fit the same matrix): FOLD_DIR/{train,test}.{indptr,indices,data} (int32, int32, float32),
FOLD_DIR/{train,test}.labels (int32) and FOLD_DIR/shape.json. Fits one reference model, times fit and
predict, prints one JSON object.

Usage:
  /usr/bin/python3 bench/trees-sklearn.py rf  FOLD_DIR [--trees 300] [--jobs -1]
      RandomForestClassifier(n_estimators=trees, n_jobs=jobs, random_state=0), otherwise defaults
  /usr/bin/python3 bench/trees-sklearn.py xgb FOLD_DIR [--rounds 50] [--depth 6] [--eta 0.3] [--jobs -1]
      xgboost.XGBClassifier(tree_method='hist', n_estimators=rounds, max_depth=depth, learning_rate=eta,
      n_jobs=jobs (-1: all cores), random_state=0), otherwise defaults (max_bin 256, lambda 1, min_child_weight 1)
"""
import argparse
import json
import os
import time

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import f1_score

parser = argparse.ArgumentParser()
parser.add_argument("model", choices=["rf", "xgb"])
parser.add_argument("fold_dir")
parser.add_argument("--trees", type=int, default=300)
parser.add_argument("--rounds", type=int, default=50)
parser.add_argument("--depth", type=int, default=6)
parser.add_argument("--eta", type=float, default=0.3)
parser.add_argument("--jobs", type=int, default=-1)
args = parser.parse_args()

with open(os.path.join(args.fold_dir, "shape.json")) as f:
    shape = json.load(f)


def load(part):
    base = os.path.join(args.fold_dir, part)
    indptr = np.fromfile(base + ".indptr", dtype=np.int32)
    indices = np.fromfile(base + ".indices", dtype=np.int32)
    data = np.fromfile(base + ".data", dtype=np.float32)
    x = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, shape["nCols"]))
    return x, np.fromfile(base + ".labels", dtype=np.int32)


x_train, y_train = load("train")
x_test, y_test = load("test")
cores = os.cpu_count() if args.jobs == -1 else args.jobs

if args.model == "rf":
    from sklearn.ensemble import RandomForestClassifier

    model = RandomForestClassifier(n_estimators=args.trees, n_jobs=args.jobs, random_state=0)
    description = f"sklearn RandomForestClassifier(n_estimators={args.trees}, n_jobs={args.jobs})"
    t0 = time.perf_counter()
    model.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    predicted = model.predict(x_test)
    predict_seconds = time.perf_counter() - t0
    version = __import__("sklearn").__version__
else:
    import xgboost

    classes = np.unique(y_train)
    encode = {c: i for i, c in enumerate(classes)}
    model = xgboost.XGBClassifier(
        tree_method="hist", n_estimators=args.rounds, max_depth=args.depth, learning_rate=args.eta, n_jobs=cores, random_state=0,
    )
    description = f"xgboost XGBClassifier(tree_method='hist', n_estimators={args.rounds}, max_depth={args.depth}, learning_rate={args.eta}, n_jobs={cores})"
    t0 = time.perf_counter()
    model.fit(x_train, np.array([encode[c] for c in y_train]))
    fit_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    predicted = classes[model.predict(x_test)]
    predict_seconds = time.perf_counter() - t0
    version = xgboost.__version__

print(json.dumps({
    "model": description,
    "version": version,
    "threads": cores,
    "fitSeconds": fit_seconds,
    "predictSeconds": predict_seconds,
    "weightedF1": float(f1_score(y_test, predicted, average="weighted")),
    "macroF1": float(f1_score(y_test, predicted, average="macro")),
}))
