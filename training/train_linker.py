"""Train the pairwise linking model on the annotated corpora, with grouped cross-validation.

    python training/train_linker.py [--shared ../shared] [--work DIR] [--reuse] [--check]

Stages:
  1. analyse both corpora (`counterpoint ingest` into one SQLite store under --work) and read
     the mentions the way `counterpoint link` reads them;
  2. label each mention with the gold incidents its sentence overlaps, as
     ../shared/eval/incidents_score.py places it;
  3. candidate pairs from the linker's own blocking, and their recall of gold same-incident pairs;
  4. grouped 5-fold cross-validation over incident clusters (eval/folds.py): a logistic
     regression trained on the pairs of four folds scores every candidate pair, all mentions are
     clustered with it, and the held-out fold's gold events are scored (pairwise and B-cubed),
     with their pairs to the other folds' events, so a false merge across folds counts;
     a grid of thresholds is tried and the one at the middle of the plateau kept;
  5. Platt calibration fitted on the out-of-fold probabilities, composed with the model trained
     on every fold, written to counterpoint/link/pair_model.json with its report beside it
     (pair_model.md).

Deterministic: same analysis, same model. `--reuse` keeps the store of an earlier run (skip
stage 1); `--check` trains and reports without writing the model.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import folds as folds_mod  # noqa: E402

from counterpoint.link import clustering, placement_confidence  # noqa: E402
from counterpoint.link.blocking import candidate_pairs  # noqa: E402
from counterpoint.link.mention import prepare  # noqa: E402
from counterpoint.link.pairs import PairScores  # noqa: E402
from counterpoint.link.rules import load_rules  # noqa: E402
from counterpoint.link.scoring import FEATURES, MODEL_PATH, PairModel, features, veto  # noqa: E402

THRESHOLDS = [0.02, 0.04, 0.06, 0.08] + [round(0.05 * k, 2) for k in range(2, 17)]  # 0.02 .. 0.80
AVERAGE_RATIOS = (0.6, 0.8, 1.0)  # average-linkage threshold as a share of the pair threshold
LANGS = ("en", "fr", "all")
C = 1.0  # inverse regularisation strength of the logistic regression (standardised features)


# -- 1. analysis ------------------------------------------------------------------------------
def analysed_mentions(shared: Path, work: Path, reuse: bool) -> list[dict]:
    db = work / "train.db"
    if not (reuse and db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        inputs = []
        for name in folds_mod.CORPORA:
            inp = work / f"{name}.jsonl"
            inp.write_text(subprocess.run([sys.executable, shared / "eval" / "make_input.py", "--corpus",
                                           shared / name], capture_output=True, text=True, check=True).stdout)
            inputs.append(inp)
        done = subprocess.run([sys.executable, "-m", "counterpoint", "ingest", *inputs, "--db", db],
                              capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise SystemExit(f"ingest failed:\n{done.stderr[-3000:]}")
    from counterpoint.store import IncidentStore, Store

    return IncidentStore(Store(str(db))).mentions()


# -- 2. gold ------------------------------------------------------------------------------------
def gold_events(shared: Path) -> list[dict]:
    """Gold events that belong to an incident: document, incident, evidence, language, corpus."""
    out = []
    for name in folds_mod.CORPORA:
        for gold, doc in folds_mod.annotated(shared / name):
            for e in gold["events"]:
                if e.get("incident"):
                    out.append({"document": gold["id"], "incident": e["incident"], "evidence": e["evidence"],
                                "language": doc["language"], "corpus": name})
    return out


def gold_count(c: dict) -> dict:
    return {"min": c.get("min"), "max": c.get("max"), "approximate": bool(c.get("approximate"))}


def gold_mentions(shared: Path, analysed: list[dict]) -> list[dict]:
    """Every gold event as a mention (clean type, date, place and counts), for augmentation:
    pairs of these teach the model what agreeing dates, places and figures mean, which the
    noisy analysed mentions alone teach weakly. Coordinates come from an analysed mention of
    the same document naming the same place."""
    coords = {}
    lead = {}
    for m in analysed:
        doc = str(m["document"]).split("~")[0]
        if m.get("place") and m.get("lat") is not None:
            coords.setdefault((doc, m["place"].lower()), (m["lat"], m["lon"]))
        lead.setdefault(doc, (m.get("title"), m.get("lead")))
    out = []
    for name in folds_mod.CORPORA:
        for gold, doc in folds_mod.annotated(shared / name):
            title, text = lead.get(gold["id"], (None, doc["text"][:400]))
            for n, e in enumerate(gold["events"]):
                parts, cas, totals = [], [], {}
                for c in e.get("counts") or []:
                    if c["what"] == "participants":
                        parts.append({"role": "participant", "category": c["category"], "count": gold_count(c)})
                    else:
                        cas.append({"what": c["what"], "category": c["category"], "count": gold_count(c)})
                        totals.setdefault(c["what"], gold_count(c))
                lat, lon = coords.get((gold["id"], (e.get("place") or "").lower()), (None, None))
                out.append({"key": f"gold:{gold['id']}#{n}", "document": gold["id"], "source": doc.get("outlet"),
                            "published": gold.get("published"), "language": doc.get("language"),
                            "type": e["type"], "sentence": e["evidence"][0], "evidence": e["evidence"][1:],
                            "date": e.get("date"), "date_stated": bool(e.get("date")), "place": e.get("place"),
                            "lat": lat, "lon": lon, "participants": parts, "casualties": cas,
                            "killed": totals.get("killed"), "injured": totals.get("injured"),
                            "arrested": totals.get("arrested"), "title": title, "lead": text,
                            "incident": e.get("incident")})
    return out


def place_gold(mentions: list[dict], gold: list[dict], overlaps) -> list[set[int]]:
    """For each gold event, the mentions it is placed on (same document, overlapping sentence)."""
    by_doc = defaultdict(list)
    for i, m in enumerate(mentions):
        by_doc[str(m["document"]).split("~")[0]].append(i)
    return [{i for i in by_doc[g["document"]]
             if any(overlaps(mentions[i].get("sentence") or "", ev) for ev in g["evidence"])} for g in gold]


def mention_labels(n: int, gold: list[dict], placed: list[set[int]]) -> list[set[str]]:
    labels = [set() for _ in range(n)]
    for g, where in zip(gold, placed):
        for i in where:
            labels[i].add(g["incident"])
    return labels


def pair_label(i: int, j: int, labels, cluster_of) -> int | None:
    """1 same incident, 0 different, None unknown. A mention no gold incident covers is not one
    of the clusters' incidents, so it differs from the incidents of every other cluster."""
    a, b = labels[i], labels[j]
    if a and b:
        return 1 if a & b else 0
    if a and cluster_of[j] not in a:
        return 0
    if b and cluster_of[i] not in b:
        return 0
    return None


