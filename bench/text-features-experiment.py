"""Which text cleaning and TF-IDF feature choices classify Rakuten products best? (run with Debian's /usr/bin/python3)

Scores feature sets with LinearSVC(C=0.5) and StratifiedKFold(5, shuffle=True, random_state=0), weighted F1,
on the products of DATA_DIR. The baseline is the pipeline of bench/text-linear-sklearn.py (HTML-stripped,
lower-cased designation + description, TfidfVectorizer word 1-2 + char_wb 2-5 min_df=2). Cleaned texts come
from prodclass itself (bench/text-features-dump.ts writes OUT_DIR/cleaned.json), so the experiment measures
our cleaning, not a re-implementation. Blocks are fitted on each training fold only.

Usage:
  npx tsx bench/text-features-dump.ts DATA_DIR OUT_DIR                  # cleaned texts
  /usr/bin/python3 bench/text-features-experiment.py DATA_DIR OUT_DIR [CODES|all]
                                                                        # writes OUT_DIR/folds.json
  npx tsx bench/text-features-dump.ts DATA_DIR OUT_DIR OUT_DIR/folds.json   # our features on those folds
  /usr/bin/python3 bench/text-features-experiment.py DATA_DIR OUT_DIR ours,AZ
CODES is a comma-separated list of configuration codes (the letters starting each name below) and "ours"
(ProductTextVectorizer's defaults, read from OUT_DIR); the default is the path from the baseline to the chosen
defaults, "all" runs all ~50 configurations of the five rounds (about 25 minutes on 2 cores).
Prints one JSON object per configuration, then a summary table.
"""
import csv
import json
import os
import re
import sys
import time

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

data_dir, out_dir = sys.argv[1], sys.argv[2]
KEY = ["A", "B", "C", "D", "E", "K", "P", "U", "Y", "AW", "AY", "AZ", "ours"]
only = None if sys.argv[3:] == ["all"] else (sys.argv[3].split(",") if len(sys.argv) > 3 else KEY)


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


rows = read_rows(os.path.join(data_dir, "X_train_update.csv"))
codes = {r[""]: int(r["prdtypecode"]) for r in read_rows(os.path.join(data_dir, "Y_train_CVw08PX.csv"))}
y = np.array([codes[r[""]] for r in rows])
tag = re.compile(r"<[^>]+>")
with open(os.path.join(out_dir, "cleaned.json"), encoding="utf-8") as f:
    cleaned = json.load(f)


def fields(suffix):
    title = cleaned["designation" + suffix]
    desc = [d or t for d, t in zip(cleaned["description" + suffix], title)]
    return {
        "title": title,
        "desc": desc,
        "text": [t + " " + d for t, d in zip(title, desc)],
        "text2": [t + " " + t + " " + d for t, d in zip(title, desc)],
        "textT": [t + " " + d[:1000] for t, d in zip(title, desc)],
    }


TEXTS = {"raw": [tag.sub(" ", r["designation"] + " " + r["description"]).lower() for r in rows]}
for name, docs in fields("").items():
    TEXTS[name] = docs
for name, docs in fields("Folded").items():
    TEXTS[name + "F"] = docs
TEXTS["titleCF"] = cleaned["designationCasedFolded"]
TEXTS["titleF0"] = [re.sub(r"[0-9]", "0", t) for t in TEXTS["titleF"]]
TEXTS["textF0"] = [re.sub(r"[0-9]", "0", t) for t in TEXTS["textF"]]
TEXTS["titleCF0"] = [re.sub(r"[0-9]", "0", t) for t in TEXTS["titleCF"]]
TEXTS = {k: np.array(v, dtype=object) for k, v in TEXTS.items()}

TOKENS = r"(?u)[^\W_]{2,}"


def stop_words():
    with open(os.path.join(os.path.dirname(__file__), "..", "node_modules", "stopwords-iso", "stopwords-iso.json"), encoding="utf-8") as f:
        iso = json.load(f)
    return sorted({w.lower() for lang in ("fr", "en", "de") for w in iso[lang] if re.fullmatch(r"[^\W_]+", w)})


