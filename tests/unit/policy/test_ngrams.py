"""The learned reader's character n-gram view: hashing, sparse rows, the regression, the mix."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from policy import ngrams, semantic, training
from policy.semantic import SemanticModel, load_model


def test_a_text_hashes_to_the_same_buckets_in_any_case_and_disguise() -> None:
    plain = ngrams.buckets("it cures pain")
    assert np.array_equal(plain, ngrams.buckets("it cures pain"))  # stable across calls
    assert np.array_equal(plain, ngrams.buckets("IT  Cures pain"))  # case and spacing
    assert plain.min() >= 0 and plain.max() < 2**ngrams.BITS
    assert np.array_equal(np.unique(plain), plain)  # each bucket once
    disguised = ngrams.vectors(["It cur3s pain"])
    assert np.array_equal(disguised.columns, ngrams.vectors(["It cures pain"]).columns)
    assert len(ngrams.buckets("ab")) == 3  # " ab", "ab " and " ab "
    assert len(ngrams.buckets("")) == 0


def test_sparse_rows_multiply_and_select_like_a_dense_matrix() -> None:
    rows = ngrams.vectors(["ceramic mug", "", "steel bottle, 750 ml", "mug"])
    dense = np.zeros((rows.rows, 2**ngrams.BITS), np.float32)
    for r in range(rows.rows):
        span = slice(rows.starts[r], rows.starts[r + 1])
        dense[r, rows.columns[span]] = rows.values[span]
    assert np.allclose(np.linalg.norm(dense, axis=1), [1, 0, 1, 1], atol=1e-5)
    weights = np.random.default_rng(0).normal(size=(2**ngrams.BITS, 3)).astype(np.float32)
    assert np.allclose(rows.dot(weights), dense @ weights, atol=1e-4)
    picked = rows.take(np.array([3, 1, 0]))
    assert np.allclose(picked.dot(weights), (dense @ weights)[[3, 1, 0]], atol=1e-4)


def test_fit_learns_the_words_of_a_family_and_a_masked_family_learns_nothing() -> None:
    bad = [f"this tea cures {w} for good" for w in ("pain", "flu", "acne", "gout", "colds")]
    good = [f"this tea tastes of {w} and honey" for w in ("mint", "lemon", "pear", "fig", "plum")]
    x = ngrams.vectors(bad + good)
    y = np.zeros((10, 2), np.float32)
    y[:5, 0] = 1
    y[::2, 1] = 1
    mask = np.ones_like(y)
    mask[:, 1] = 0
    weights, bias = ngrams.fit(x, y, mask)
    unseen = ngrams.vectors(["our tea cures asthma", "our tea tastes of apple"])
    p = ngrams.probabilities(unseen, weights, bias)
    assert p[0, 0] > 0.5 > p[1, 0]
    assert np.allclose(weights[:, 1], 0) and bias[1] == pytest.approx(0, abs=1e-3)


def test_a_model_with_the_ngram_view_mixes_the_views_and_survives_a_save(tmp_path: Path) -> None:
    model = load_model()
    assert model.grams is not None and model.grams[0].shape == (2**ngrams.BITS, 10)
    network = np.full((1, 10), 0.2, np.float32)
    seen = ngrams.probabilities(ngrams.vectors(["Ceramic mug"]), *model.grams)
    share = semantic.NETWORK_SHARE
    mixed = share * network + (1 - share) * seen
    assert np.allclose(model.combine(network, ["Ceramic mug"]), mixed)
    alone = SemanticModel(model.families, model.hidden, model.output, model.thresholds)
    assert np.array_equal(alone.combine(network, ["Ceramic mug"]), network)
    model.save(tmp_path / "m.npz")
    again = load_model(tmp_path / "m.npz")
    assert again.grams is not None and np.allclose(again.grams[0], model.grams[0], atol=1e-3)
    alone.save(tmp_path / "alone.npz")
    assert load_model(tmp_path / "alone.npz").grams is None
    assert (Path(training.__file__).with_name("semantic-model.npz").stat().st_size
            < 10 * 2**20)


def test_leave_one_set_out_scores_each_set_by_a_reader_that_never_saw_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(training, "STEPS", 50)
    monkeypatch.setattr(ngrams, "STEPS", 20)
    texts = {
        "health": "This herbal tea cures {} in a week.",
        "urgency": "Only {} minutes left, buy now or lose it forever!",
        "": "A ceramic mug in {} glaze, 350 ml.",
    }
    paths = []
    for n in range(3):
        lines = [json.dumps({"id": f"{family}{n}{k}", "lang": "en",
                             "text": text.format(f"{word}{n}{k}"),
                             "expect": [family] if family else []})
                 for family, text in texts.items() for k, word in enumerate(("ab", "cd", "ef"))]
        paths.append(tmp_path / f"set{n}.jsonl")
        paths[-1].write_text("\n".join(lines) + "\n")
    results = training.leave_one_set_out(paths[:1], paths[1:])
    assert [name for name, _, _ in results] == ["set1", "set2"]
    for _, rules, whole in results:
        assert set(rules) <= set(training.FAMILIES) and set(whole) <= set(training.FAMILIES)
