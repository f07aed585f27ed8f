"""The pair features of many candidate pairs at once, over arrays.

`scoring.features` computes one pair's features in Python; linking a large archive scores tens
of millions of pairs, so the same features are computed here for a whole batch of pairs with
numpy (dates, places, figures, types) and sparse row products (word and name cosines, shared
place words and actors). Both give the same numbers (tests/link/test_arrays.py holds them
together); the pair-by-pair version stays for the odd pair scored on demand.
"""
from __future__ import annotations

import math
import multiprocessing
from collections.abc import Iterable
from datetime import date

import numpy as np
from scipy import sparse

from .mention import Prepared, has_coords
from .rules import Rules
from .scoring import FAR_KM, FEATURES, YEAR, PairModel

COLUMN = {name: k for k, name in enumerate(FEATURES)}
BATCH = 200_000  # pairs per batch: a few hundred MB of temporaries at most


def ids(values: Iterable) -> np.ndarray:
    """Equal values, equal ids (None is a value like any other)."""
    seen: dict = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


def _rows(bags: list, weighted: bool) -> sparse.csr_matrix:
    """One sparse row per mention: a word's weight (or 1 for a member of a set)."""
    vocab: dict = {}
    indptr, indices, data = [0], [], []
    for bag in bags:
        items = bag.items() if weighted else ((k, 1.0) for k in bag)
        for key, value in items:
            indices.append(vocab.setdefault(key, len(vocab)))
            data.append(value)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(data, dtype=float), np.array(indices, dtype=np.int64),
                              np.array(indptr, dtype=np.int64)), shape=(len(bags), max(1, len(vocab))))


