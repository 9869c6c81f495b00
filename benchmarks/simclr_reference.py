#!/usr/bin/env python3
"""The PyTorch reference of `contrastlab bench gpu`: SimCLR with a ResNet-18 (CIFAR stem) on
CIFAR-10, written for this project with the same network, loss, optimizer and augmentation
semantics as ContrastLab's run, the whole step on the device:

- the training images live on the device as uint8 (N, 3, 32, 32); each step gathers its batch;
- two views per image, each with its own parameters drawn on the CPU (torchvision's
  RandomResizedCrop draw: area uniform in [0.08, 1], log-uniform aspect ratio in [3/4, 4/3],
  10 tries then a centre crop; flip p=0.5; colour jitter p=0.8 with strength s=0.5, i.e.
  brightness/contrast/saturation 0.4 and hue 0.1 in a random order per image, clamped after
  each op; grayscale p=0.2) and sent as one small tensor per op; crop+resize as PIL's
  antialiased bilinear resampling (window clamped to the crop), applied as per-image matrices
  along rows and columns built on the device; normalised with CIFAR-10's mean and std;
- ResNet-18 with a 3x3 stride-1 stem and no max-pool, 512 features; head Linear(512, 512,
  no bias) -> BatchNorm -> ReLU -> Linear(512, 128); NT-Xent with temperature 0.2;
- SGD, momentum 0.9, weight decay 5e-4 on weights of more than one dimension, peak lr 0.3
  after a linear warm-up, then a cosine;
- the loss is read back every --sync-every steps only.

Prints one line: `reference images_per_second=<training images/s> gpu_used_mb=<MB, the whole
device, as ours> peak_allocated_mb=<MB> first_loss=<loss of step 1> device=<device>
precision=<fp32|bf16> channels_last=<0|1>` (resident_mb instead of the GPU figures on the CPU).
Needs only torch (and numpy). Runs on the CPU too (slowly), which is how it is tested here.
"""
import argparse
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.2470, 0.2435, 0.2616)


def load_cifar(folder):
    batches = sorted(f for f in os.listdir(folder) if f.startswith("data_batch") and f.endswith(".bin"))
    raw = np.concatenate([np.fromfile(os.path.join(folder, f), dtype=np.uint8).reshape(-1, 3073) for f in batches])
    return torch.from_numpy(raw[:, 1:].reshape(-1, 3, 32, 32).copy())


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return F.relu(y + (x if self.short is None else self.short(x)))


