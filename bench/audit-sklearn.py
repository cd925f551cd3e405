"""scikit-learn reference for the audit benchmark (run with Debian's /usr/bin/python3).

The reference the catalog-audit issue sets: out-of-fold probabilities over 5 stratified folds (seeded) from
CalibratedClassifierCV(LinearSVC(C=0.5), cv=3) on TF-IDF word 1-2 + char_wb 2-5 (sublinear tf; title and
description, lower-cased, HTML stripped), fitted inside each fold; rows ranked by self-confidence (the probability
of the given label, lowest first), which is cleanlab's default ranking. The top `k` rows are the suspects.

Usage: /usr/bin/python3 bench/audit-sklearn.py RUN.json   (keys: title, description, noisy, flipped, seed)
Prints one JSON object: precision and recall of the flipped rows among the top len(flipped), and the seconds.
"""
import json
import re
import sys
import time

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC

run = json.load(open(sys.argv[1], encoding="utf-8"))
tag = re.compile(r"<[^>]+>")
text = np.array([tag.sub(" ", f"{t} {d}").lower() for t, d in zip(run["title"], run["description"])], dtype=object)
y = np.array(run["noisy"])
flipped = set(run["flipped"])
k = len(flipped)

t0 = time.perf_counter()
classes = np.unique(y)
proba = np.zeros((len(y), len(classes)))
for train, test in StratifiedKFold(5, shuffle=True, random_state=run["seed"]).split(text, y):
    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
        CalibratedClassifierCV(LinearSVC(C=0.5), cv=3),
    ).fit(text[train], y[train])
    cols = np.searchsorted(classes, model.classes_)
    proba[np.ix_(test, cols)] = model.predict_proba(text[test])
seconds = time.perf_counter() - t0
self_confidence = proba[np.arange(len(y)), np.searchsorted(classes, y)]
top = np.argsort(self_confidence, kind="stable")[:k]
hits = sum(1 for r in top if int(r) in flipped)
print(json.dumps({
    "pipeline": "TF-IDF word 1-2 + char_wb 2-5 sublinear; CalibratedClassifierCV(LinearSVC(C=0.5), cv=3); 5 stratified folds; self-confidence",
    "precision": hits / k if k else None,
    "recall": hits / k if k else None,
    "seconds": seconds,
}))
