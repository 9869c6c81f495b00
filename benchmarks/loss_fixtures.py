#!/usr/bin/env python3
"""Writes core/src/test/resources/fixtures/losses.safetensors: every loss of ContrastLab's
methods computed by a plain PyTorch version of its reference formula on small random inputs,
with the gradients of the inputs that carry one. `LossFixturesTest` feeds the same inputs to
our losses and compares values and gradients to 1e-5.

Each formula is written here from the paper and the reference code named beside it (read,
not copied), in the reference's own order of operations, so that a difference in our version
shows up as a difference in the numbers. Inputs are float32 and drawn from a fixed seed; the
computations run in float32 as training does.

Tensors are named `<loss>.<name>`: `*.in_*` inputs, `*.value` the loss (shape (1,)),
`*.grad_*` the gradient of the loss with respect to the input of the same name, and
`*.param_*` scalar settings (shape (1,)). Run with Debian's python3-torch (1.13):

    python3 benchmarks/loss_fixtures.py [--out FILE]
"""
import argparse
import json
import struct

import torch
import torch.nn.functional as F

B, D, K = 8, 16, 32   # batch, embedding width, prototypes / output width / negatives


def simclr(z1, z2, tau):
    """google-research/simclr objective.py (as in SimCLR's PyTorch ports): 2N unit rows, each
    row's softmax over the other 2N-1, the twin the label."""
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.t() / tau
    n = z1.shape[0]
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    labels = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, labels)


def moco(q, k, queue, tau):
    """facebookresearch/moco builder.py: logits [q.k+, q.queue^T]/T, label 0."""
    pos = (q * k).sum(1, keepdim=True)
    neg = q @ queue.t()
    logits = torch.cat([pos, neg], 1) / tau
    return F.cross_entropy(logits, torch.zeros(q.shape[0], dtype=torch.long))


def moco_v3(q1, q2, k1, k2, tau):
    """facebookresearch/moco-v3 builder.py contrastive_loss: CE over in-batch keys, times 2T, symmetric."""
    def ctr(q, k):
        logits = F.normalize(q, dim=1) @ F.normalize(k, dim=1).t() / tau
        return F.cross_entropy(logits, torch.arange(q.shape[0])) * (2 * tau)
    return ctr(q1, k2) + ctr(q2, k1)


def simsiam(p, z):
    """facebookresearch/simsiam: -CosineSimilarity(p, z.detach()).mean()."""
    return -F.cosine_similarity(p, z.detach(), dim=1).mean()


def byol(p, z):
    """deepmind byol / lucidrains: 2 - 2 cos(p, sg(z)), mean over the batch."""
    return (2 - 2 * (F.normalize(p, dim=1) * F.normalize(z.detach(), dim=1)).sum(1)).mean()


def barlow(z1, z2, lam):
    """facebookresearch/barlowtwins main.py: BatchNorm1d(affine=False) in training mode, c = bn(z1)^T bn(z2) / N."""
    bn = torch.nn.BatchNorm1d(z1.shape[1], affine=False)
    bn.train()
    c = bn(z1).t() @ bn(z2) / z1.shape[0]
    on = (torch.diagonal(c) - 1).pow(2).sum()
    off = (c.flatten()[:-1].view(c.shape[0] - 1, c.shape[0] + 1)[:, 1:]).pow(2).sum()
    return on + lam * off


def dino(student, teacher, center, tau_s, tau_t):
    """facebookresearch/dino main_dino.py DINOLoss.forward."""
    s = [x / tau_s for x in student]
    t = [F.softmax((x - center) / tau_t, dim=-1).detach() for x in teacher]
    total, terms = 0, 0
    for iq, q in enumerate(t):
        for v, x in enumerate(s):
            if v == iq:
                continue
            total = total + torch.sum(-q * F.log_softmax(x, dim=-1), dim=-1).mean()
            terms += 1
    return total / terms


