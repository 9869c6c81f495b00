#!/usr/bin/env python3
"""Replays a traced SwAV run in plain PyTorch and compares it with ours, step by step.

    ./contrastlab train --data ../shared/data/cifar10 --method swav --steps 5 \
        --out RUN --trace TRACE
    /usr/bin/python3 benchmarks/swav_reference.py TRACE RUN/config.json

The trace (``train --trace``) holds each step's views, the networks before it, its learning
rate, weight decay and loss, and the networks after the last step. This script builds the same
networks in PyTorch (convnet-small or any stack of 3x3 conv/BN/ReLU, the projection MLP, the
prototypes), loads the first step's weights, and takes every step the way facebookresearch/swav's
main_swav.py does (prototypes normalised, multi-crop forward, Sinkhorn-Knopp codes of the global
crops, swapped prediction over the other crops, prototypes' gradient dropped while frozen), with
torch.optim.SGD (momentum, weight decay on weight matrices and kernels only, as ours). For each
step it prints our loss, the PyTorch loss on our weights of that step (the forward alone), and
the PyTorch loss of its own free-running replay; at the end the largest difference between our
final networks and its. Written for this project; no code of the reference is copied.
"""
import json
import re
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


def load(path):
    """A safetensors file as (tensors by name, metadata), read with the standard library."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    out = OrderedDict()
    for name, t in header.items():
        assert t["dtype"] == "F32", name
        a, b = t["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(t["shape"])
    return out, meta


def block_arrays(tensors, prefix, block):
    """The arrays of network `block` (DJL names, in the network's order)."""
    head = f"{prefix}{block}."
    return OrderedDict((k[len(head):], v) for k, v in tensors.items() if k.startswith(head))


def build_backbone(arrays):
    """A stack of conv(3x3, no bias)-BN-ReLU from the traced arrays: stride 1 first, then 2 (convnet-small)."""
    layers = []
    convs = [k for k, v in arrays.items() if v.dim() == 4]
    for i, k in enumerate(convs):
        w = arrays[k]
        layers += [nn.Conv2d(w.shape[1], w.shape[0], 3, stride=1 if i == 0 else 2, padding=1, bias=False),
                   nn.BatchNorm2d(w.shape[0]), nn.ReLU()]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers)


def build_head(arrays):
    """Linear(no bias)-BN1d-ReLU for each hidden layer, then Linear with bias (ProjectionHead.build)."""
    layers = []
    linears = [k for k, v in arrays.items() if k.endswith("weight") and v.dim() == 2]
    for i, k in enumerate(linears):
        w = arrays[k]
        last = i == len(linears) - 1
        layers.append(nn.Linear(w.shape[1], w.shape[0], bias=last))
        if not last:
            layers += [nn.BatchNorm1d(w.shape[0]), nn.ReLU()]
    return nn.Sequential(*layers)


def copy_into(module, arrays):
    """Our arrays into a PyTorch module, matched in order by kind (weight, BN gamma/beta/running stats, bias)."""
    ours = list(arrays.items())
    theirs = []
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            theirs.append(("weight", m.weight))
            if m.bias is not None:
                theirs.append(("bias", m.bias))
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            theirs += [("gamma", m.weight), ("beta", m.bias), ("runningMean", m.running_mean), ("runningVar", m.running_var)]
    assert len(ours) == len(theirs), (len(ours), len(theirs), [k for k, _ in ours])
    with torch.no_grad():
        for (name, a), (kind, t) in zip(ours, theirs):
            assert name.endswith(kind), (name, kind)
            assert tuple(a.shape) == tuple(t.shape), (name, a.shape, t.shape)
            t.copy_(a)


def sinkhorn(scores, epsilon, iterations):
    """Sinkhorn-Knopp codes of detached scores (B, K): equal mass per prototype, each sample's code sums to 1."""
    q = torch.exp(scores / epsilon).t()
    k, b = q.shape
    q /= q.sum()
    for _ in range(iterations):
        q /= q.sum(dim=1, keepdim=True)
        q /= k
        q /= q.sum(dim=0, keepdim=True)
        q /= b
    return (q * b).t()


class SwAV(nn.Module):
    def __init__(self, backbone, head, prototypes):
        super().__init__()
        self.backbone, self.head, self.prototypes = backbone, head, prototypes

    def forward(self, views):
        """Backbone once per crop size, head and prototypes over all crops together."""
        feats, i = [], 0
        while i < len(views):
            j = i
            while j < len(views) and views[j].shape[-1] == views[i].shape[-1]:
                j += 1
            feats.append(self.backbone(torch.cat(views[i:j])))
            i = j
        z = F.normalize(self.head(torch.cat(feats)), dim=1)
        return self.prototypes(z)