# -- 3. pairs -----------------------------------------------------------------------------------
def candidate_matrix(prepared, rules):
    pairs, rows, vetoed = [], [], []
    for i, j in candidate_pairs(prepared, rules):
        pairs.append((i, j))
        rows.append(features(prepared[i], prepared[j], rules))
        vetoed.append(veto(prepared[i], prepared[j], rules) is not None)
    return pairs, np.array(rows, dtype=float), np.array(vetoed)


def candidate_recall(mentions, labels, pairs, vetoed, corpus_of) -> dict:
    """Share of gold same-incident pairs (mentions of different documents) that blocking
    proposes, and of those that no certain veto (two days read in the texts far apart) stops."""
    proposed = set(pairs)
    reached = {p for p, v in zip(pairs, vetoed) if not v}
    out = {}
    for name in (*folds_mod.CORPORA, "all"):
        total = hit = seen = 0
        idx = [i for i in range(len(mentions)) if labels[i] and (name == "all" or corpus_of[i] == name)]
        for i, j in itertools.combinations(idx, 2):
            if mentions[i]["document"] == mentions[j]["document"] or not labels[i] & labels[j]:
                continue
            total += 1
            seen += (i, j) in proposed
            hit += (i, j) in reached
        out[name] = {"gold_pairs": total, "proposed": seen, "recall": round(seen / total, 4) if total else None,
                     "reached": hit, "not_vetoed": round(hit / total, 4) if total else None}
    return out


