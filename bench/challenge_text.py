"""What the scikit-learn references read: a challenge-layout folder's labelled products as the reference pipeline's text.

Each row's designation and description, HTML tags stripped and lower-cased (the reference the issues name), and its
product type code, in the file's order.
"""
import csv
import re

import numpy as np

TAG = re.compile(r"<[^>]+>")


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_challenge_text(data_dir):
    """(text, y): numpy arrays of the reference's text and the codes, for X_train_update.csv and Y_train_CVw08PX.csv."""
    rows = read_rows(f"{data_dir}/X_train_update.csv")
    codes = {r[""]: int(r["prdtypecode"]) for r in read_rows(f"{data_dir}/Y_train_CVw08PX.csv")}
    y = np.array([codes[r[""]] for r in rows])
    text = np.array([TAG.sub(" ", r["designation"] + " " + r["description"]).lower() for r in rows], dtype=object)
    return text, y