STOP = stop_words()


def W(ngram=(1, 2), **kw):
    return ("word", ngram, kw)


def C(ngram=(2, 5), min_df=2, **kw):
    return ("char_wb", ngram, dict(min_df=min_df, **kw))


S = dict(sublinear_tf=True)


def block(field, spec, weight=1.0):
    return (field, spec, weight)


def title_text(suffix="", text="text", title_w=1.0, text_w=1.0, cw=C(**S), tw=W(**S), xw=None, xc=None):
    return [
        block("title" + suffix, tw, title_w),
        block("title" + suffix, cw, title_w),
        block(text + suffix, xw or tw, text_w),
        block(text + suffix, xc or cw, text_w),
    ]


# Round 2: the best single changes together (folded accents, char_wb 1-5, text words min_df 2), then weights.
BEST = dict(suffix="F", cw=C((1, 5), **S), xw=W(min_df=2, **S))


def best(**change):
    return title_text(**{**BEST, **change})


Y_CHAR = ("char", (1, 5), dict(min_df=2, **S))


def plus(blocks, *extra):
    return blocks + list(extra)


CONFIGS = {
    "A baseline raw text, word 1-2 + char_wb 2-5 md2": [block("raw", W()), block("raw", C())],
    "B cleaned text (accents kept)": [block("text", W()), block("text", C())],
    "C cleaned + folded accents": [block("textF", W()), block("textF", C())],
    "D B + sublinear tf": [block("text", W(**S)), block("text", C(**S))],
    "E D + title blocks (word 1-2, char_wb 2-5)": title_text(),
    "F E, folded accents": title_text("F"),
    "G E, title repeated twice in text": title_text(text="text2"),
    "H E, title blocks weight 1.5": title_text(title_w=1.5),
    "I E, text blocks weight 0.7": title_text(text_w=0.7),
    "J E, description blocks instead of title+description": title_text(text="desc"),
    "K E, char_wb 1-5": title_text(cw=C((1, 5), **S)),
    "L E, char_wb 2-6": title_text(cw=C((2, 6), **S)),
    "M E, char_wb 3-5": title_text(cw=C((3, 5), **S)),
    "N E, char min_df 1": title_text(cw=C(min_df=1, **S)),
    "O E, char min_df 3": title_text(cw=C(min_df=3, **S)),
    "P E, text word min_df 2": title_text(xw=W(min_df=2, **S)),
    "Q E, word 1-3": title_text(tw=W((1, 3), **S)),
    "R E, stop words fr+en+de on word blocks": title_text(tw=W(stop_words=STOP, **S)),
    "S E without title char block": [block("title", W(**S)), block("text", W(**S)), block("text", C(**S))],
    "T D without sublinear on char (word sublinear only)": [block("text", W(**S)), block("text", C())],
    "U E + folded + char_wb 1-5 + text word min_df 2": best(),
    "V U, all blocks weight 0.8": best(title_w=0.8, text_w=0.8),
    "W U, all blocks weight 1.25": best(title_w=1.25, text_w=1.25),
    "X U, title blocks weight 0.8": best(title_w=0.8),
    "Y U, title char analyzer 'char' 1-5": best(cw=("char", (1, 5), dict(min_df=2, **S)), xc=C((1, 5), **S)),
    "Z U, description cut at 1,000 characters": best(text="textT"),
    "AA U, title word 1-3": best(tw=W((1, 3), **S)),
    "AB U, title char_wb 1-6": best(cw=C((1, 6), **S), xc=C((1, 5), **S)),
    "AC U, title word binary": best(tw=W(binary=True, **S)),
    "AD U, text char_wb min_df 3": best(xc=C((1, 5), min_df=3, **S)),
    # Round 3: around Y (character n-grams of the title that cross word boundaries).
    "AE Y, title word 1-3": best(cw=("char", (1, 5), dict(min_df=2, **S)), xc=C((1, 5), **S), tw=W((1, 3), **S)),
    "AF Y, title char 1-6": best(cw=("char", (1, 6), dict(min_df=2, **S)), xc=C((1, 5), **S)),
    "AG Y, title char 2-6": best(cw=("char", (2, 6), dict(min_df=2, **S)), xc=C((1, 5), **S)),
    "AH Y, text char analyzer 'char' 1-5 too": best(cw=("char", (1, 5), dict(min_df=2, **S))),
    "AI Y, accents kept": best(suffix="", cw=("char", (1, 5), dict(min_df=2, **S)), xc=C((1, 5), **S)),
    "AJ Y, title char min_df 1": best(cw=("char", (1, 5), dict(min_df=1, **S)), xc=C((1, 5), **S)),
    "AK Y, title blocks weight 1.25": best(cw=("char", (1, 5), dict(min_df=2, **S)), xc=C((1, 5), **S), title_w=1.25),
    "AL Y, text blocks weight 0.8": best(cw=("char", (1, 5), dict(min_df=2, **S)), xc=C((1, 5), **S), text_w=0.8),
    # Round 4: larger changes around Y.
    "AM Y, title words of one character too": best(cw=Y_CHAR, xc=C((1, 5), **S), tw=("word", (1, 2), dict(token_pattern=r"(?u)[^\W_]+", **S))),
    "AN Y, text words 1-1": best(cw=Y_CHAR, xc=C((1, 5), **S), xw=W((1, 1), min_df=2, **S)),
    "AO Y, title word min_df 2": best(cw=Y_CHAR, xc=C((1, 5), **S), tw=W(min_df=2, **S)),
    "AP Y + description word 1-2 block": plus(best(cw=Y_CHAR, xc=C((1, 5), **S)), block("descF", W(min_df=2, **S))),
    "AQ Y, title repeated twice in text": best(cw=Y_CHAR, xc=C((1, 5), **S), text="text2"),
    "AT Y + title char_wb 1-5 block": plus(best(cw=Y_CHAR, xc=C((1, 5), **S)), block("titleF", C((1, 5), **S))),
    "AU Y, all blocks weight 1.5": best(cw=Y_CHAR, xc=C((1, 5), **S), title_w=1.5, text_w=1.5),
    "AV Y, all blocks weight 0.6": best(cw=Y_CHAR, xc=C((1, 5), **S), title_w=0.6, text_w=0.6),
    # Round 5: case and digits.
    "AW Y, title char n-grams keep case": [
        block("titleF", W(**S)), block("titleCF", ("char", (1, 5), dict(min_df=2, lowercase=False, **S))),
        block("textF", W(min_df=2, **S)), block("textF", C((1, 5), **S)),
    ],
    "AX Y + cased title char block": plus(best(cw=Y_CHAR, xc=C((1, 5), **S)), block("titleCF", ("char", (1, 5), dict(min_df=2, lowercase=False, **S)))),
    "AY Y, digits as 0 in char blocks": [
        block("titleF", W(**S)), block("titleF0", Y_CHAR), block("textF", W(min_df=2, **S)), block("textF0", C((1, 5), **S)),
    ],
    # Round 6: digits as 0 with the other changes.
    "AZ AY, title char n-grams keep case": [
        block("titleF", W(**S)), block("titleCF0", ("char", (1, 5), dict(min_df=2, lowercase=False, **S))),
        block("textF", W(min_df=2, **S)), block("textF0", C((1, 5), **S)),
    ],
    "BA AY, digits as 0 in word blocks too": [
        block("titleF0", W(**S)), block("titleF0", Y_CHAR), block("textF0", W(min_df=2, **S)), block("textF0", C((1, 5), **S)),
    ],
    "BB AY, title char 1-6": [
        block("titleF", W(**S)), block("titleF0", ("char", (1, 6), dict(min_df=2, **S))), block("textF", W(min_df=2, **S)), block("textF0", C((1, 5), **S)),
    ],
    "BC AY, text char_wb 2-5": [
        block("titleF", W(**S)), block("titleF0", Y_CHAR), block("textF", W(min_df=2, **S)), block("textF0", C((2, 5), **S)),
    ],
    "BD AY, all blocks weight 1.25": [
        block("titleF", W(**S), 1.25), block("titleF0", Y_CHAR, 1.25), block("textF", W(min_df=2, **S), 1.25), block("textF0", C((1, 5), **S), 1.25),
    ],
}
if only:
    CONFIGS = {k: v for k, v in CONFIGS.items() if any(k.startswith(o + " ") or k == o for o in only)}

