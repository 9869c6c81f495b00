#!/usr/bin/env python3
"""Writes core/src/test/resources/fixtures/torch/solo_byol_vitmicro.ckpt: a checkpoint in the
layout solo-learn's Lightning trainer saves for BYOL (issue 26: a distributed run's result
brought back into the workbench).

The layout follows Lightning's ModelCheckpoint files as solo-learn writes them: the top-level
`epoch`, `global_step`, `pytorch-lightning_version`, `state_dict`, `loops`, `callbacks`,
`optimizer_states` and `lr_schedulers`; BYOL's modules in `state_dict` under solo-learn's
names (solo/methods/byol.py and base.py): `backbone.`, `projector.`, `predictor.`,
`momentum_backbone.`, `momentum_projector.` and the online linear probe `classifier.`. The
backbone is a timm VisionTransformer in timm's names (solo-learn's vit backbones are timm's),
ContrastLab's `vit-micro` shape: width 128, 4 blocks, 4 heads, patch 8, 32 px images (so a 4 x 4
grid and a class token). To keep the file small its tensors are float16; the online and the
momentum backbone hold different random values, so that a reader can tell which it opened.
Run with Debian's python3-torch (1.13):

    /usr/bin/python3 benchmarks/lightning_ckpt_fixture.py [--out FILE]
"""
import argparse
from collections import OrderedDict

import torch

DIM, DEPTH, HEADS, PATCH, IMG = 128, 4, 4, 8, 32
HIDDEN, PROJ = 256, 64


def vit(prefix, gen):
    """A timm ViT's tensors (no head), under `prefix`, drawn from `gen`."""
    t = OrderedDict()

    def r(*shape, scale=0.02):
        return (torch.randn(*shape, generator=gen) * scale).half()

    grid = (IMG // PATCH) ** 2
    t[prefix + "cls_token"] = r(1, 1, DIM)
    t[prefix + "pos_embed"] = r(1, grid + 1, DIM)
    t[prefix + "patch_embed.proj.weight"] = r(DIM, 3, PATCH, PATCH)
    t[prefix + "patch_embed.proj.bias"] = r(DIM)
    for i in range(DEPTH):
        b = "%sblocks.%d." % (prefix, i)
        t[b + "norm1.weight"] = (1 + r(DIM)).half()
        t[b + "norm1.bias"] = r(DIM)
        t[b + "attn.qkv.weight"] = r(3 * DIM, DIM)
        t[b + "attn.qkv.bias"] = r(3 * DIM)
        t[b + "attn.proj.weight"] = r(DIM, DIM)
        t[b + "attn.proj.bias"] = r(DIM)
        t[b + "norm2.weight"] = (1 + r(DIM)).half()
        t[b + "norm2.bias"] = r(DIM)
        t[b + "mlp.fc1.weight"] = r(4 * DIM, DIM)
        t[b + "mlp.fc1.bias"] = r(4 * DIM)
        t[b + "mlp.fc2.weight"] = r(DIM, 4 * DIM)
        t[b + "mlp.fc2.bias"] = r(DIM)
    t[prefix + "norm.weight"] = (1 + r(DIM)).half()
    t[prefix + "norm.bias"] = r(DIM)
    return t


def mlp(prefix, gen, inp, hidden, out):
    """solo-learn's projector / predictor: Linear, BatchNorm1d, ReLU, Linear."""
    return OrderedDict([
        (prefix + "0.weight", (torch.randn(hidden, inp, generator=gen) * 0.02).half()),
        (prefix + "0.bias", torch.zeros(hidden).half()),
        (prefix + "1.weight", torch.ones(hidden).half()),
        (prefix + "1.bias", torch.zeros(hidden).half()),
        (prefix + "1.running_mean", torch.zeros(hidden).half()),
        (prefix + "1.running_var", torch.ones(hidden).half()),
        (prefix + "1.num_batches_tracked", torch.tensor(1200)),
        (prefix + "3.weight", (torch.randn(out, hidden, generator=gen) * 0.02).half()),
        (prefix + "3.bias", torch.zeros(out).half()),
    ])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="core/src/test/resources/fixtures/torch/solo_byol_vitmicro.ckpt")
    a = p.parse_args()
    gen = torch.Generator().manual_seed(26)
    state = OrderedDict()
    state.update(vit("backbone.", gen))
    state.update(mlp("projector.", gen, DIM, HIDDEN, PROJ))
    state.update(mlp("predictor.", gen, PROJ, HIDDEN, PROJ))
    state["classifier.weight"] = (torch.randn(10, DIM, generator=gen) * 0.02).half()
    state["classifier.bias"] = torch.zeros(10).half()
    state.update(vit("momentum_backbone.", gen))
    state.update(mlp("momentum_projector.", gen, DIM, HIDDEN, PROJ))
    checkpoint = {
        "epoch": 39,
        "global_step": 1200,
        "pytorch-lightning_version": "2.0.2",
        "state_dict": state,
        "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"total": {"ready": 40, "completed": 39}},
                               "epoch_loop.batch_progress": {"total": {"ready": 1200, "completed": 1200}}}},
        "callbacks": {"Checkpointer": {"last_ckpt": "trained_models/byol/abc/byol-ep=39.ckpt"}},
        "optimizer_states": [{"state": {0: {"momentum_buffer": torch.zeros(4).half()}},
                              "param_groups": [{"lr": 0.6, "momentum": 0.9, "weight_decay": 1e-5, "nesterov": False,
                                                "params": [0]}]}],
        "lr_schedulers": [{"warmup_epochs": 10, "max_epochs": 400, "base_lrs": [0.6], "last_epoch": 39}],
    }
    torch.save(checkpoint, a.out)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
