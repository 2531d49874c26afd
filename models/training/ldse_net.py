"""LDSE-NET (Front. Neurosci. 2023, section 3.2): a small DenseNet with Tanh activations, a Tanh-gated
squeeze-excitation module after the last dense block, global average pooling and one regression output.

Sized for an edge board: about 60k parameters, so the int8 file stays under 100 KB.
"""
from __future__ import annotations

import copy
from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class LdseConfig:
    stem_channels: int = 16
    growth: tuple[int, ...] = (12, 16, 16)
    layers: tuple[int, ...] = (3, 3, 3)
    # Which composite layers use Tanh instead of ReLU ("some of the activation functions are replaced
    # with Tanh"): the first layer of a block sees raw concatenated features and keeps ReLU.
    tanh_from_layer: int = 1
    compression: float = 0.5
    se_reduction: int = 8
    # Targets are regressed as z / out_scale_um during training so the loss is O(1); export folds the
    # scale into the last layer so the ONNX output is in µm.
    out_scale_um: float = 10.0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["growth"] = list(self.growth)
        d["layers"] = list(self.layers)
        return d

    @staticmethod
    def from_dict(d: dict) -> "LdseConfig":
        d = dict(d)
        d["growth"] = tuple(d["growth"])
        d["layers"] = tuple(d["layers"])
        return LdseConfig(**d)


def _act(name: str) -> nn.Module:
    return nn.Tanh() if name == "tanh" else nn.ReLU(inplace=False)