# -- 4. model and evaluation --------------------------------------------------------------------
def fit(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features, returned on the raw features."""
    scaler = StandardScaler().fit(X)
    lr = LogisticRegression(C=C, max_iter=5000).fit(scaler.transform(X), y)
    w = lr.coef_[0] / scaler.scale_
    b = float(lr.intercept_[0] - np.sum(lr.coef_[0] * scaler.mean_ / scaler.scale_))
    return w, b


def probabilities(X: np.ndarray, w: np.ndarray, b: float, vetoed: np.ndarray) -> np.ndarray:
    z = np.clip(X @ w + b, -30, 30)
    return np.where(vetoed, 0.0, 1 / (1 + np.exp(-z)))


def cluster_with(prepared, rules, pairs, probs, w, b, threshold, average_threshold, cache, with_groups=False):
    """Mention index -> group id, clustering every mention with one model."""
    def score(i, j):
        key = (i, j)
        if key not in cache:
            a, c = prepared[i], prepared[j]
            cache[key] = 0.0 if veto(a, c, rules) else float(
                1 / (1 + math.exp(-max(-30, min(30, float(np.dot(features(a, c, rules), w) + b))))))
        return cache[key]

    pair_array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    known = PairScores(len(prepared), pair_array[:, 0], pair_array[:, 1], np.asarray(probs, dtype=float))
    groups = clustering.Groups(prepared, rules, known, score)
    members = clustering.cluster(groups, threshold, average_threshold, {}, [], [])
    owner = {}
    for g, ms in enumerate(members):
        for i in ms:
            owner[i] = g
    if with_groups:
        return owner, groups, members
    return owner


def placement_examples(owner, groups, members, labels, fold_of, k, documents):
    """(raw placement score, placed right) for the labelled mentions of fold k. Right: in a
    group, sharing a gold incident with most of its other labelled members; alone, no mention of
    another document shares its gold incident."""
    by_label = defaultdict(set)
    for i, ls in enumerate(labels):
        for label in ls:
            by_label[label].add(i)
    out = []
    for ms in members:
        for i in ms:
            if fold_of[i] != k or not labels[i]:
                continue
            raw, _ = placement_confidence(i, ms, groups)
            others = [j for j in ms if j != i and labels[j]]
            if others:
                right = sum(bool(labels[i] & labels[j]) for j in others) * 2 >= len(others)
            elif len(ms) > 1:
                continue  # joined only unlabelled mentions: unknown
            else:
                right = not any(documents[j] != documents[i] for label in labels[i] for j in by_label[label])
            out.append((raw, int(right)))
    return out


def score_events(gold, placed, owner, keep, held) -> dict:
    """Pairwise (as incidents_score.py) and B-cubed figures over the gold events `keep` selects,
    as a held-out fold sees them: every pair with an event of the fold (`held`), including
    pairs with events of the other folds, so a held-out report merged into an incident of
    another fold counts as the false link it is. A pair across two folds is seen from both,
    at half weight each."""
    idx = [k for k in range(len(gold)) if keep(gold[k])]
    where = {k: {owner[i] for i in placed[k]} for k in idx}
    tp = fp = fn = 0.0
    for k, l in itertools.combinations(idx, 2):
        if gold[k]["document"] == gold[l]["document"]:
            continue
        seen = held(gold[k]) + held(gold[l])
        if not seen:
            continue
        weight = seen / 2
        same_gold = gold[k]["incident"] == gold[l]["incident"]
        same_pred = bool(where[k] & where[l])
        tp += weight * (same_gold and same_pred)
        fn += weight * (same_gold and not same_pred)
        fp += weight * ((not same_gold) and same_pred)
    bp = br = 0.0
    n = 0
    for k in idx:
        if not held(gold[k]):
            continue
        n += 1
        pred = {l for l in idx if l == k or where[k] & where[l]}
        true = {l for l in idx if gold[l]["incident"] == gold[k]["incident"]}
        both = len(pred & true)
        bp += both / len(pred)
        br += both / len(true)
    return {"tp": tp, "fp": fp, "fn": fn, "b3_p_sum": bp, "b3_r_sum": br, "events": n}


def held_out_errors(gold, placed, owner, groups, prepared, k) -> list[dict]:
    """The gold event pairs fold k gets wrong (as score_events counts them), each with its
    likely cause: for a missed pair, an event no mention covers, a constraint that kept the
    groups apart, or a weak link; for a false link, the strongest pair between the two."""
    def describe(i):
        p = prepared[i]
        return {"type": p.type, "lo": p.lo, "stated": p.stated,
                "place": p.place_words and sorted(p.place_words)[:3], "background": p.background}

    out = []
    for a, c in itertools.combinations(range(len(gold)), 2):
        ga, gc = gold[a], gold[c]
        seen = (ga["fold"] == k) + (gc["fold"] == k)
        if ga["document"] == gc["document"] or not seen:
            continue
        same_gold = ga["incident"] == gc["incident"]
        same_pred = bool({owner[i] for i in placed[a]} & {owner[i] for i in placed[c]})
        if same_gold == same_pred:
            continue
        pairs = [(i, j) for i in placed[a] for j in placed[c]]
        best = max(pairs, key=lambda ij: groups.p(*ij), default=None)
        if not same_gold:
            cause = "false link"
        elif not placed[a] or not placed[c]:
            cause = "no mention"
        else:
            cause = groups.why_not(best[0], best[1], None) or "weak"
            if cause == "same group":
                cause = "weak"
        out.append({"error": "false link" if not same_gold else "missed", "cause": cause,
                    "weight": seen / 2, "documents": [ga["document"], gc["document"]],
                    "incidents": [ga["incident"], gc["incident"]],
                    "best_p": round(groups.p(*best), 3) if best else None,
                    "mentions": [describe(best[0]) if best else None, describe(best[1]) if best else None]})
    return out


def figures(counts: dict) -> dict:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    n = counts["events"] or 1
    bp, br = counts["b3_p_sum"] / n, counts["b3_r_sum"] / n
    return {"pair_p": round(p, 3), "pair_r": round(r, 3), "pair_f1": round(2 * p * r / (p + r) if p and r else 0.0, 3),
            "b3_p": round(bp, 3), "b3_r": round(br, 3), "b3_f1": round(2 * bp * br / (bp + br) if bp and br else 0.0, 3),
            "pairs_gold": round(tp + fn), "events": counts["events"]}


def add(into: dict, more: dict) -> None:
    for k, v in more.items():
        into[k] = into.get(k, 0) + v


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=folds_mod.SHARED)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "counterpoint-train-linker")
    ap.add_argument("--reuse", action="store_true", help="reuse the analysed store of an earlier run")
    ap.add_argument("--check", action="store_true", help="report only; do not write the model")
    ap.add_argument("--errors", type=Path, default=None,
                    help="write the held-out linking errors at the chosen setting to this file (JSON lines)")
    ap.add_argument("--augment", action="store_true",
                    help="add gold events as mentions to the training folds (measured worse on analysed mentions)")
    args = ap.parse_args()
    shared = args.shared.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    overlaps = folds_mod.load_scorer(shared).overlaps
    rules = load_rules()

    mentions = sorted(analysed_mentions(shared, args.work, args.reuse), key=lambda m: str(m["key"]))
    prepared = prepare(mentions, rules)
    gold = gold_events(shared)
    placed = place_gold(mentions, gold, overlaps)
    labels = mention_labels(len(mentions), gold, placed)
    groups_of_doc = folds_mod.groups(shared)
    fold_of_doc = folds_mod.folds(shared)
    base = [str(m["document"]).split("~")[0] for m in mentions]
    cluster_of = [groups_of_doc.get(d, f"solo:{d}") for d in base]
    fold_of = [fold_of_doc.get(d, folds_mod.fold_of_group(f"solo:{d}")) for d in base]
    corpus_of = ["corpus" if d.startswith("v") else "train" for d in base]
    for g in gold:
        g["fold"] = fold_of_doc[g["document"]]

    pairs, X, vetoed = candidate_matrix(prepared, rules)
    recall = candidate_recall(mentions, labels, pairs, vetoed, corpus_of)
    y_all = [pair_label(i, j, labels, cluster_of) for i, j in pairs]
    known = np.array([v is not None for v in y_all]) & ~vetoed
    y = np.array([v if v is not None else -1 for v in y_all])
    fi = np.array([fold_of[i] for i, _ in pairs])
    fj = np.array([fold_of[j] for _, j in pairs])
    print(f"{len(mentions)} mentions, {len(gold)} gold events ({sum(bool(p) for p in placed)} placed), "
          f"{len(pairs)} candidate pairs, {int(known.sum())} labelled ({int((y[known] == 1).sum())} positive)",
          file=sys.stderr)
    print(f"candidate recall: {json.dumps(recall)}", file=sys.stderr)

    # augmentation: pairs of gold events as mentions, in their own batch, labelled directly
    if not args.augment:
        GX, gy, gfi, gfj = np.zeros((0, X.shape[1])), np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    else:
        gms = sorted(gold_mentions(shared, mentions), key=lambda m: m["key"])
        gprep = prepare(gms, rules)
        gpairs, GX, gvetoed = candidate_matrix(gprep, rules)
        gdoc = [m["document"] for m in gms]
        glab = [({m["incident"]} if m["incident"] else set()) for m in gms]
        gcl = [groups_of_doc.get(d, f"solo:{d}") for d in gdoc]
        gy_all = [pair_label(i, j, glab, gcl) for i, j in gpairs]
        keep = np.array([v is not None for v in gy_all], dtype=bool) & ~gvetoed
        GX = GX[keep]
        gy = np.array([v for v, k in zip(gy_all, keep) if k], dtype=int)
        gfi = np.array([fold_of_doc.get(gdoc[i], 0) for (i, _), k in zip(gpairs, keep) if k], dtype=int)
        gfj = np.array([fold_of_doc.get(gdoc[j], 0) for (_, j), k in zip(gpairs, keep) if k], dtype=int)
        print(f"augmentation: {len(gms)} gold mentions, {len(gy)} labelled pairs ({int(gy.sum())} positive)",
              file=sys.stderr)

    def training_set(mask, gmask):
        return np.vstack([X[mask], GX[gmask]]), np.concatenate([y[mask], gy[gmask]])

    # grouped cross-validation: fold k's model never saw a pair with a mention of fold k
    K = folds_mod.K
    oof = np.full(len(pairs), np.nan)
    models = []
    grid: dict[tuple, dict] = {}
    per_fold: dict[tuple, dict] = {}
    for k in range(K):
        train = known & (fi != k) & (fj != k)
        w, b = fit(*training_set(train, (gfi != k) & (gfj != k)))
        models.append((w, b))
        held = (fi == k) | (fj == k)
        first = held & np.isnan(oof)
        oof[first] = probabilities(X, w, b, vetoed)[first]
        print(f"fold {k}: trained on {int(train.sum())} pairs", file=sys.stderr)

    # Platt calibration on the out-of-fold probabilities; the folds' models are clustered
    # calibrated, as the shipped model is, so the threshold chosen is the one it will use
    labelled = known & ~np.isnan(oof)
    logit = np.log(np.clip(oof[labelled], 1e-6, 1 - 1e-6) / (1 - np.clip(oof[labelled], 1e-6, 1 - 1e-6)))
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(logit.reshape(-1, 1), y[labelled])
    slope, shift = float(platt.coef_[0][0]), float(platt.intercept_[0])
    models = [(slope * w, slope * b + shift) for w, b in models]
    for k, (w, b) in enumerate(models):
        probs = probabilities(X, w, b, vetoed)
        cache: dict = {}
        for t in THRESHOLDS:
            for ratio in AVERAGE_RATIOS:
                owner = cluster_with(prepared, rules, pairs, probs, w, b, t, round(t * ratio, 3), cache)
                for lang in LANGS:
                    for corpus in (*folds_mod.CORPORA, "both"):
                        got = score_events(gold, placed, owner,
                                           lambda g: (lang == "all" or g["language"] == lang)
                                           and (corpus == "both" or g["corpus"] == corpus),
                                           lambda g: g["fold"] == k)
                        add(grid.setdefault((t, ratio, lang, corpus), {}), got)
                        per_fold[(t, ratio, lang, corpus, k)] = got

    def f1_of(t, ratio, lang="all", corpus="both"):
        return figures(grid[(t, ratio, lang, corpus)])["pair_f1"]

    # the plateau: each setting judged with its neighbours, so the choice is not at a cliff
    smoothed = {}
    for ratio in AVERAGE_RATIOS:
        for n, t in enumerate(THRESHOLDS):
            near = THRESHOLDS[max(0, n - 1):n + 2]
            smoothed[(t, ratio)] = sum(f1_of(x, ratio) for x in near) / len(near)
    t_best, ratio_best = max(smoothed, key=lambda k: (round(smoothed[k], 4), -abs(k[0] - 0.5), k[1]))
    best_f1 = f1_of(t_best, ratio_best)
    plateau = [t for t in THRESHOLDS if f1_of(t, ratio_best) >= best_f1 - 0.02]

    # placement confidence: raw scores of held-out mentions against whether they were placed right
    examples, errors = [], []
    documents = [str(m["document"]) for m in mentions]
    for k, (w, b) in enumerate(models):
        probs = probabilities(X, w, b, vetoed)
        owner, groups, members = cluster_with(prepared, rules, pairs, probs, w, b, t_best,
                                              round(t_best * ratio_best, 3), {}, with_groups=True)
        examples += placement_examples(owner, groups, members, labels, fold_of, k, documents)
        if args.errors:
            errors += held_out_errors(gold, placed, owner, groups, prepared, k)
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as out:
            for e in errors:
                out.write(json.dumps(e, ensure_ascii=False) + "\n")
        causes = defaultdict(float)
        for e in errors:
            causes[(e["error"], e["cause"])] += e["weight"]
        for (error, cause), n in sorted(causes.items(), key=lambda t: -t[1]):
            print(f"held-out {error}: {cause}: {n:g} pairs", file=sys.stderr)
    raw = np.array([r for r, _ in examples])
    right = np.array([c for _, c in examples])
    raw_logit = np.log(np.clip(raw, 1e-6, 1 - 1e-6) / (1 - np.clip(raw, 1e-6, 1 - 1e-6)))
    placement = LogisticRegression(C=1e6, max_iter=1000).fit(raw_logit.reshape(-1, 1), right)
    placement_cal = (float(placement.coef_[0][0]), float(placement.intercept_[0]))
    placed_p = 1 / (1 + np.exp(-(placement_cal[0] * raw_logit + placement_cal[1])))
    placement_table = calibration_table(placed_p, right)

    # the calibration, composed with the model trained on everything
    w_all, b_all = fit(*training_set(known, np.ones(len(gy), dtype=bool)))
    weights = slope * w_all
    bias = slope * b_all + shift
    calibrated_oof = 1 / (1 + np.exp(-(slope * logit + shift)))
    reliability = calibration_table(calibrated_oof, y[labelled])
    brier_raw = float(np.mean((oof[labelled] - y[labelled]) ** 2))
    brier = float(np.mean((calibrated_oof - y[labelled]) ** 2))

    model = {
        "about": "Calibrated logistic regression over counterpoint.link.scoring.FEATURES "
                 "(p = 1/(1+exp(-(weights·x + bias)))). Trained by training/train_linker.py; see pair_model.md.",
        "features": list(FEATURES),
        "weights": [round(float(v), 6) for v in weights],
        "bias": round(float(bias), 6),
        "threshold": t_best,
        "average_threshold": round(t_best * ratio_best, 3),
        "weak_below": 0.5,
        "placement_calibration": [round(v, 6) for v in placement_cal],
        "trained_on": {"mentions": len(mentions), "pairs": int(known.sum()),
                       "positive": int((y[known] == 1).sum()), "gold_event_pairs": int(len(gy)),
                       "gold_event_positive": int(gy.sum())},
    }
    report = render_report(model, recall, grid, per_fold, smoothed, t_best, ratio_best, plateau,
                           reliability, brier_raw, brier, slope, shift, models, len(mentions), len(gold),
                           sum(bool(p) for p in placed), len(pairs), placement_table, float(right.mean()))
    print(report)
    if not args.check:
        MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        MODEL_PATH.with_suffix(".md").write_text(report, encoding="utf-8")
        print(f"wrote {MODEL_PATH} and {MODEL_PATH.with_suffix('.md')}", file=sys.stderr)


def calibration_table(p: np.ndarray, y: np.ndarray) -> list[tuple]:
    rows = []
    for lo in np.arange(0, 1, 0.1):
        sel = (p >= lo) & (p < lo + 0.1 + (1e-9 if lo >= 0.9 else 0))
        if sel.any():
            rows.append((round(float(lo), 1), int(sel.sum()), round(float(p[sel].mean()), 3), round(float(y[sel].mean()), 3)))
    return rows


def render_report(model, recall, grid, per_fold, smoothed, t_best, ratio_best, plateau, reliability,
                  brier_raw, brier, slope, shift, models, n_mentions, n_gold, n_placed, n_pairs,
                  placement_table, placed_right) -> str:
    K = folds_mod.K
    out = ["# Pairwise linking model: training report", "",
           f"Written by `python training/train_linker.py` on {date.today().isoformat()}. Do not edit by hand.", "",
           "## Data", "",
           f"- Both annotated corpora (`../shared/corpus`, `../shared/train`) analysed by the current rules "
           f"(`counterpoint ingest`), read as `counterpoint link` reads them: {n_mentions} mentions.",
           f"- {n_gold} gold events belong to an incident; {n_placed} of them are placed on a mention "
           "(same document, sentence overlapping the gold evidence, as `incidents_score.py` does).",
           f"- {n_pairs} candidate pairs from the linker's blocking; {model['trained_on']['pairs']} labelled "
           f"({model['trained_on']['positive']} same incident). A pair is labelled when both mentions carry a "
           "gold incident, or when one does and the other's document belongs to another cluster.",
           f"- Augmentation: every gold event as a mention (clean type, date, place, counts), blocked and labelled "
           f"the same way: {model['trained_on']['gold_event_pairs']} labelled pairs "
           f"({model['trained_on']['gold_event_positive']} same incident), in the training folds only. "
           "Cross-validated figures are always on analysed mentions.", "",
           "## Candidate recall (blocking)", "",
           "Gold same-incident pairs of mentions from different documents that blocking proposes for "
           "scoring (recall), and those of them no certain veto stops (two days read in the texts more "
           "than `stated_dates_apart_days` apart: a misread date):", "",
           "| corpus | gold pairs | proposed | recall | not vetoed | share |", "|---|---|---|---|---|---|"]
    for name, r in recall.items():
        out.append(f"| {name} | {r['gold_pairs']} | {r['proposed']} | {r['recall']} | {r['reached']} | "
                   f"{r['not_vetoed']} |")
    out += ["", "## Features and weights", "",
            "Logistic regression (scikit-learn, standardised features, C = 1), weights below on the raw "
            "features after calibration:", "", "| feature | weight |", "|---|---|"]
    for name, w in zip(model["features"], model["weights"]):
        out.append(f"| {name} | {w:+.3f} |")
    out.append(f"| (bias) | {model['bias']:+.3f} |")
    out += ["", "## Grouped cross-validation", "",
            f"{K} folds of whole incident clusters (`eval/folds.py`). For each fold, the model is trained on the "
            "labelled pairs with no mention in that fold, every mention is clustered with it, and the gold events "
            "of the held-out fold are scored: pairwise over events of different documents (as "
            "`incidents_score.py`) and B-cubed. A pair counts when one of its events is held out, so a held-out "
            "report merged into another fold's incident is a false link; a pair across two folds is seen by "
            "both folds' models, at half weight each. Pooled over the folds:", "",
            f"Chosen: pair threshold **{t_best}**, average-linkage threshold **{model['average_threshold']}** "
            f"({ratio_best} × threshold).", "",
            "| corpus | language | pair P | pair R | pair F1 | B³ P | B³ R | B³ F1 | gold pairs |",
            "|---|---|---|---|---|---|---|---|---|"]
    for corpus in (*folds_mod.CORPORA, "both"):
        for lang in LANGS:
            f = figures(grid[(t_best, ratio_best, lang, corpus)])
            out.append(f"| {corpus} | {lang} | {f['pair_p']} | {f['pair_r']} | {f['pair_f1']} | {f['b3_p']} | "
                       f"{f['b3_r']} | {f['b3_f1']} | {f['pairs_gold']} |")
    out += ["", "Per fold (both corpora; at the chosen thresholds):", "",
            "| fold | language | pair P | pair R | pair F1 | B³ F1 | gold pairs |", "|---|---|---|---|---|---|---|"]
    for k in range(K):
        for lang in LANGS:
            f = figures(per_fold[(t_best, ratio_best, lang, "both", k)])
            out.append(f"| {k} | {lang} | {f['pair_p']} | {f['pair_r']} | {f['pair_f1']} | {f['b3_f1']} | "
                       f"{f['pairs_gold']} |")
    out += ["", "## Threshold and its plateau", "",
            "Pair F1 (both corpora, both languages, pooled over folds) per pair threshold and average-linkage "
            "ratio; the choice maximises the mean of each threshold and its two neighbours, so it sits on a "
            "plateau rather than at a cliff.", "",
            "| threshold | " + " | ".join(f"ratio {r}" for r in AVERAGE_RATIOS) + " | smoothed (chosen ratio) |",
            "|---|" + "---|" * (len(AVERAGE_RATIOS) + 1)]
    for t in THRESHOLDS:
        cells = [f"{figures(grid[(t, r, 'all', 'both')])['pair_f1']:.3f}" for r in AVERAGE_RATIOS]
        out.append(f"| {t} | " + " | ".join(cells) + f" | {smoothed[(t, ratio_best)]:.3f} |")
    out += ["", f"Plateau (pair F1 within 0.02 of the chosen setting's): thresholds {plateau[0]} to {plateau[-1]}."
            if plateau else "", "",
            "## Calibration", "",
            f"Platt scaling fitted on the out-of-fold probabilities (slope {slope:.3f}, shift {shift:+.3f}) and "
            f"composed into the weights above. Brier score out of fold: {brier_raw:.4f} before, {brier:.4f} after.",
            "", "| predicted | pairs | mean predicted | observed same incident |", "|---|---|---|---|"]
    for lo, n, mean_p, obs in reliability:
        out.append(f"| {lo:.1f}–{lo + 0.1:.1f} | {n} | {mean_p} | {obs} |")
    out += ["", "## Confidence", "",
            "Each mention's placement has a raw score: the average pair probability with the other members of its "
            "incident (alone: one minus its strongest candidate's). On the held-out folds, a labelled mention is placed "
            "right when it shares a gold incident with most of the other labelled members of its incident (alone: "
            "when no other document reports its gold incident); a Platt mapping fitted on those examples "
            f"(slope {model['placement_calibration'][0]:.3f}, shift {model['placement_calibration'][1]:+.3f}) turns "
            f"the raw score into the `confidence` of the placement ({placed_right:.3f} of held-out placements are "
            "right). An incident's confidence is the mean of its mentions'; below "
            f"{model['weak_below']} it is marked `weak`.", "",
            "| confidence | mentions | mean confidence | placed right |", "|---|---|---|---|"]
    for lo, n, mean_p, obs in placement_table:
        out.append(f"| {lo:.1f}–{lo + 0.1:.1f} | {n} | {mean_p} | {obs} |")
    out += ["",
            "## Rerun", "", "```", "python training/train_linker.py     # about 3 minutes on 2 CPUs", "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