skf = StratifiedKFold(5, shuffle=True, random_state=0)
folds = list(skf.split(TEXTS["raw"], y))
with open(os.path.join(out_dir, "folds.json"), "w") as f:
    json.dump({"positions": [test.tolist() for _, test in folds], "n": int(len(y))}, f)


def vectorize(field, spec, train, test):
    analyzer, ngram, kw = spec
    extra = {"token_pattern": TOKENS} if analyzer == "word" and "token_pattern" not in kw else {}
    v = TfidfVectorizer(analyzer=analyzer, ngram_range=ngram, **extra, **kw)
    docs = TEXTS[field]
    return v.fit_transform(docs[train]), v.transform(docs[test])


def key(b):
    field, (analyzer, ngram, kw), _ = b
    return json.dumps([field, analyzer, ngram, {k: (len(v) if isinstance(v, list) else v) for k, v in sorted(kw.items())}])


def load_ours(k, part):
    prefix = os.path.join(out_dir, f"fold-{k}-{part}")
    shape = json.load(open(os.path.join(out_dir, f"fold-{k}-shape.json")))
    indptr = np.fromfile(prefix + ".indptr", dtype=np.int32)
    indices = np.fromfile(prefix + ".indices", dtype=np.int32)
    data = np.fromfile(prefix + ".data", dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, shape["nCols"]))


