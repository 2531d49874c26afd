"""Trains one objective profile's LDSE-NET end to end and writes everything the daemon and the C# tests
need (docs/contracts.md "Model file"):

  /usr/bin/python3 models/training/train.py --data DIR --objective 20x-0.75 --out models/

writes OUT/ldse-net-<objective>.fp32.onnx, .int8.onnx, .pt (checkpoint to fine-tune from),
.metrics.json, .curve.png, and OUT/fixtures/patches.png + <model file>.expected.json.

Recipe (paper 4.1): MSE loss, Adam 1e-3 with the learning rate halved when the test loss stalls,
batch 50, stop when the test loss has not fallen for --patience epochs (or at --epochs /
--time-budget-min), split 9:1 by stack_id.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from augment import augment, preprocess  # noqa: E402
from checkpoint import load_initial, save_checkpoint  # noqa: E402
from export_onnx import export_fp32, model_metadata  # noqa: E402
from fixtures import write_fixture  # noqa: E402
from ldse_net import LdseConfig, LdseNet, count_parameters, fold_for_deploy  # noqa: E402
from metrics import accuracy, evaluation_indices, graph_check_indices, predict  # noqa: E402
import onnx_numpy  # noqa: E402
from quantize import FakeQuantTwin, calibrate, calibration_batches, quantize_onnx  # noqa: E402
from stacks import StackDataset, load_stacks, split_by_stack  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="labelled stack directory (labels.csv, dataset.json, stacks/)")
    ap.add_argument("--replay", metavar="DIR",
                    help="with --init: stacks the model was trained on, mixed into the training side only, so "
                         "fine-tuning on a few new stacks adds to what the model knew instead of unlearning it; "
                         "the test split and early stopping use --data alone")
    ap.add_argument("--objective", required=True, help="objective profile name, e.g. 20x-0.75")
    ap.add_argument("--out", default="models", help="output directory (default: models)")
    ap.add_argument("--smoke", action="store_true", help="a tiny run (< 2 min) that exercises every step")
    ap.add_argument("--init", help="start from a .pt checkpoint or an fp32/int8 .onnx model (fine-tuning)")
    ap.add_argument("--epochs", type=int, default=None, help="epoch cap (default 60; smoke 3)")
    ap.add_argument("--time-budget-min", type=float, default=None,
                    help="wall-clock cap on training in minutes (default 35; smoke 0.75)")
    ap.add_argument("--threads", type=int, default=2, help="torch CPU threads (default 2)")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--lr", type=float, default=None, help="Adam learning rate (default 1e-3; 3e-4 with --init)")
    ap.add_argument("--patience", type=int, default=6, help="epochs without test-loss improvement before stopping")
    ap.add_argument("--steps-per-epoch", type=int, default=None,
                    help="cap on batches per epoch (default: a full pass; smoke 8)")
    ap.add_argument("--test-fraction", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-stacks", type=int, default=None, help="use only the first N stacks of labels.csv")
    ap.add_argument("--calib-images", type=int, default=256, help="training patches for int8 calibration")
    ap.add_argument("--version", default=None, help="model version (default DATE+GITSHA, '-smoke' added with --smoke)")
    ap.add_argument("--no-fixture", action="store_true", help="do not write models/fixtures files")
    a = ap.parse_args(argv)
    if a.epochs is None:
        a.epochs = 3 if a.smoke else 60
    if a.time_budget_min is None:
        a.time_budget_min = 0.75 if a.smoke else 35.0
    if a.steps_per_epoch is None and a.smoke:
        a.steps_per_epoch = 8
    if a.smoke:
        a.calib_images = min(a.calib_images, 64)
    if a.lr is None:
        a.lr = 3e-4 if a.init else 1e-3
    if not (0 < a.test_fraction < 1):
        ap.error(f"--test-fraction {a.test_fraction}: must be between 0 and 1")
    if a.batch < 2:
        ap.error(f"--batch {a.batch}: must be at least 2 (batch norm)")
    return a


def default_version(smoke: bool) -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], capture_output=True, text=True,
                             cwd=os.path.dirname(os.path.abspath(__file__)), check=False).stdout.strip()
    except OSError:
        sha = ""
    v = dt.datetime.now(dt.timezone.utc).strftime("%Y.%m.%d") + ("-smoke" if smoke else "")
    return v + (f"+{sha}" if sha else "")


def batches(n: int, size: int, rng: np.random.Generator, limit: int | None):
    order = rng.permutation(n)
    out = [order[i:i + size] for i in range(0, n - size + 1, size)] or [order]
    return out[:limit] if limit else out


@torch.no_grad()
def test_loss(model: LdseNet, data: StackDataset, cap: int = 1000) -> float:
    idx = np.linspace(0, len(data) - 1, min(cap, len(data))).astype(int)
    pred = predict(model, data.images[idx])
    scale = float(model.out_scale)
    return float(np.mean(((pred - data.z_um[idx]) / scale) ** 2))


def train(model: LdseNet, tr: StackDataset, te: StackDataset, a: argparse.Namespace, log=print) -> dict:
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2)
    scale = float(model.out_scale)
    hist = {"epoch": [], "train_loss": [], "test_loss": [], "lr": [], "seconds": []}
    best = (float("inf"), None, -1)
    t0 = time.time()
    deadline = t0 + a.time_budget_min * 60
    step_time, step_images = 0.0, 0
    stale = 0
    pool = ThreadPoolExecutor(max_workers=1)

    def prepare(idx):
        # Augmentation runs in a thread (numpy and PIL release the GIL) while torch trains on the last batch.
        return preprocess(augment(tr.images[idx], aug_rng)), torch.from_numpy(tr.z_um[idx] / scale).view(-1, 1)

    aug_rng = np.random.default_rng(a.seed + 1)
    out_of_time = False
    for epoch in range(1, a.epochs + 1):
        model.train()
        plan = batches(len(tr), a.batch, rng, a.steps_per_epoch)
        fut = pool.submit(prepare, plan[0])
        losses = []
        for k in range(len(plan)):
            x, y = fut.result()
            if k + 1 < len(plan):
                fut = pool.submit(prepare, plan[k + 1])
            ts = time.time()
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model.forward_normalized(x), y)
            loss.backward()
            opt.step()
            if epoch > 1 or k >= 2:  # the first steps warm up allocators
                step_time += time.time() - ts
                step_images += len(y)
            losses.append(float(loss))
            if time.time() > deadline:
                out_of_time = True
                if k + 1 < len(plan):
                    fut.result()
                break
        tl = test_loss(model, te)
        sched.step(tl)
        hist["epoch"].append(epoch)
        hist["train_loss"].append(float(np.mean(losses)))
        hist["test_loss"].append(tl)
        hist["lr"].append(opt.param_groups[0]["lr"])
        hist["seconds"].append(round(time.time() - t0, 1))
        log(f"epoch {epoch:3d}  train {hist['train_loss'][-1]:.5f}  test {tl:.5f}  "
            f"(rmse {np.sqrt(tl) * scale:.2f} um)  lr {hist['lr'][-1]:.1e}  {time.time() - t0:.0f}s")
        if tl < best[0] - 1e-5:
            best = (tl, {k: v.clone() for k, v in model.state_dict().items()}, epoch)
            stale = 0
        else:
            stale += 1
        if stale >= a.patience:
            log(f"stopping: test loss has not fallen for {a.patience} epochs")
            break
        if out_of_time:
            log(f"stopping: time budget of {a.time_budget_min:g} min reached")
            break
    pool.shutdown()
    if best[1] is not None:
        model.load_state_dict(best[1])
    hist["best_epoch"] = best[2]
    hist["train_images_per_s"] = round(step_images / step_time, 1) if step_time else None
    hist["train_seconds"] = round(time.time() - t0, 1)
    return hist


def plot_curve(hist: dict, path: str, title: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.semilogy(hist["epoch"], hist["train_loss"], "o-", label="train (augmented)")
    ax.semilogy(hist["epoch"], hist["test_loss"], "s-", label="test")
    if hist.get("best_epoch", -1) > 0:
        ax.axvline(hist["best_epoch"], color="grey", ls=":", label="kept")
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE of z / z_range")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None) -> int:
    a = parse_args(argv)
    torch.set_num_threads(a.threads)
    t_start = time.time()
    os.makedirs(a.out, exist_ok=True)
    log = lambda s: print(s, flush=True)  # noqa: E731

    data = load_stacks(a.data, objective=a.objective, max_stacks=a.max_stacks)
    tr_idx, te_idx = split_by_stack(data.stack_ids, a.test_fraction, a.seed)
    if len(te_idx) == 0:
        raise SystemExit(f"--data {a.data}: needs at least 2 stacks to split train/test by stack")
    tr, te = data.subset(tr_idx), data.subset(te_idx)
    summary = data.summary()
    if a.replay:
        if not a.init:
            raise SystemExit("--replay needs --init: it keeps a trained model's knowledge while fine-tuning")
        replay = load_stacks(a.replay, objective=a.objective)
        tr = tr.concat(replay, "replay")
        summary["replay"] = {"stacks": int(len(set(replay.stack_ids.tolist()))), "patches": len(replay),
                             "kinds": sorted(set(replay.kinds.tolist()))}
        log(f"replay: {summary['replay']['stacks']} stacks, {len(replay)} patches from {a.replay} on the training side")
    z_range = float(summary["range_um"])
    log(f"data: {summary['stacks']} stacks, {len(data)} patches ({len(tr)} train / {len(te)} test, "
        f"split by stack), load {time.time() - t_start:.0f}s")

    init_info = None
    if a.init:
        model, init_info = load_initial(a.init)
        if init_info.get("objective") not in (None, a.objective):
            log(f"note: --init model was trained for {init_info['objective']}, fine-tuning for {a.objective}")
        # the output saturates at the --init model's scale, whatever range the new stacks span: that is the
        # range the daemon must read "at least this far" at (z_range_um)
        if float(model.out_scale) != z_range:
            log(f"note: the stacks span +-{z_range:g} um; the model keeps its +-{float(model.out_scale):g} um output range")
            z_range = float(model.out_scale)
    else:
        torch.manual_seed(a.seed)
        model = LdseNet(LdseConfig(out_scale_um=z_range))
    params = count_parameters(model)
    log(f"model: LDSE-NET, {params} parameters")

    hist = train(model, tr, te, a, log)
    model.eval()
    dep = fold_for_deploy(model)

    base = os.path.join(a.out, f"ldse-net-{a.objective}")
    version = a.version or default_version(a.smoke)
    td = dict(summary, train_stacks=len(set(tr.stack_ids.tolist())), test_stacks=len(set(te.stack_ids.tolist())),
              split=f"by stack_id {1 - a.test_fraction:.1f}:{a.test_fraction:.1f} seed {a.seed}",
              smoke=bool(a.smoke), init=os.path.basename(a.init) if a.init else None,
              epochs=len(hist["epoch"]))
    fine_tuned_from = f"{os.path.basename(a.init)}@{init_info.get('version') or 'unknown'}" if init_info else None
    meta = model_metadata(a.objective, data.pixel_size_um, z_range, "fp32", version, td, fine_tuned_from)
    fp32_path, int8_path = base + ".fp32.onnx", base + ".int8.onnx"
    fp32 = export_fp32(dep, fp32_path, meta)

    spec = calibrate(dep, calibration_batches(tr.images, a.seed, a.calib_images))
    q = quantize_onnx(fp32, spec)
    onnx.save(q, int8_path)
    twin = FakeQuantTwin(dep, spec)

    ev = te.subset(evaluation_indices(len(te), a.smoke))
    p32, p8 = predict(dep, ev.images), predict(twin, ev.images)
    # The exported graph itself, run by the numpy interpreter on a few test patches.
    few = te.images[graph_check_indices(len(te))]
    onnx_fp32 = onnx_numpy.run(fp32, {"image": preprocess(few).numpy()})["defocus_um"].reshape(-1)
    onnx_int8 = onnx_numpy.run(q, {"image": preprocess(few).numpy()})["defocus_um"].reshape(-1)
    ref32, ref8 = predict(dep, few), predict(twin, few)

    ckpt = base + ".pt"
    save_checkpoint(ckpt, model, objective=a.objective, version=version, pixel_size_um=data.pixel_size_um,
                    z_range_um=z_range)
    metrics = {
        "objective": a.objective, "version": version, "smoke": bool(a.smoke),
        "parameters": params, "deploy_parameters": count_parameters(dep),
        "fp32_bytes": os.path.getsize(fp32_path), "int8_bytes": os.path.getsize(int8_path),
        "training_data": td, "threads": a.threads, "batch": a.batch, "lr": a.lr,
        "history": hist,
        "test_fp32": accuracy(p32, ev.z_um), "test_int8": accuracy(p8, ev.z_um),
        "int8_vs_fp32_max_abs_um": float(np.max(np.abs(p8 - p32))),
        "int8_vs_fp32_rms_um": float(np.sqrt(np.mean((p8 - p32) ** 2))),
        "onnx_fp32_vs_torch_max_abs_um": float(np.max(np.abs(onnx_fp32 - ref32))),
        "onnx_int8_vs_twin_max_abs_um": float(np.max(np.abs(onnx_int8 - ref8))),
        "files": [os.path.basename(p) for p in (fp32_path, int8_path, ckpt)],
    }
    if not a.no_fixture:
        fixture_dir = os.path.join(a.out, "fixtures")
        metrics["fixture"] = write_fixture(fixture_dir, te, {os.path.basename(fp32_path): dep,
                                                             os.path.basename(int8_path): twin})
    plot_curve(hist, base + ".curve.png", f"LDSE-NET {a.objective}{' (smoke)' if a.smoke else ''}")
    metrics["total_seconds"] = round(time.time() - t_start, 1)
    with open(base + ".metrics.json", "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2)
    log(f"wrote {fp32_path} ({metrics['fp32_bytes']} B), {int8_path} ({metrics['int8_bytes']} B), {ckpt}")
    log(f"test fp32 {json.dumps(metrics['test_fp32'])}")
    log(f"test int8 {json.dumps(metrics['test_int8'])}")
    log(f"train {hist['train_images_per_s']} images/s at batch {a.batch} on {a.threads} threads; "
        f"total {metrics['total_seconds']:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
