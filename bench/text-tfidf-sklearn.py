"""scikit-learn reference for bench/text-tfidf.ts (run with Debian's /usr/bin/python3; the TS script calls it).

Usage: /usr/bin/python3 bench/text-tfidf-sklearn.py TEXTS.json [REPEAT]
Times TfidfVectorizer(ngram_range=(1, 2)) and TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2)
fit_transform on the given (already preprocessed) texts; prints medians in ms and the peak RSS as JSON.
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

with open(sys.argv[1], encoding="utf-8") as f:
    texts = json.load(f)
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3

word_ms, char_ms = [], []
for _ in range(repeat):
    t0 = time.perf_counter()
    word = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)
    word_ms.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2).fit_transform(texts)
    char_ms.append((time.perf_counter() - t0) * 1000)
    del word, char

print(json.dumps({
    "wordMs": round(float(np.median(word_ms))),
    "charMs": round(float(np.median(char_ms))),
    "totalMs": round(float(np.median(np.add(word_ms, char_ms)))),
    "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