def run_fold(k, train, test):
    cache = {}
    out = {}
    todo = dict(CONFIGS)
    if only and "ours" in only and os.path.exists(os.path.join(out_dir, "fold-0-train.indptr")):
        todo["ours: ProductTextVectorizer defaults (TypeScript features)"] = "ours"
    for name, blocks in todo.items():
        t0 = time.perf_counter()
        if blocks == "ours":
            xtr, xte = load_ours(k, "train"), load_ours(k, "test")
        else:
            parts_tr, parts_te = [], []
            for b in blocks:
                if key(b) not in cache:
                    cache[key(b)] = vectorize(b[0], b[1], train, test)
                tr, te = cache[key(b)]
                parts_tr.append(tr * b[2])
                parts_te.append(te * b[2])
            xtr, xte = sp.hstack(parts_tr).tocsr(), sp.hstack(parts_te).tocsr()
        clf = LinearSVC(C=0.5).fit(xtr, y[train])
        out[name] = (f1_score(y[test], clf.predict(xte), average="weighted"), xtr.shape[1], time.perf_counter() - t0)
    return out


results = Parallel(n_jobs=2)(delayed(run_fold)(k, tr, te) for k, (tr, te) in enumerate(folds))
summary = []
for name in results[0]:
    scores = [r[name][0] for r in results]
    row = {
        "config": name,
        "weightedF1": round(float(np.mean(scores)), 4),
        "std": round(float(np.std(scores)), 4),
        "perFold": [round(s, 4) for s in scores],
        "nFeatures": int(np.median([r[name][1] for r in results])),
    }
    print(json.dumps(row, ensure_ascii=False))
    summary.append(row)
print()
for row in summary:
    print(f"{row['weightedF1']:.4f} ± {row['std']:.4f}  {row['nFeatures']:>8}  {row['config']}")