@torch.no_grad()
def sinkhorn(out, eps, iterations):
    """facebookresearch/swav main_swav.py distributed_sinkhorn, on one process."""
    q = torch.exp(out / eps).t()
    b, k = q.shape[1], q.shape[0]
    q /= torch.sum(q)
    for _ in range(iterations):
        q /= torch.sum(q, dim=1, keepdim=True)
        q /= k
        q /= torch.sum(q, dim=0, keepdim=True)
        q /= b
    q *= b
    return q.t()


def swav(scores, globals_, tau, eps, iterations):
    """facebookresearch/swav main_swav.py train(): codes of each global crop, predicted by every other crop."""
    loss = 0
    codes = []
    for g in range(globals_):
        q = sinkhorn(scores[g].detach(), eps, iterations)
        codes.append(q)
        sub = 0
        for v in range(len(scores)):
            if v == g:
                continue
            sub = sub - torch.mean(torch.sum(q * F.log_softmax(scores[v] / tau, dim=1), dim=1))
        loss = loss + sub / (len(scores) - 1)
    return loss / globals_, codes


def dino_sinkhorn(student, teacher, tau_s, tau_t, iterations):
    """DINOv2 (facebookresearch/dinov2 loss/dino_clstoken_loss.py): the teacher's global outputs
    together through Sinkhorn-Knopp at the teacher temperature, then DINO's cross-view loss."""
    q = sinkhorn(torch.cat([t.detach() for t in teacher]), tau_t, iterations)
    targets = q.chunk(len(teacher))
    total, terms = 0, 0
    for iq, t in enumerate(targets):
        for v, x in enumerate(student):
            if v == iq:
                continue
            total = total + torch.sum(-t * F.log_softmax(x / tau_s, dim=-1), dim=-1).mean()
            terms += 1
    return total / terms


def koleo(x, eps=1e-8):
    """DINOv2's KoLeo term (Sablayrolles et al. 2019): -mean log distance to the nearest other row."""
    x = F.normalize(x, eps=eps, p=2, dim=-1)
    with torch.no_grad():
        dots = x @ x.t()
        dots.fill_diagonal_(-1)
        nearest = dots.argmax(dim=1)
    distances = F.pairwise_distance(x, x[nearest], p=2, eps=eps)
    return -torch.log(distances + eps).mean()


def nce(x, n):
    """zhirongw/lemniscate.pytorch lib/NCECriterion.py, eps 1e-7."""
    eps = 1e-7
    k = x.shape[1] - 1
    pn = 1.0 / n
    p_mt = x[:, 0]
    ln_pmt = torch.log(p_mt / (p_mt + k * pn + eps))
    p_on = x[:, 1:]
    ln_pon = torch.log((k * pn) / (p_on + k * pn + eps))
    return -(ln_pmt.sum() + ln_pon.sum()) / x.shape[0]


def invaspread(x1, x2, tau):
    """mangye16/Unsupervised_Embedding_Learning BatchAverage.py BatchCriterion, negM = 1."""
    x = torch.cat([x1, x2])
    n2 = x.shape[0]
    reordered = torch.cat([x2, x1])
    pos = ((x * reordered.detach()).sum(1) / tau).exp()
    diag = 1 - torch.eye(n2)
    all_prob = ((x @ x.t().detach()) / tau).exp() * diag
    all_div = all_prob.sum(1)
    p_mt = pos / all_div
    p_on = all_prob / all_div.unsqueeze(1)
    ln_pon = torch.log(1 - p_on).sum(1) - torch.log(1 - p_mt)
    return -(torch.log(p_mt).sum() + ln_pon.sum()) / n2


def cmc(l, ab, weight_l, weight_ab, tau):
    """HobbitLong/CMC NCE/NCEAverage.py with --softmax: each view's feature against the other view's
    memory rows (own row first), out_l = bmm(weight_ab, l)/T, out_ab = bmm(weight_l, ab)/T;
    NCESoftmaxLoss (cross-entropy, label 0) of each, summed as train_CMC.py does."""
    out_l = torch.bmm(weight_ab, l.unsqueeze(2)).squeeze(2) / tau
    out_ab = torch.bmm(weight_l, ab.unsqueeze(2)).squeeze(2) / tau
    zero = torch.zeros(l.shape[0], dtype=torch.long)
    return F.cross_entropy(out_l, zero) + F.cross_entropy(out_ab, zero)


