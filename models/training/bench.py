"""Training-step throughput at batch 50 (forward, backward, Adam), to size a training run:

  /usr/bin/python3 models/training/bench.py --threads 2 --steps 6
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ldse_net import LdseNet  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--steps", type=int, default=6)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = LdseNet().train()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    x, y = torch.randn(a.batch, 3, 224, 224), torch.randn(a.batch, 1) * 0.5
    times = []
    for i in range(a.steps + 2):
        t = time.perf_counter()
        opt.zero_grad()
        torch.nn.functional.mse_loss(model.forward_normalized(x), y).backward()
        opt.step()
        if i >= 2:  # warm-up steps excluded
            times.append(time.perf_counter() - t)
    rate = a.batch * len(times) / sum(times)
    print(f"{rate:.1f} images/s (batch {a.batch}, {a.threads} threads, median step {sorted(times)[len(times) // 2]:.2f}s, "
          f"load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