class DenseLayer(nn.Module):
    """BN - activation - 3x3 conv composite (pre-activation); output concatenated to its input."""

    def __init__(self, cin: int, growth: int, act: str):
        super().__init__()
        self.bn = nn.BatchNorm2d(cin)
        self.act = _act(act)
        self.conv = nn.Conv2d(cin, growth, 3, padding=1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([x, self.conv(self.act(self.bn(x)))], 1)


class Transition(nn.Module):
    """BN - Tanh - 1x1 conv - 2x2 average pool (Fig. 8)."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.bn = nn.BatchNorm2d(cin)
        self.act = nn.Tanh()
        self.conv = nn.Conv2d(cin, cout, 1, bias=False)
        self.pool = nn.AvgPool2d(2, count_include_pad=False)  # exports as one AveragePool, no Pad

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(self.conv(self.act(self.bn(x))))


class SqueezeExcitation(nn.Module):
    """Eq. 8-10 with the paper's Tanh gate. The two FC layers are 1x1 convs on the pooled [N,C,1,1]
    tensor, which keeps the exported graph free of Reshape/Shape ops."""

    def __init__(self, channels: int, reduction: int):
        super().__init__()
        hidden = max(4, channels // reduction)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, hidden, 1)
        self.relu = nn.ReLU()
        self.fc2 = nn.Conv2d(hidden, channels, 1)
        self.gate = nn.Tanh()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gate(self.fc2(self.relu(self.fc1(self.pool(x)))))


class LdseNet(nn.Module):
    def __init__(self, config: LdseConfig = LdseConfig()):
        super().__init__()
        self.config = config
        c = config.stem_channels
        self.stem_conv = nn.Conv2d(3, c, 7, stride=2, padding=3, bias=False)
        self.stem_bn = nn.BatchNorm2d(c)
        self.stem_act = nn.ReLU()
        self.stem_pool = nn.MaxPool2d(3, stride=2, padding=1)
        stages: list[nn.Module] = []
        for b, (growth, n) in enumerate(zip(config.growth, config.layers)):
            layers = []
            for i in range(n):
                layers.append(DenseLayer(c, growth, "tanh" if i >= config.tanh_from_layer else "relu"))
                c += growth
            stages.append(nn.Sequential(*layers))
            if b < len(config.growth) - 1:
                cout = int(c * config.compression)
                stages.append(Transition(c, cout))
                c = cout
        self.features = nn.Sequential(*stages)
        self.final_bn = nn.BatchNorm2d(c)
        self.final_act = nn.ReLU()
        self.se = SqueezeExcitation(c, config.se_reduction)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten(1)
        self.fc = nn.Linear(c, 1)
        self.register_buffer("out_scale", torch.tensor(float(config.out_scale_um)))
        self._init()

    def _init(self) -> None:
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
        nn.init.zeros_(self.fc.bias)
        nn.init.normal_(self.fc.weight, std=0.01)

    def forward_normalized(self, x: torch.Tensor) -> torch.Tensor:
        """Output in units of out_scale_um (what the loss sees)."""
        x = self.stem_pool(self.stem_act(self.stem_bn(self.stem_conv(x))))
        x = self.final_act(self.final_bn(self.features(x)))
        x = self.se(x)
        return self.fc(self.flatten(self.pool(x)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Defocus in µm, [N,1]."""
        return self.forward_normalized(x) * self.out_scale


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


class DeployLdseNet(nn.Module):
    """The graph that is exported: the stem BN folded into the stem conv (which gains a bias) and the
    µm output scale folded into the FC layer. Parameter names match the exported initializer names."""

    def __init__(self, config: LdseConfig = LdseConfig()):
        super().__init__()
        src = LdseNet(config)
        self.config = config
        self.stem_conv = nn.Conv2d(3, config.stem_channels, 7, stride=2, padding=3, bias=True)
        self.stem_act = src.stem_act
        self.stem_pool = src.stem_pool
        self.features = src.features
        self.final_bn = src.final_bn
        self.final_act = src.final_act
        self.se = src.se
        self.pool = src.pool
        self.flatten = src.flatten
        self.fc = src.fc

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem_pool(self.stem_act(self.stem_conv(x)))
        x = self.final_act(self.final_bn(self.features(x)))
        x = self.se(x)
        return self.fc(self.flatten(self.pool(x)))


@torch.no_grad()
def fold_for_deploy(model: LdseNet) -> DeployLdseNet:
    """Eval-mode equivalent of `model` with BN folded where a conv directly precedes it.

    The pre-activation BNs (BN -> act -> conv) cannot be folded: an activation sits between them and the
    conv, and each sees a concatenation that other layers also read."""
    model = copy.deepcopy(model).eval()
    dep = DeployLdseNet(model.config).eval()
    dep.load_state_dict(
        {k: v for k, v in model.state_dict().items()
         if not k.startswith(("stem_conv.", "stem_bn.", "out_scale"))}, strict=False)
    bn = model.stem_bn
    std = torch.sqrt(bn.running_var + bn.eps)
    g = bn.weight / std
    dep.stem_conv.weight.copy_(model.stem_conv.weight * g[:, None, None, None])
    dep.stem_conv.bias.copy_(bn.bias - bn.running_mean * g)
    s = model.out_scale
    dep.fc.weight.copy_(model.fc.weight * s)
    dep.fc.bias.copy_(model.fc.bias * s)
    return dep


@torch.no_grad()
def unfold_from_deploy(dep_state: dict[str, torch.Tensor], config: LdseConfig) -> LdseNet:
    """Training model equivalent to a deploy state dict (used to fine-tune from a shipped ONNX file)."""
    model = LdseNet(config)
    rest = {k: v for k, v in dep_state.items()
            if not k.startswith(("stem_conv.", "fc."))}
    model.load_state_dict(rest, strict=False)  # stem and fc are set below
    model.stem_conv.weight.copy_(dep_state["stem_conv.weight"])
    bn = model.stem_bn
    bn.weight.fill_(1.0)
    bn.bias.copy_(dep_state["stem_conv.bias"])
    bn.running_mean.zero_()
    bn.running_var.fill_(1.0 - bn.eps)
    s = model.out_scale
    model.fc.weight.copy_(dep_state["fc.weight"] / s)
    model.fc.bias.copy_(dep_state["fc.bias"] / s)
    return model


__all__ = ["LdseConfig", "LdseNet", "DeployLdseNet", "fold_for_deploy", "unfold_from_deploy",
           "count_parameters"]