class ResNet18Cifar(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        layers, cin = [], 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers += [Block(cin, cout, stride), Block(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return torch.flatten(F.adaptive_avg_pool2d(self.layers(self.stem(x)), 1), 1)


def nt_xent(z1, z2, tau):
    u = F.normalize(torch.cat([z1, z2]), dim=1)
    n = z1.shape[0]
    s = u @ u.t() / tau
    s = s.masked_fill(torch.eye(2 * n, dtype=torch.bool, device=s.device), float("-inf"))
    twin = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]).to(s.device)
    return F.cross_entropy(s, twin)


def crop_params(rng, b, h, w, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3)):
    """torchvision's RandomResizedCrop.get_params for b images at once: (top, left, height, width)."""
    area = h * w
    target = area * rng.uniform(scale[0], scale[1], (b, 10))
    ar = np.exp(rng.uniform(math.log(ratio[0]), math.log(ratio[1]), (b, 10)))
    cw = np.rint(np.sqrt(target * ar)).astype(np.int64)
    ch = np.rint(np.sqrt(target / ar)).astype(np.int64)
    ok = (cw > 0) & (cw <= w) & (ch > 0) & (ch <= h)
    first = np.argmax(ok, 1)
    found = ok[np.arange(b), first]
    cw, ch = cw[np.arange(b), first], ch[np.arange(b), first]
    # no try fitted: the centre crop of torchvision's fallback (a square image keeps its whole extent)
    cw = np.where(found, cw, w)
    ch = np.where(found, ch, h)
    top = np.where(found, (rng.random(b) * (h - ch + 1)).astype(np.int64), (h - ch) // 2)
    left = np.where(found, (rng.random(b) * (w - cw + 1)).astype(np.int64), (w - cw) // 2)
    return np.stack([top, left, ch, cw], 1)


def resample_matrices(start, length, out, size, flip):
    """(B, out, size) PIL antialiased bilinear weights of each image's crop [start, start+length), on the device."""
    scale = length.double() / out                                     # (B,)
    support = torch.clamp(scale, min=1.0)                             # bilinear: support 1, widened when shrinking
    o = torch.arange(out, device=start.device, dtype=torch.float64)
    center = (o[None, :] + 0.5) * scale[:, None]                      # (B, out), in crop coordinates
    j = torch.arange(size, device=start.device, dtype=torch.float64)[None, None, :] - start[:, None, None]
    lo = torch.floor(center - support[:, None] + 0.5).clamp(min=0)
    hi = torch.minimum(torch.floor(center + support[:, None] + 0.5), length[:, None].double())
    inside = (j >= lo[..., None]) & (j < hi[..., None])
    wgt = torch.clamp(1 - torch.abs((j + 0.5 - center[..., None]) / support[:, None, None]), min=0) * inside
    wgt = wgt / wgt.sum(-1, keepdim=True)
    wgt = torch.where(flip[:, None, None], wgt.flip(1), wgt)
    return wgt.float()


def gray(x):
    return (0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]).unsqueeze(1)


def hue_shift(x, h):
    """torchvision's adjust_hue on a batch (RGB in [0, 1]), h of shape (B,)."""
    r, g, b = x[:, 0], x[:, 1], x[:, 2]
    maxc, _ = x.max(1)
    minc, _ = x.min(1)
    eqc = maxc == minc
    cr = maxc - minc
    ones = torch.ones_like(maxc)
    s = cr / torch.where(eqc, ones, maxc)
    crd = torch.where(eqc, ones, cr)
    rc, gc, bc = (maxc - r) / crd, (maxc - g) / crd, (maxc - b) / crd
    hr = (maxc == r) * (bc - gc)
    hg = ((maxc == g) & (maxc != r)) * (2.0 + rc - bc)
    hb = ((maxc != g) & (maxc != r)) * (4.0 + gc - rc)
    hh = torch.fmod((hr + hg + hb) / 6.0 + 1.0, 1.0)
    hh = torch.remainder(hh + h[:, None, None], 1.0)
    v = maxc
    i = torch.floor(hh * 6.0)
    f = hh * 6.0 - i
    i = i.to(torch.int32) % 6
    p = torch.clamp(v * (1.0 - s), 0.0, 1.0)
    q = torch.clamp(v * (1.0 - s * f), 0.0, 1.0)
    t = torch.clamp(v * (1.0 - s * (1.0 - f)), 0.0, 1.0)
    mask = i.unsqueeze(1) == torch.arange(6, device=x.device)[None, :, None, None]
    a1 = torch.stack((v, q, p, p, t, v), 1)
    a2 = torch.stack((t, v, v, q, p, p), 1)
    a3 = torch.stack((p, p, t, v, v, q), 1)
    a4 = torch.stack((a1, a2, a3), 1)
    return torch.einsum("...ijk,...xijk->...xjk", mask.to(x.dtype), a4)


def colour_op(k, x, f):
    if k == 0:
        return (x * f[:, None, None, None]).clamp(0, 1)
    if k == 1:
        m = gray(x).mean((1, 2, 3), keepdim=True)
        return (x * f[:, None, None, None] + m * (1 - f[:, None, None, None])).clamp(0, 1)
    if k == 2:
        return (x * f[:, None, None, None] + gray(x) * (1 - f[:, None, None, None])).clamp(0, 1)
    return hue_shift(x, f).clamp(0, 1)


def make_view(images, rng, size, strength, device):
    b, _, h, w = images.shape
    box = crop_params(rng, b, h, w)
    flip = rng.random(b) < 0.5
    jitter = rng.random(b) < 0.8
    a = 0.8 * strength
    factors = np.stack([rng.uniform(1 - a, 1 + a, b), rng.uniform(1 - a, 1 + a, b), rng.uniform(1 - a, 1 + a, b),
                        rng.uniform(-0.2 * strength, 0.2 * strength, b)], 1)
    order = np.argsort(rng.random((b, 4)), 1)
    grey = rng.random(b) < 0.2
    # the parameters go over as one small tensor
    p = torch.from_numpy(np.concatenate([box, flip[:, None], factors], 1)).to(device, non_blocking=True)
    ly = resample_matrices(p[:, 0], p[:, 2], size, h, torch.zeros(b, dtype=torch.bool, device=device))
    lx = resample_matrices(p[:, 1], p[:, 3], size, w, p[:, 4] > 0)
    x = torch.einsum("bsh,bchw,btw->bcst", ly, images, lx)
    for r in range(4):  # each image's ops in its own order: at round r, the images whose r-th op is k
        for k in range(4):
            sel = np.flatnonzero(jitter & (order[:, r] == k))
            if len(sel):
                idx = torch.from_numpy(sel).to(device, non_blocking=True)
                x[idx] = colour_op(k, x[idx], p[idx, 5 + k].float())
    sel = np.flatnonzero(grey)
    if len(sel):
        idx = torch.from_numpy(sel).to(device, non_blocking=True)
        x[idx] = gray(x[idx]).expand(-1, 3, -1, -1)
    mean = torch.tensor(MEAN, device=device)[None, :, None, None]
    std = torch.tensor(STD, device=device)[None, :, None, None]
    return (x - mean) / std


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/cifar10")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--batch-size", type=int, default=512)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--sync-every", type=int, default=10)
    ap.add_argument("--bf16", action="store_true", help="autocast matmuls and convolutions to bfloat16")
    ap.add_argument("--channels-last", action="store_true")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    device = torch.device(a.device)
    pixels = load_cifar(a.data).to(device)
    n = pixels.shape[0]
    backbone = ResNet18Cifar()
    head = nn.Sequential(nn.Linear(512, 512, bias=False), nn.BatchNorm1d(512), nn.ReLU(), nn.Linear(512, 128))
    model = nn.Sequential(backbone, head).to(device)
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
    decayed = [p for p in model.parameters() if p.ndim > 1]
    plain = [p for p in model.parameters() if p.ndim <= 1]
    opt = torch.optim.SGD([{"params": decayed, "weight_decay": 5e-4}, {"params": plain, "weight_decay": 0}],
                          lr=0.3, momentum=0.9)
    total = a.warmup + a.steps
    warm = max(1, min(20, total // 2))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (s + 1) / warm if s < warm
                                              else 0.5 * (1 + math.cos(math.pi * (s - warm) / max(1, total - warm))))
    rng = np.random.default_rng(a.seed)
    order = torch.from_numpy(rng.permutation(n))
    pos = 0
    first_loss = None
    pending = []
    sync = (lambda: torch.cuda.synchronize(device)) if device.type == "cuda" else (lambda: None)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    t0 = None
    for step in range(total):
        if step == a.warmup:
            sync()
            t0 = time.perf_counter()
        if pos + a.batch_size > n:
            order, pos = torch.from_numpy(rng.permutation(n)), 0
        idx = order[pos:pos + a.batch_size].to(device, non_blocking=True)
        pos += a.batch_size
        batch = pixels[idx].float().div_(255)
        v1 = make_view(batch, rng, 32, 0.5, device)
        v2 = make_view(batch, rng, 32, 0.5, device)
        x = torch.cat([v1, v2])
        if a.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=a.bf16):
            z = model(x)
        loss = nt_xent(z[:a.batch_size].float(), z[a.batch_size:].float(), 0.2)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        pending.append(loss.detach())
        if (step + 1) % a.sync_every == 0 or step + 1 == total:
            values = torch.stack(pending).tolist()
            pending = []
            if first_loss is None:
                first_loss = values[0]
            if not all(math.isfinite(v) for v in values):
                raise SystemExit("the loss diverged: %s" % values)
    sync()
    seconds = time.perf_counter() - t0
    if device.type == "cuda":
        free, whole = torch.cuda.mem_get_info(device)
        memory = "gpu_used_mb=%.0f peak_allocated_mb=%.0f" % ((whole - free) / 2 ** 20, torch.cuda.max_memory_allocated(device) / 2 ** 20)
    else:
        import resource
        memory = "resident_mb=%.0f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print("reference images_per_second=%.1f %s first_loss=%.4f device=%s precision=%s channels_last=%d"
          % (a.steps * a.batch_size / seconds, memory, first_loss, device, "bf16" if a.bf16 else "fp32", int(a.channels_last)))


if __name__ == "__main__":
    main()