def _dot(m: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Row i · row j for each pair."""
    return np.asarray(m[i].multiply(m[j]).sum(axis=1)).ravel()


def _dot_by(m: sparse.csr_matrix, group: np.ndarray, first: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """`_dot` for rows that are equal within a group (a document's words are on each of its
    mentions' rows): each pair of groups is computed once, on its first rows, and shared by its
    pairs of mentions. The same rows, so the same sums."""
    n = len(first)
    key = group[i] * n + group[j]
    pairs, back = np.unique(key, return_inverse=True)
    return _dot(m, first[pairs // n], first[pairs % n])[back]


def _gap(a_lo, a_hi, b_lo, b_hi) -> np.ndarray:
    return np.maximum(0.0, np.maximum(b_lo - a_hi, a_lo - b_hi))


class MentionArrays:
    """Every prepared mention's fields as columns, built once per linking run."""

    def __init__(self, prepared: list[Prepared], rules: Rules):
        self.rules = rules
        nan = math.nan
        types = sorted({p.type for p in prepared})
        type_id = {t: k for k, t in enumerate(types)}
        self.type = np.array([type_id[p.type] for p in prepared], dtype=np.int64)
        self.compatible = np.array([[rules.compatible(a, b) for b in types] for a in types], dtype=bool)

        def column(get) -> np.ndarray:
            return np.array([nan if (v := get(p)) is None else v for p in prepared], dtype=float)

        self.lo, self.hi = column(lambda p: p.lo), column(lambda p: p.hi)
        self.pub_lo, self.pub_hi = column(lambda p: p.pub_lo), column(lambda p: p.pub_hi)
        self.stated = np.array([p.stated for p in prepared], dtype=bool)
        days = [date.fromordinal(p.lo) if p.lo is not None else None for p in prepared]
        self.year = np.array([d.year if d else 0 for d in days], dtype=np.int64)
        self.month = np.array([d.month if d else 0 for d in days], dtype=np.int64)
        self.day = np.array([d.day if d else 0 for d in days], dtype=np.int64)
        located = [has_coords(p) for p in prepared]
        self.located = np.array(located, dtype=bool)
        self.lat = np.radians(np.array([p.lat if ok else 0.0 for p, ok in zip(prepared, located)], dtype=float))
        self.lon = np.radians(np.array([p.lon if ok else 0.0 for p, ok in zip(prepared, located)], dtype=float))
        self.places = _rows([p.place_words for p in prepared], weighted=False)
        self.n_places = np.array([len(p.place_words) for p in prepared], dtype=float)
        width = max((len(p.counts) for p in prepared), default=0) or 1
        self.counts = np.full((len(prepared), width), nan)
        for k, p in enumerate(prepared):
            self.counts[k, :len(p.counts)] = sorted(p.counts)
        self.counted = np.array([bool(p.counts) for p in prepared], dtype=bool)
        self.categories = _rows([p.categories for p in prepared], weighted=False)
        self.n_categories = np.array([len(p.categories) for p in prepared], dtype=float)
        self.agents = _rows([p.agents for p in prepared], weighted=False)
        self.names = _rows([p.names for p in prepared], weighted=True)
        self.words = _rows([p.words for p in prepared], weighted=True)
        self.heading = _rows([p.heading for p in prepared], weighted=True)
        self.doc_words = _rows([p.doc_words for p in prepared], weighted=True)
        self.doc_neutral = _rows([p.doc_neutral for p in prepared], weighted=True)
        self.language = ids(p.language for p in prepared)
        self.document = ids(p.document for p in prepared)
        # each document's first mention: its row of the per-document matrices stands for all of them
        self.first_of_document = np.full(int(self.document.max()) + 1 if len(prepared) else 0, -1, dtype=np.int64)
        self.first_of_document[self.document[::-1]] = np.arange(len(prepared) - 1, -1, -1)
        self.source = np.array([-1 if not p.source else s for p, s in
                                zip(prepared, ids(p.source for p in prepared))], dtype=np.int64)
        self.story = ids(p.story for p in prepared)
        self.background = np.array([p.background for p in prepared], dtype=bool)
        self.settings = np.array([p.settings for p in prepared], dtype=np.int64)
        self.exact = ~np.isnan(self.lo) & (self.lo == self.hi)

    def only_year_differs(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        dated = ~np.isnan(self.lo[i]) & ~np.isnan(self.lo[j])
        return dated & (self.year[i] != self.year[j]) & (self.month[i] == self.month[j]) & \
            (~self.exact[i] | ~self.exact[j] | (self.day[i] == self.day[j]))

    def vetoed(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """`scoring.veto` for each pair: same document and type, or two days read far apart."""
        same = (self.document[i] == self.document[j]) & (self.type[i] == self.type[j])
        with np.errstate(invalid="ignore"):
            far = _gap(self.lo[i], self.hi[i], self.lo[j], self.hi[j]) > self.rules.stated_dates_apart_days
        days = self.stated[i] & self.stated[j] & self.exact[i] & self.exact[j]
        return same | (days & far & ~self.only_year_differs(i, j))

    def features(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The (pairs × FEATURES) matrix of `scoring.features` for the pairs (i[k], j[k])."""
        rules = self.rules
        f = np.zeros((len(i), len(FEATURES)))

        def put(name, values):
            f[:, COLUMN[name]] = values

        put("same_type", self.type[i] == self.type[j])
        put("type_family", self.compatible[self.type[i], self.type[j]])
        lo_i, hi_i, lo_j, hi_j = self.lo[i], self.hi[i], self.lo[j], self.hi[j]
        dated = ~np.isnan(lo_i) & ~np.isnan(lo_j)
        with np.errstate(invalid="ignore"):
            put("both_dated", dated)
            put("date_gap", np.where(dated, np.log1p(np.nan_to_num(_gap(lo_i, hi_i, lo_j, hi_j))) / YEAR, 0.0))
            width = np.maximum(hi_i - lo_i, hi_j - lo_j)
            put("date_width", np.where(dated, np.log1p(np.nan_to_num(width)) / YEAR, 0.0))
            both_stated = dated & self.stated[i] & self.stated[j]
            put("both_stated", both_stated)
            oyd = self.only_year_differs(i, j)
            put("only_year_differs", oyd)
            put("stated_days_apart", both_stated & self.exact[i] & self.exact[j]
                & (np.abs(lo_i - lo_j) >= 7) & ~oyd)
            pub_lo_i, pub_hi_i, pub_lo_j, pub_hi_j = self.pub_lo[i], self.pub_hi[i], self.pub_lo[j], self.pub_hi[j]
            i_dated, j_dated = ~np.isnan(lo_i), ~np.isnan(lo_j)
            vs = ~dated & ((i_dated & ~np.isnan(pub_lo_j)) | (j_dated & ~np.isnan(pub_lo_i)))
            put("dated_vs_published", vs)
            # the dated one against the other's publication, less the look-back
            d_lo, d_hi = np.where(i_dated, lo_i, lo_j), np.where(i_dated, hi_i, hi_j)
            o_lo, o_hi = np.where(i_dated, pub_lo_j, pub_lo_i), np.where(i_dated, pub_hi_j, pub_hi_i)
            gap = _gap(d_lo, d_hi, o_lo - rules.published_lookback_days, o_hi)
            put("published_gap_vs_date", np.where(vs, np.log1p(np.nan_to_num(gap)) / YEAR, 0.0))
            published = ~np.isnan(pub_lo_i) & ~np.isnan(pub_lo_j)
            put("both_published", published)
            put("published_gap", np.where(published, np.log1p(np.nan_to_num(
                _gap(pub_lo_i, pub_hi_i, pub_lo_j, pub_hi_j))) / YEAR, 0.0))
        put("undated_any", ~dated)

        located = self.located[i] & self.located[j]
        lat_i, lat_j = self.lat[i], self.lat[j]
        h = np.sin((lat_j - lat_i) / 2) ** 2 + np.cos(lat_i) * np.cos(lat_j) * np.sin((self.lon[j] - self.lon[i]) / 2) ** 2
        km = 12742 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        put("both_located", located)
        put("distance", np.where(located, np.minimum(1.0, np.log1p(km) / FAR_KM), 0.0))
        put("near", located & (km <= rules.near_km))
        put("far", located & (km > rules.far_km))

        placed = (self.n_places[i] > 0) & (self.n_places[j] > 0)
        shared = _dot(self.places, i, j)
        union = self.n_places[i] + self.n_places[j] - shared
        put("place_words", np.where(placed, shared / np.maximum(union, 1.0), 0.0))
        put("place_contained", placed & (shared > 0) & ((shared == self.n_places[i]) | (shared == self.n_places[j])))
        put("place_unknown", ~placed)

        counted = self.counted[i] & self.counted[j]
        a, b = self.counts[i][:, :, None], self.counts[j][:, None, :]
        with np.errstate(invalid="ignore"):
            same_figure = (a == b).any(axis=(1, 2))
            close = (np.abs(a - b) <= np.maximum(1.0, 0.2 * np.maximum(a, b))).any(axis=(1, 2))
        put("both_counted", counted)
        put("count_shared", counted & same_figure)
        put("count_close", counted & ~same_figure & close)
        put("count_apart", counted & ~same_figure & ~close)

        acted = (self.n_categories[i] > 0) & (self.n_categories[j] > 0)
        common = _dot(self.categories, i, j)
        put("actors", np.where(acted, common / np.maximum(self.n_categories[i] + self.n_categories[j] - common, 1.0), 0.0))
        put("agents_shared", _dot(self.agents, i, j) > 0)

        same_language = self.language[i] == self.language[j]
        other_document = self.document[i] != self.document[j]
        names = _dot(self.names, i, j)
        put("names", names)
        put("names_cross_language", np.where(same_language, 0.0, names))
        put("wording", np.where(same_language, _dot(self.words, i, j), 0.0))
        both = same_language & other_document
        doc, first = self.document, self.first_of_document
        put("heading", np.where(both, _dot_by(self.heading, doc, first, i, j), 0.0))
        put("document_wording", np.where(both, _dot_by(self.doc_words, doc, first, i, j), 0.0))
        put("document_names", np.where(other_document, _dot_by(self.doc_neutral, doc, first, i, j), 0.0))
        put("same_document", ~other_document)
        put("same_source", (self.source[i] >= 0) & (self.source[i] == self.source[j]))
        put("same_story", self.story[i] == self.story[j])
        put("background", self.background[i] | self.background[j])
        si, sj = self.settings[i], self.settings[j]
        put("setting_apart", (si != 0) & (sj != 0) & ((si & sj) == 0))
        return f

    def probabilities(self, i: np.ndarray, j: np.ndarray, model: PairModel, workers: int = 1) -> np.ndarray:
        """The model's probability for each pair (i[k], j[k]), 0 where a veto holds."""
        return self._probabilities(len(i), lambda a, b: (i[a:b], j[a:b]), model, workers)

    def code_probabilities(self, codes: np.ndarray, n: int, model: PairModel, workers: int = 1) -> np.ndarray:
        """The same for pairs given as codes i * n + j: split a batch at a time, so the whole
        list is never held as two more arrays."""
        return self._probabilities(len(codes), lambda a, b: np.divmod(codes[a:b], n), model, workers)

    def _probabilities(self, count: int, pairs, model: PairModel, workers: int) -> np.ndarray:
        """In batches; with `workers` > 1 the batches are shared among forked processes, which
        read these arrays without copying them. The same batches, so the same numbers."""
        global _TASK
        out = np.empty(count)
        # the figure comparison is pairs × figures × figures: smaller batches for long lists
        batch = max(1_000, min(BATCH, 20_000_000 // self.counts.shape[1] ** 2))
        starts = range(0, count, batch)
        if workers > 1 and len(starts) > 1 and "fork" in multiprocessing.get_all_start_methods():
            _TASK = (self, pairs, model, batch)
            try:
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    for start, p in zip(starts, pool.imap(_batch_task, starts)):
                        out[start:start + len(p)] = p
            finally:
                _TASK = None
        else:
            for start in starts:
                out[start:start + batch] = self.batch_probabilities(*pairs(start, start + batch), model)
        return out

    def batch_probabilities(self, i: np.ndarray, j: np.ndarray, model: PairModel) -> np.ndarray:
        z = self.features(i, j) @ np.array(model.weights) + model.bias
        p = 1.0 / (1.0 + np.exp(-np.maximum(z, -30.0)))
        p[z < -30] = 0.0
        p[self.vetoed(i, j)] = 0.0
        return p


_TASK = None  # (arrays, pairs, model, batch) of the scoring run the forked workers serve


def _batch_task(start: int) -> np.ndarray:
    arrays, pairs, model, batch = _TASK
    return arrays.batch_probabilities(*pairs(start, start + batch), model)
