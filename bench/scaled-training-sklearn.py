"""scikit-learn reference for the scaled-training benchmark (run with Debian's /usr/bin/python3).

Times the plain reference fit the automation issue names as the bar at the challenge's full size:
TfidfVectorizer(word 1-2) + TfidfVectorizer(char_wb 2-5, min_df=2) + LinearSVC(C=0.5), fitted once on every row of
the corpus the TypeScript side wrote (challenge layout), HTML stripped and lower-cased designation + description.

Usage: /usr/bin/python3 bench/scaled-training-sklearn.py DATA_DIR
Prints one JSON object: fitSeconds (features and classifier), peakRssMiB.
"""
import json
import resource
import sys
import time

import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from challenge_text import read_challenge_text

data_dir = sys.argv[1]


text, y = read_challenge_text(data_dir)

started = time.perf_counter()
word = TfidfVectorizer(ngram_range=(1, 2))
char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2)
x = sp.hstack([word.fit_transform(text), char.fit_transform(text)]).tocsr()
LinearSVC(C=0.5).fit(x, y)
fit_seconds = time.perf_counter() - started
print(json.dumps({"fitSeconds": fit_seconds, "nFeatures": x.shape[1], "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
