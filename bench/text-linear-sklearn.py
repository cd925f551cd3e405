"""scikit-learn reference for the text-linear benchmark (run with Debian's /usr/bin/python3).

The pipeline the foundation issue names as the bar to beat: HTML stripped and lower-cased
designation + description, TfidfVectorizer(word 1-2) + TfidfVectorizer(char_wb 2-5, min_df=2),
LinearSVC(C=0.5), StratifiedKFold(5, shuffle=True, random_state=0).

Usage: /usr/bin/python3 bench/text-linear-sklearn.py DATA_DIR FOLDS_OUT.json
Prints one JSON object; writes the fold assignment to FOLDS_OUT.json so the TypeScript side
evaluates on exactly the same folds.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from challenge_text import read_challenge_text

data_dir, folds_out = sys.argv[1], sys.argv[2]
text, y = read_challenge_text(data_dir)

skf = StratifiedKFold(5, shuffle=True, random_state=0)
folds, scores, fit_seconds, predict_seconds = [], [], [], []
for train, test in skf.split(text, y):
    folds.append(test.tolist())
    t0 = time.perf_counter()
    word = TfidfVectorizer(ngram_range=(1, 2))
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2)
    xtr = sp.hstack([word.fit_transform(text[train]), char.fit_transform(text[train])]).tocsr()
    clf = LinearSVC(C=0.5).fit(xtr, y[train])
    fit_seconds.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    xte = sp.hstack([word.transform(text[test]), char.transform(text[test])]).tocsr()
    pred = clf.predict(xte)
    predict_seconds.append(time.perf_counter() - t0)
    scores.append(f1_score(y[test], pred, average="weighted"))

with open(folds_out, "w") as f:
    json.dump({"positions": folds, "n": int(len(y))}, f)
print(json.dumps({
    "pipeline": "sklearn TfidfVectorizer(word 1-2) + TfidfVectorizer(char_wb 2-5, min_df=2) + LinearSVC(C=0.5)",
    "weightedF1PerFold": scores,
    "weightedF1": float(np.mean(scores)),
    "fitSecondsPerFold": fit_seconds,
    "fitSeconds": float(np.median(fit_seconds)),
    "predictSecondsPerFold": predict_seconds,
}))