def cpc(predictions, targets):
    """Lightning-Universe/lightning-bolts CPCTask.compute_loss_h, with one prediction map per offset k
    (predictions[k - 1]: (b, c, h - k, w)), as the paper's W_k: every target of the batch scored by
    a dot product, the one k rows below the label; summed over the offsets."""
    b, c, h, w = targets.shape
    t = targets.permute(0, 2, 3, 1).reshape(-1, c)
    loss = 0
    for k, p in enumerate(predictions, start=1):
        p = p.permute(0, 2, 3, 1).reshape(-1, c)
        logits = p @ t.t()
        n = b * (h - k) * w
        image = torch.arange(n) // ((h - k) * w)
        place = torch.arange(n) % ((h - k) * w)
        labels = image * h * w + k * w + place
        loss = loss + F.cross_entropy(logits, labels)
    return loss


def ibot_patch(student, teacher, center, masks, tau_s, tau_t):
    """bytedance/ibot main_ibot.py iBOTLoss.forward, its v == q (masked patch) term: for each
    global view, the centred and sharpened teacher patch outputs of the whole view against the
    student's of the masked view, averaged over each image's masked positions."""
    total = 0
    for s, t, m in zip(student, teacher, masks):
        target = F.softmax((t - center) / tau_t, dim=-1)
        loss = torch.sum(-target * F.log_softmax(s / tau_s, dim=-1), dim=-1)
        loss = torch.sum(loss * m, dim=-1) / m.sum(dim=-1).clamp(min=1.0)
        total = total + loss.mean()
    return total / len(student)


