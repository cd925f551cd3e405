"""scikit-learn reference for the automation benchmark (run with Debian's /usr/bin/python3).

On the folds the TypeScript side writes (grouped, stratified, seeded), for each fold:
- times the plain reference fit, TfidfVectorizer(word 1-2) + TfidfVectorizer(char_wb 2-5, min_df=2) +
  LinearSVC(C=0.5) on the fold's training rows (the bar for training time);
- fits the same features with CalibratedClassifierCV(LinearSVC(C=0.5), method='sigmoid', cv=5), the calibrated
  reference, and prints each held-out row's top probability and predicted code, so the TypeScript side scores
  both models with the same code.

Usage: /usr/bin/python3 bench/automation-sklearn.py DATA_DIR FOLDS.json FOLD
(one fold per call, so that the TypeScript side can interleave the two and both see the same machine load)
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from challenge_text import read_challenge_text

data_dir, folds_path, fold = sys.argv[1], sys.argv[2], int(sys.argv[3])


text, y = read_challenge_text(data_dir)
folds = [json.load(open(folds_path))["validation"][fold]]


def features(train, test):
    word = TfidfVectorizer(ngram_range=(1, 2))
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2)
    xtr = sp.hstack([word.fit_transform(text[train]), char.fit_transform(text[train])]).tocsr()
    return xtr, lambda: sp.hstack([word.transform(text[test]), char.transform(text[test])]).tocsr()


out = []
for test in folds:
    test = np.array(test)
    mask = np.ones(len(y), dtype=bool)
    mask[test] = False
    train = np.flatnonzero(mask)
    t0 = time.perf_counter()
    xtr, _ = features(train, test)
    LinearSVC(C=0.5).fit(xtr, y[train])
    plain_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    xtr, xte = features(train, test)
    calibrated = CalibratedClassifierCV(LinearSVC(C=0.5), method="sigmoid", cv=5).fit(xtr, y[train])
    calibrated_seconds = time.perf_counter() - t0
    proba = calibrated.predict_proba(xte())
    top = proba.argmax(axis=1)
    out.append({
        "plainFitSeconds": plain_seconds,
        "calibratedFitSeconds": calibrated_seconds,
        "confidence": proba.max(axis=1).tolist(),
        "predicted": calibrated.classes_[top].astype(int).tolist(),
    })

print(json.dumps({
    "plain": "sklearn TfidfVectorizer(word 1-2) + TfidfVectorizer(char_wb 2-5, min_df=2) + LinearSVC(C=0.5)",
    "calibrated": "the same features + CalibratedClassifierCV(LinearSVC(C=0.5), method='sigmoid', cv=5)",
    "folds": out,
}))
