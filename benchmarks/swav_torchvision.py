#!/usr/bin/env python3
"""Plain PyTorch SwAV on the CIFAR-10 subset with torchvision's views: the other half of the
side-by-side of issue 21 (benchmarks/swav_reference.py replays our own steps).

    /usr/bin/python3 benchmarks/swav_torchvision.py --data ../shared/data/cifar10 [--init TRACE/step-0000.safetensors]

The network, head, prototypes, optimizer and schedule are those of our `swav` preset
(convnet-small 32-64-128-256, projector 256-512-128 with BN, 3,000 prototypes frozen for 20
steps, epsilon 0.05, 3 Sinkhorn iterations, temperature 0.1, SGD momentum 0.9, weight decay
5e-4 on weights only, lr 0.06 with 20 warm-up steps then a cosine, 200 steps of 256); the
views are torchvision's RandomResizedCrop (2 x 32 px at 0.14-1, 6 x 18 px at 0.05-0.14), flip,
ColorJitter(0.8, 0.8, 0.8, 0.2) p 0.8 and grey p 0.2, made per image from PIL images as the
reference repositories do. With --init the networks start from the weights of our run's first
traced step (`train --trace`, DJL's He-normal init) instead of PyTorch's default init. Prints
the loss every 20 steps and knn_top1 (k 200, temperature 0.1, as `contrastlab eval knn`) at
random initialisation and at the end. Written for this project.
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torchvision import transforms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from swav_reference import SwAV, block_arrays, copy_into, load, swav_loss  # noqa: E402


def read_cifar(path):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)
    return raw[:, 1:].reshape(-1, 3, 32, 32), raw[:, 0].astype(np.int64)


def backbone(widths=(32, 64, 128, 256)):
    layers, c = [], 3
    for i, w in enumerate(widths):
        layers += [nn.Conv2d(c, w, 3, stride=1 if i == 0 else 2, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU()]
        c = w
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten())


def head(dims=(256, 512, 128)):
    return nn.Sequential(nn.Linear(dims[0], dims[1], bias=False), nn.BatchNorm1d(dims[1]), nn.ReLU(), nn.Linear(dims[1], dims[2]))


class MultiCrop(torch.utils.data.Dataset):
    def __init__(self, images, mean, std, steps, batch, seed):
        self.images = images
        colour = [transforms.RandomHorizontalFlip(),
                  transforms.RandomApply([transforms.ColorJitter(0.8, 0.8, 0.8, 0.2)], p=0.8),
                  transforms.RandomGrayscale(p=0.2), transforms.ToTensor(), transforms.Normalize(mean, std)]
        self.globals = transforms.Compose([transforms.RandomResizedCrop(32, scale=(0.14, 1.0))] + colour)
        self.locals = transforms.Compose([transforms.RandomResizedCrop(18, scale=(0.05, 0.14))] + colour)
        rng = np.random.default_rng(seed)
        per_epoch = len(images) // batch
        order = np.concatenate([rng.permutation(len(images)) for _ in range(steps // per_epoch + 1)])
        self.batches = [order[i * batch:(i + 1) * batch] for i in range(steps)]

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, step):
        views = [[] for _ in range(8)]
        for i in self.batches[step]:
            img = Image.fromarray(self.images[i].transpose(1, 2, 0))
            for v in range(8):
                views[v].append((self.globals if v < 2 else self.locals)(img))
        return [torch.stack(v) for v in views]


@torch.no_grad()
def knn(net, train_x, train_y, test_x, test_y, mean, std, k=200, t=0.1):
    net.eval()

    def embed(x):
        out = []
        for i in range(0, len(x), 500):
            b = (torch.from_numpy(x[i:i + 500]).float() / 255 - mean.view(1, 3, 1, 1)) / std.view(1, 3, 1, 1)
            out.append(F.normalize(net(b), dim=1))
        return torch.cat(out)

    bank, queries = embed(train_x), embed(test_x)
    labels = torch.from_numpy(train_y)
    correct = 0
    for i in range(0, len(queries), 500):
        sim, idx = (queries[i:i + 500] @ bank.t()).topk(k, dim=1)
        votes = torch.zeros(len(sim), 10).scatter_add_(1, labels[idx], (sim / t).exp())
        correct += (votes.argmax(1) == torch.from_numpy(test_y[i:i + 500])).sum().item()
    net.train()
    return correct / len(queries)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/cifar10")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=0.06)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--init", help="start from the networks of a traced step (step-0000.safetensors)")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    train_x, train_y = read_cifar(os.path.join(a.data, "data_batch_1.bin"))
    test_x, test_y = read_cifar(os.path.join(a.data, "test_batch.bin"))
    unit = torch.from_numpy(train_x).float() / 255
    mean, std = unit.mean(dim=(0, 2, 3)), unit.std(dim=(0, 2, 3))
    model = SwAV(backbone(), head(), nn.Linear(128, 3000, bias=False))
    if a.init:
        t, _ = load(a.init)
        copy_into(model.backbone, block_arrays(t, "before.", 0))
        copy_into(model.head, block_arrays(t, "before.", 1))
        copy_into(model.prototypes, block_arrays(t, "before.", 2))
    print(f"init: {'ours (' + a.init + ')' if a.init else 'PyTorch default'}; "
          f"conv1 weight std {model.backbone[0].weight.std().item():.4f}")
    print(f"random init knn_top1={knn(model.backbone, train_x, train_y, test_x, test_y, mean, std):.4f}", flush=True)
    decayed = [p for p in model.parameters() if p.dim() > 1]
    flat = [p for p in model.parameters() if p.dim() <= 1]
    opt = torch.optim.SGD([{"params": decayed, "weight_decay": 5e-4}, {"params": flat, "weight_decay": 0.0}],
                          lr=a.lr, momentum=0.9)
    loader = torch.utils.data.DataLoader(MultiCrop(train_x, mean.tolist(), std.tolist(), a.steps, a.batch_size, a.seed),
                                         batch_size=None, num_workers=1, prefetch_factor=4)
    start = time.time()
    for step, views in enumerate(loader):
        lr = a.lr * (step + 1) / a.warmup if step < a.warmup else \
            0.5 * a.lr * (1 + math.cos(math.pi * (step - a.warmup) / max(1, a.steps - a.warmup)))
        for g in opt.param_groups:
            g["lr"] = lr
        with torch.no_grad():
            model.prototypes.weight.copy_(F.normalize(model.prototypes.weight, dim=1))
        loss = swav_loss(model(views), a.batch_size, len(views), 2, 0.1, 0.05, 3)
        opt.zero_grad()
        loss.backward()
        if step < 20:
            model.prototypes.weight.grad = None
        opt.step()
        if (step + 1) % 20 == 0:
            print(f"step {step + 1} loss {loss.item():.4f} lr {lr:.4f} ({time.time() - start:.0f} s)", flush=True)
    print(f"knn_top1={knn(model.backbone, train_x, train_y, test_x, test_y, mean, std):.4f}")


if __name__ == "__main__":
    main()