def leaf(shape, g, unit=False):
    x = torch.randn(*shape, generator=g)
    if unit:
        x = F.normalize(x, dim=1)
    return x.clone().requires_grad_(True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="core/src/test/resources/fixtures/losses.safetensors")
    args = parser.parse_args()
    g = torch.Generator().manual_seed(20261204)
    tensors = {}

    def record(name, value, inputs, params):
        value.backward()
        tensors[f"{name}.value"] = value.detach().reshape(1)
        for key, x in inputs.items():
            tensors[f"{name}.in_{key}"] = x.detach()
            if x.grad is not None:
                tensors[f"{name}.grad_{key}"] = x.grad.detach()
        for key, v in params.items():
            tensors[f"{name}.param_{key}"] = torch.tensor([float(v)])

    z1, z2 = leaf((B, D), g), leaf((B, D), g)
    record("simclr", simclr(z1, z2, 0.5), {"z1": z1, "z2": z2}, {"temperature": 0.5})

    q, k, queue = leaf((B, D), g, True), leaf((B, D), g, True), leaf((K, D), g, True)
    k.requires_grad_(False)
    queue.requires_grad_(False)
    record("moco", moco(q, k, queue, 0.07), {"q": q, "k": k, "queue": queue}, {"temperature": 0.07})

    q1, q2, k1, k2 = leaf((B, D), g), leaf((B, D), g), leaf((B, D), g), leaf((B, D), g)
    k1.requires_grad_(False)
    k2.requires_grad_(False)
    record("mocov3", moco_v3(q1, q2, k1, k2, 0.2), {"q1": q1, "q2": q2, "k1": k1, "k2": k2}, {"temperature": 0.2})

    p, z = leaf((B, D), g), leaf((B, D), g)
    record("simsiam", simsiam(p, z), {"p": p, "z": z}, {})
    p, z = leaf((B, D), g), leaf((B, D), g)
    record("byol", byol(p, z), {"p": p, "z": z}, {})

    z1, z2 = leaf((B, D), g), leaf((B, D), g)
    record("barlow", barlow(z1, z2, 0.0051), {"z1": z1, "z2": z2}, {"lambda": 0.0051})

    student = [leaf((B, K), g) for _ in range(4)]
    teacher = [leaf((B, K), g) for _ in range(2)]
    for t in teacher:
        t.requires_grad_(False)
    center = 0.1 * torch.randn(1, K, generator=g)
    inputs = {f"s{i}": s for i, s in enumerate(student)}
    inputs.update({f"t{i}": t for i, t in enumerate(teacher)})
    inputs["center"] = center
    record("dino", dino(student, teacher, center, 0.1, 0.04), inputs,
           {"student_temp": 0.1, "teacher_temp": 0.04})

    # SwAV's scores are cosines (unit embeddings against unit prototypes): in [-1, 1]
    scores = [torch.tanh(torch.randn(B, K, generator=g)).requires_grad_(True) for _ in range(4)]
    loss, codes = swav(scores, 2, 0.1, 0.05, 3)
    record("swav", loss, {f"s{i}": s for i, s in enumerate(scores)},
           {"temperature": 0.1, "epsilon": 0.05, "iterations": 3, "globals": 2})
    for i, c in enumerate(codes):
        tensors[f"swav.codes{i}"] = c

    # InstDisc: exp(s/tau)/Z values, of the order of 1/n
    n = 1000
    x = (torch.exp(torch.randn(B, K + 1, generator=g) * 0.5) / n).requires_grad_(True)
    record("nce", nce(x, n), {"x": x}, {"n": n})

    x1, x2 = leaf((B, D), g, True), leaf((B, D), g, True)
    record("invaspread", invaspread(x1, x2, 0.1), {"x1": x1, "x2": x2}, {"temperature": 0.1})

    student = [leaf((B, K), g) for _ in range(4)]
    teacher = [leaf((B, K), g) for _ in range(2)]
    for t in teacher:
        t.requires_grad_(False)
    inputs = {f"s{i}": s for i, s in enumerate(student)}
    inputs.update({f"t{i}": t for i, t in enumerate(teacher)})
    record("dinosk", dino_sinkhorn(student, teacher, 0.1, 0.04, 3), inputs,
           {"student_temp": 0.1, "teacher_temp": 0.04, "iterations": 3})

    x = leaf((B, D), g)
    record("koleo", koleo(x), {"x": x}, {})

    l, ab = leaf((B, D), g, True), leaf((B, D), g, True)
    weight_l = F.normalize(torch.randn(B, K + 1, D, generator=g), dim=2)
    weight_ab = F.normalize(torch.randn(B, K + 1, D, generator=g), dim=2)
    record("cmc", cmc(l, ab, weight_l, weight_ab, 0.07), {"l": l, "ab": ab, "wl": weight_l, "wab": weight_ab},
           {"temperature": 0.07})

    targets = leaf((2, D, 4, 3), g)
    p1, p2 = leaf((2, D, 3, 3), g), leaf((2, D, 2, 3), g)
    record("cpc", cpc([p1, p2], targets), {"targets": targets, "p1": p1, "p2": p2}, {})

    n = 6   # patch tokens per view
    student = [leaf((B, n, K), g) for _ in range(2)]
    teacher = [leaf((B, n, K), g) for _ in range(2)]
    for t in teacher:
        t.requires_grad_(False)
    center = 0.1 * torch.randn(1, 1, K, generator=g)
    masks = [(torch.rand(B, n, generator=g) < 0.4).float() for _ in range(2)]
    masks[0][0] = 0   # an image of which nothing was hidden counts zero
    inputs = {f"s{i}": s for i, s in enumerate(student)}
    inputs.update({f"t{i}": t for i, t in enumerate(teacher)})
    inputs.update({f"m{i}": m for i, m in enumerate(masks)})
    inputs["center"] = center
    record("ibot", ibot_patch(student, teacher, center, masks, 0.1, 0.07), inputs,
           {"student_temp": 0.1, "teacher_temp": 0.07})

    write(args.out, tensors, {"made_by": "benchmarks/loss_fixtures.py", "torch": torch.__version__})
    print(f"wrote {len(tensors)} tensors to {args.out}")


def write(path, tensors, metadata):
    """The safetensors format: an 8-byte little-endian header length, a JSON header, raw F32 data."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        data = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


if __name__ == "__main__":
    main()
