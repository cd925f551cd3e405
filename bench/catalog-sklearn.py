"""scikit-learn reference for the catalogs benchmark (run with Debian's /usr/bin/python3).

The reference the "your own catalog" issue sets: title twice and the description, lower-cased, HTML stripped;
TfidfVectorizer word 1-2 and char_wb 2-5, sublinear tf; LinearSVC(C=0.5) on the leaf; top-level weighted F1 from
its leaf predictions cut to depth 1 (the `top` map the TypeScript side writes).

Usage: /usr/bin/python3 bench/catalog-sklearn.py SPLIT.json   (keys: train, test: {title, description, label}; top: {label: topLabel})
Prints one JSON object.
"""
import json
import re
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

split = json.load(open(sys.argv[1], encoding="utf-8"))
tag = re.compile(r"<[^>]+>")


def texts(part):
    return [tag.sub(" ", f"{t} {t} {d}").lower() for t, d in zip(part["title"], part["description"])]


t0 = time.perf_counter()
word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
train_text = texts(split["train"])
x = sp.hstack([word.fit_transform(train_text), char.fit_transform(train_text)]).tocsr()
clf = LinearSVC(C=0.5).fit(x, np.array(split["train"]["label"]))
fit_seconds = time.perf_counter() - t0
test_text = texts(split["test"])
pred = clf.predict(sp.hstack([word.transform(test_text), char.transform(test_text)]).tocsr())
truth = np.array(split["test"]["label"])
top = split["top"]
print(json.dumps({
    "pipeline": "title x2 + description, lower-cased, HTML stripped; TF-IDF word 1-2 + char_wb 2-5 sublinear; LinearSVC(C=0.5)",
    "leafWeightedF1": float(f1_score(truth, pred, average="weighted")),
    "topWeightedF1": float(f1_score([top[str(v)] for v in truth], [top[str(v)] for v in pred], average="weighted")),
    "fitSeconds": fit_seconds,
    "features": int(x.shape[1]),
}))
