import numpy as np
import pytest
import torch

from ldse_net import DeployLdseNet, LdseNet, count_parameters, fold_for_deploy, unfold_from_deploy


def _warm_bn(model: LdseNet) -> None:
    # Non-trivial BN statistics, so folding is actually exercised.
    model.train()
    with torch.no_grad():
        model(torch.randn(6, 3, 224, 224) * 0.7 + 0.2)
    model.eval()


@pytest.mark.parametrize("n", [1, 3])
def test_output_shape_is_n_by_1(n):
    torch.manual_seed(0)
    model = LdseNet().eval()
    with torch.no_grad():
        y = model(torch.randn(n, 3, 224, 224))
    assert y.shape == (n, 1)
    assert torch.isfinite(y).all()


def test_architecture_follows_the_paper_and_fits_the_size_budget():
    model = LdseNet()
    assert model.stem_conv.kernel_size == (7, 7) and model.stem_conv.stride == (2, 2)
    assert model.stem_conv.padding == (3, 3)
    assert model.stem_pool.kernel_size == 3 and model.stem_pool.stride == 2
    assert any(isinstance(m, torch.nn.Tanh) for m in model.features.modules())
    assert isinstance(model.se.gate, torch.nn.Tanh)
    # fp32 <= 300 KB and int8 <= 100 KB need roughly <= 70k parameters.
    assert 20_000 < count_parameters(model) <= 70_000


def test_folded_deploy_graph_computes_the_same_microns():
    torch.manual_seed(1)
    model = LdseNet()
    _warm_bn(model)
    dep = fold_for_deploy(model)
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        np.testing.assert_allclose(dep(x).numpy(), model(x).numpy(), rtol=1e-4, atol=1e-4)


def test_unfold_inverts_fold():
    torch.manual_seed(2)
    model = LdseNet()
    _warm_bn(model)
    dep = fold_for_deploy(model)
    back = unfold_from_deploy(dep.state_dict(), model.config).eval()
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        np.testing.assert_allclose(back(x).numpy(), model(x).numpy(), rtol=1e-4, atol=1e-4)
    assert isinstance(dep, DeployLdseNet)


def test_a_few_adam_steps_lower_the_loss(tiny_stacks):
    from augment import preprocess
    from stacks import load_stacks
    data = load_stacks(tiny_stacks)
    torch.manual_seed(0)
    model = LdseNet(LdseNet().config).train()
    # 96x96 crops: the net is fully convolutional and this keeps the test fast on a loaded machine.
    x = preprocess(data.images[::2, 64:160, 64:160])
    y = torch.from_numpy(data.z_um[::2] / 4.0).view(-1, 1)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(12):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model.forward_normalized(x), y)
        loss.backward()
        opt.step()
        losses.append(float(loss))
    assert min(losses[-3:]) < 0.8 * losses[0], losses
