"""Evaluates a model file on a labelled stack directory and writes the model card's tables and plots:

  /usr/bin/python3 models/training/evaluate.py --model models/ldse-net-20x-0.75.fp32.onnx --data DIR

Writes OUT/eval.json, OUT/eval.md (tables to paste into MODEL_CARD.md) and OUT/error_vs_z.png (the
paper's Fig. 11: error against true z), error_hist.png, error_by_kind.png and, when the int8 file sits
next to the fp32 one, fp32_vs_int8.png. The int8 model is evaluated through its torch fake-quant twin
(same scales, rounding and saturation as the QDQ graph), since this Python has no onnxruntime.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from augment import PERTURBATIONS  # noqa: E402
from checkpoint import load_inference_model  # noqa: E402
from export_onnx import read_metadata, set_metadata  # noqa: E402
from metrics import accuracy, near_focus_gain, predict  # noqa: E402
from stacks import load_stacks, split_by_stack  # noqa: E402


def _fmt(v, digits=3):
    if v is None:
        return "-"
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def table(rows: list[tuple[str, dict]], first: str) -> str:
    head = f"| {first} | n | median abs err, abs(z)<=5 (um) | RMSE abs(z)<=5 (um) | RMSE abs(z)<=10 (um) | sign acc. abs(z)>=1 |"
    lines = [head, "|---|---:|---:|---:|---:|---:|"]
    for name, m in rows:
        lines.append(f"| {name} | {m['n']} | {_fmt(m['median_abs_err_um_z5'])} | {_fmt(m['rmse_um_z5'])} | "
                     f"{_fmt(m['rmse_um_z10'])} | {_fmt(m['sign_accuracy_z1'])} |")
    return "\n".join(lines)


def by_z(pred: np.ndarray, z: np.ndarray) -> list[dict]:
    out = []
    for zz in np.unique(z):
        e = pred[z == zz] - zz
        out.append({"z_um": float(zz), "n": int(len(e)), "median_err_um": float(np.median(e)),
                    "p05_err_um": float(np.percentile(e, 5)), "p95_err_um": float(np.percentile(e, 95)),
                    "rmse_um": float(np.sqrt(np.mean(e ** 2)))})
    return out


def plots(out: str, z: np.ndarray, kinds: np.ndarray, preds: dict[str, np.ndarray], title: str) -> list[str]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    files = []
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, p in preds.items():
        rows = by_z(p, z)
        zz = [r["z_um"] for r in rows]
        ax.fill_between(zz, [r["p05_err_um"] for r in rows], [r["p95_err_um"] for r in rows], alpha=0.2)
        ax.plot(zz, [r["median_err_um"] for r in rows], "o-", ms=3, label=f"{name}: median, 5-95%")
    ax.axhline(0, color="k", lw=0.5)
    for b in (-0.25, 0.25):
        ax.axhline(b, color="grey", ls=":", lw=0.8)
    ax.set_xlabel("true z (um)")
    ax.set_ylabel("prediction error (um)")
    ax.set_title(f"{title}: error vs true z")
    ax.legend()
    fig.tight_layout()
    files.append("error_vs_z.png")
    fig.savefig(os.path.join(out, files[-1]), dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    for name, p in preds.items():
        e = (p - z)[np.abs(z) <= 5]
        ax.hist(e, bins=60, alpha=0.5, label=f"{name} (abs(z)<=5)")
    ax.set_xlabel("prediction error (um)")
    ax.set_ylabel("patches")
    ax.set_title(f"{title}: error distribution")
    ax.legend()
    fig.tight_layout()
    files.append("error_hist.png")
    fig.savefig(os.path.join(out, files[-1]), dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    names = sorted(set(kinds.tolist()))
    first = next(iter(preds.values()))
    ax.boxplot([np.abs(first - z)[(kinds == k) & (np.abs(z) <= 5)] for k in names], labels=names,
               showfliers=False)
    ax.set_ylabel("abs error, abs(z)<=5 (um)")
    ax.set_title(f"{title}: error by specimen kind ({next(iter(preds))})")
    fig.tight_layout()
    files.append("error_by_kind.png")
    fig.savefig(os.path.join(out, files[-1]), dpi=100)
    plt.close(fig)

    if len(preds) == 2:
        (n1, p1), (n2, p2) = preds.items()
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.plot(p1, p2, ".", ms=2)
        lim = [min(p1.min(), p2.min()), max(p1.max(), p2.max())]
        ax.plot(lim, lim, "k-", lw=0.5)
        ax.set_xlabel(f"{n1} prediction (um)")
        ax.set_ylabel(f"{n2} prediction (um)")
        ax.set_title(f"{title}: {n2} vs {n1}")
        fig.tight_layout()
        files.append("fp32_vs_int8.png")
        fig.savefig(os.path.join(out, files[-1]), dpi=100)
        plt.close(fig)
    return files


def write_gain(model_path: str, int8_path: str | None, gain: float | None) -> None:
    """Stores `near_focus_gain` in the fp32 model file and its int8 sibling (the int8 model shares the fp32 model's
    training, and the controller should treat both the same); refuses a model or data that gave none."""
    if not model_path.endswith(".fp32.onnx") or gain is None:
        raise SystemExit(f"--write-gain needs an .fp32.onnx model and near-focus stacks (several images within 1 um "
                         f"of focus per stack); got {os.path.basename(model_path)}, gain {gain}")
    for path in [model_path] + ([int8_path] if int8_path else []):
        m = onnx.load(path)
        meta = read_metadata(m)
        meta["near_focus_gain"] = f"{gain:.3f}"
        set_metadata(m, meta)
        onnx.save(m, path)
        print(f"near_focus_gain {gain:.3f} written to {path}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help=".fp32.onnx, .int8.onnx or .pt")
    ap.add_argument("--data", required=True, help="labelled stack directory")
    ap.add_argument("--out", help="output directory (default: <model dir>/eval-<model name>)")
    ap.add_argument("--split", choices=("all", "test"), default="all",
                    help="'all' for a held-out dataset; 'test' for the test stacks of train.py's split")
    ap.add_argument("--test-fraction", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0, help="split seed (as given to train.py)")
    ap.add_argument("--no-int8", action="store_true", help="do not also evaluate the .int8.onnx next to an fp32 file")
    ap.add_argument("--threads", type=int, default=2, help="torch CPU threads (1 is faster on a busy machine)")
    ap.add_argument("--perturb", choices=sorted(PERTURBATIONS),
                    help="alter the images first, with one part of the training augmentation at its training "
                         "strength (tone: exposure, gamma, white balance; noise; jpeg; orientation) or all of it: "
                         "how much a camera unlike the simulated one costs")
    ap.add_argument("--perturb-seed", type=int, default=0)
    ap.add_argument("--write-gain", action="store_true",
                    help="write the fp32 model's near-focus gain (held-out near-focus stacks: several images within "
                         "1 um of focus) into the metadata of the model file and its int8 sibling")
    ap.add_argument("--views", type=int, choices=(1, 4, 8), default=1,
                    help="average the model over this many views of each patch (quarter turns, and mirrored for 8), "
                         "as the box's Model:Views does")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)

    models = {}
    model, meta = load_inference_model(a.model)
    models[meta.get("precision", "fp32")] = model
    sibling = a.model.replace(".fp32.onnx", ".int8.onnx")
    if not a.no_int8 and a.model.endswith(".fp32.onnx") and os.path.exists(sibling):
        models["int8"], _ = load_inference_model(sibling)

    data = load_stacks(a.data, objective=meta.get("objective") or None)
    if a.split == "test":
        _, te = split_by_stack(data.stack_ids, a.test_fraction, a.seed)
        data = data.subset(te)
    if a.perturb:
        data.images = PERTURBATIONS[a.perturb](data.images, np.random.default_rng(a.perturb_seed))
    name = os.path.basename(a.model)
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(a.model)), "eval-" + name.split(".")[0])
    os.makedirs(out, exist_ok=True)

    preds = {k: predict(m, data.images, views=a.views) for k, m in models.items()}
    kinds = sorted(set(data.kinds.tolist()))
    result = {"model": name, "version": meta.get("version"), "objective": meta.get("objective"),
              "data": os.path.abspath(a.data), "split": a.split, "perturbation": a.perturb, "views": a.views, "patches": len(data),
              "stacks": len(set(data.stack_ids.tolist())), "overall": {}, "by_kind": {}, "by_z": {}}
    for k, p in preds.items():
        result["overall"][k] = accuracy(p, data.z_um)
        result["by_kind"][k] = {kind: accuracy(p[data.kinds == kind], data.z_um[data.kinds == kind]) for kind in kinds}
        result["by_z"][k] = by_z(p, data.z_um)
    result["near_focus_gain"] = {k: near_focus_gain(p, data.z_um, data.stack_ids) for k, p in preds.items()}
    if a.write_gain:
        write_gain(a.model, sibling if "int8" in models else None, result["near_focus_gain"].get("fp32"))
    if "int8" in preds and "fp32" in preds:
        d = preds["int8"] - preds["fp32"]
        result["int8_vs_fp32"] = {"max_abs_um": float(np.abs(d).max()), "rms_um": float(np.sqrt(np.mean(d ** 2)))}
    result["plots"] = plots(out, data.z_um, data.kinds, preds, f"{meta.get('objective', '')} {name}")

    altered = f", images altered by `--perturb {a.perturb}` (seed {a.perturb_seed})" if a.perturb else ""
    if a.views > 1:
        altered += f", each patch the mean over {a.views} views (`--views {a.views}`)"
    md = [f"Evaluated `{name}` (version `{meta.get('version')}`) on {result['stacks']} stacks, "
          f"{len(data)} patches ({a.split}) of `{os.path.basename(os.path.abspath(a.data))}`{altered}.", "",
          table([(k, v) for k, v in result["overall"].items()], "model"), ""]
    for k in preds:
        md += [f"By specimen kind ({k}):", "", table(list(result["by_kind"][k].items()), "kind"), ""]
    gains = ", ".join(f"{k} {g:.2f}" for k, g in result["near_focus_gain"].items() if g is not None)
    if gains:
        md += [f"Near-focus gain (reading per um within 1 um of focus, median over stacks): {gains}.", ""]
    if "int8_vs_fp32" in result:
        md += [f"int8 vs fp32: max abs difference {result['int8_vs_fp32']['max_abs_um']:.3f} um, "
               f"RMS {result['int8_vs_fp32']['rms_um']:.3f} um.", ""]
    md += [f"![{p}]({p})" for p in result["plots"]]
    with open(os.path.join(out, "eval.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(out, "eval.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
    print("\n".join(md))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