def swav_loss(scores, b, n_views, n_global, temperature, epsilon, iterations):
    loss = 0
    for g in range(n_global):
        with torch.no_grad():
            q = sinkhorn(scores[g * b:(g + 1) * b].detach(), epsilon, iterations)
        sub = 0
        for v in range(n_views):
            if v != g:
                sub -= torch.mean(torch.sum(q * F.log_softmax(scores[v * b:(v + 1) * b] / temperature, dim=1), dim=1))
        loss += sub / (n_views - 1)
    return loss / n_global


def main():
    trace, config_path = sys.argv[1], sys.argv[2]
    config = json.load(open(config_path))
    params = config.get("params") or {}
    temperature = config["temperature"]
    epsilon = params.get("epsilon", 0.05)
    iterations = int(params.get("sinkhorn_iterations", 3))
    freeze = int(params.get("freeze_prototypes", 20))
    momentum = config.get("momentum", 0.9)
    torch.manual_seed(0)

    import glob
    steps = sorted(glob.glob(f"{trace}/step-*.safetensors"))
    first, _ = load(steps[0])
    backbone = build_backbone(block_arrays(first, "before.", 0))
    head = build_head(block_arrays(first, "before.", 1))
    protos = block_arrays(first, "before.", 2)["weight"]
    model = SwAV(backbone, head, nn.Linear(protos.shape[1], protos.shape[0], bias=False))
    mirror = SwAV(build_backbone(block_arrays(first, "before.", 0)), build_head(block_arrays(first, "before.", 1)),
                  nn.Linear(protos.shape[1], protos.shape[0], bias=False))

    def load_all(module, tensors, prefix):
        copy_into(module.backbone, block_arrays(tensors, prefix, 0))
        copy_into(module.head, block_arrays(tensors, prefix, 1))
        copy_into(module.prototypes, block_arrays(tensors, prefix, 2))

    load_all(model, first, "before.")
    decayed = [p for p in model.parameters() if p.dim() > 1]
    flat = [p for p in model.parameters() if p.dim() <= 1]
    opt = torch.optim.SGD([{"params": decayed}, {"params": flat, "weight_decay": 0.0}], lr=0.1, momentum=momentum)
    model.train()
    mirror.train()
    print("| step | ours | PyTorch on our weights | PyTorch free-running |")
    print("|---|---|---|---|")
    worst_forward = 0.0
    for path in steps:
        t, meta = load(path)
        step = int(meta["step"])
        views = [t[k] for k in sorted((k for k in t if k.startswith("view.")), key=lambda k: int(k.split(".")[1]))]
        b = views[0].shape[0]
        n_global = sum(1 for v in views if v.shape[-1] == views[0].shape[-1])
        # the forward alone, on our weights of this step
        load_all(mirror, t, "before.")
        with torch.no_grad():
            forced = swav_loss(mirror(views), b, len(views), n_global, temperature, epsilon, iterations).item()
        # the free-running replay
        with torch.no_grad():
            model.prototypes.weight.copy_(F.normalize(model.prototypes.weight, dim=1))
        for group in opt.param_groups:
            group["lr"] = float(meta["lr"])
        opt.param_groups[0]["weight_decay"] = float(meta["weight_decay"])
        loss = swav_loss(model(views), b, len(views), n_global, temperature, epsilon, iterations)
        opt.zero_grad()
        loss.backward()
        if step < freeze:
            model.prototypes.weight.grad = None
        opt.step()
        ours = float(meta["loss"])
        worst_forward = max(worst_forward, abs(forced - ours))
        print(f"| {step + 1} | {ours:.6f} | {forced:.6f} | {loss.item():.6f} |")
    with torch.no_grad():
        model.prototypes.weight.copy_(F.normalize(model.prototypes.weight, dim=1))
    final, _ = load(f"{trace}/final.safetensors")
    check = SwAV(build_backbone(block_arrays(final, "after.", 0)), build_head(block_arrays(final, "after.", 1)),
                 nn.Linear(protos.shape[1], protos.shape[0], bias=False))
    load_all(check, final, "after.")
    worst = {"trained": (0.0, None), "batch-norm running statistics": (0.0, None)}
    for (name, a), (_, c) in zip(model.state_dict().items(), check.state_dict().items()):
        if a.dtype.is_floating_point:
            kind = "batch-norm running statistics" if "running_" in name else "trained"
            d = (a - c).abs().max().item()
            if d > worst[kind][0]:
                worst[kind] = (d, name)
    print(f"forward_max_abs_diff={worst_forward:.3g}")
    for kind, (d, name) in worst.items():
        print(f"final {kind}: max abs diff {d:.3g} ({name})")
    print(f"final_weights_max_abs_diff={worst['trained'][0]:.3g}")

if __name__ == "__main__":
    main()
