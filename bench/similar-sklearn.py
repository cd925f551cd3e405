"""scikit-learn reference for bench/similar.ts (run with Debian's /usr/bin/python3; the TS script calls it).

Usage: /usr/bin/python3 bench/similar-sklearn.py PRODUCTS.json
PRODUCTS.json: {"texts": [...], "labels": [...]} (title and description, already stripped of HTML).
TfidfVectorizer(sublinear_tf=True) on the texts, NearestNeighbors(metric="cosine", brute) and, leaving each product
out, the share of its 10 nearest neighbours that carry its label and how often their distance-weighted vote names it.
Prints the figures and the time as JSON.
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import NearestNeighbors

with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
labels = np.asarray(data["labels"])
k = 10

t0 = time.perf_counter()
x = TfidfVectorizer(sublinear_tf=True).fit_transform(data["texts"])
nn = NearestNeighbors(n_neighbors=k + 1, metric="cosine", algorithm="brute").fit(x)
dist, idx = nn.kneighbors(x)
seconds = time.perf_counter() - t0

agree, voted = 0.0, 0
for i in range(len(labels)):
    # Drop the product itself (an exact repeat may come first instead: drop position of i, else the last).
    row, d = list(idx[i]), list(dist[i])
    at = row.index(i) if i in row else k
    del row[at], d[at]
    same = labels[row] == labels[i]
    agree += same.mean()
    votes = {}
    for r, di in zip(row, d):
        votes[labels[r]] = votes.get(labels[r], 0.0) + max(1.0 - di, 0.0) + 1e-6
    if max(votes, key=votes.get) == labels[i]:
        voted += 1

print(json.dumps({
    "agreement": agree / len(labels),
    "voteAccuracy": voted / len(labels),
    "seconds": round(seconds, 2),
    "features": x.shape[1],
    "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
