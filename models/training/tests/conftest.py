import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# One thread: on a shared machine OpenMP workers spin-waiting for a busy core cost more than they give.
torch.set_num_threads(1)


@pytest.fixture(scope="session")
def tiny_stacks(tmp_path_factory):
    """Four synthetic stacks of five 224x224 images (z = -4..4 µm) in the contract's format."""
    from synthetic import write_dataset
    root = str(tmp_path_factory.mktemp("stacks"))
    return write_dataset(root, objective="20x-0.75", stacks=4, range_um=4.0, step_um=2.0, seed=3)


@pytest.fixture(scope="session")
def smoke_run(tiny_stacks, tmp_path_factory):
    """train.py end to end (--smoke, one short epoch) into a temporary models directory."""
    import train
    out = str(tmp_path_factory.mktemp("models"))
    rc = train.main(["--data", tiny_stacks, "--objective", "20x-0.75", "--out", out, "--smoke",
                     "--epochs", "1", "--steps-per-epoch", "1", "--calib-images", "8", "--version", "test-smoke",
                     "--threads", "1"])
    assert rc == 0
    return out
