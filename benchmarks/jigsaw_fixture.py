#!/usr/bin/env python3
"""Writes core/src/test/resources/fixtures/jigsaw.safetensors: InfoMin's and PIRL's jigsaw head
(HobbitLong/PyContrast networks/util.py JigsawHead, its 'mlp' form, read, not copied) computed
by plain PyTorch on small random inputs with a given order of each image's patches, and the
gradients of its input and weights. `JigsawHeadFixtureTest` loads the same weights into our
`JigsawHead`, feeds the same inputs and order, and compares to 1e-5.

The head: every patch feature through Linear(D, H) -> ReLU -> Linear(H, P); each image's k
outputs put in the order given (PyContrast draws torch.randperm(k) per image and adds the image's
first row index); the k outputs of an image concatenated and mapped by Linear(k*P, P). PyContrast
then L2-normalises; ours leaves that to the method, so the fixture stops before it.

Tensors: `in_x` (B*k, D), `order` (B, k) as floats, `w1` (H, D), `b1` (H), `w2` (P, H), `b2` (P),
`w3` (P, k*P), `b3` (P), `r` (B, P) the weights of the scalar whose gradients are kept
(sum(out * r)), `out` (B, P), and `grad_x`, `grad_w1`, `grad_w3` of that scalar. Run with
Debian's python3-torch (1.13):

    /usr/bin/python3 benchmarks/jigsaw_fixture.py [--out FILE]
"""
import argparse

import torch

from loss_fixtures import write

B, K, D, H, P = 3, 9, 12, 10, 8   # images, patches an image, feature, hidden and output widths


def jigsaw_head(x, order, w1, b1, w2, b2, w3, b3):
    y = torch.nn.functional.linear(torch.relu(torch.nn.functional.linear(x, w1, b1)), w2, b2)
    firsts = (torch.arange(B) * K).unsqueeze(1)
    shuffled = y[(order + firsts).reshape(-1)]
    return torch.nn.functional.linear(shuffled.reshape(B, K * P), w3, b3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="core/src/test/resources/fixtures/jigsaw.safetensors")
    args = parser.parse_args()
    g = torch.Generator().manual_seed(23)
    x = torch.randn(B * K, D, generator=g).requires_grad_()
    order = torch.stack([torch.randperm(K, generator=g) for _ in range(B)])
    w1 = (torch.randn(H, D, generator=g) * 0.3).requires_grad_()
    b1 = torch.randn(H, generator=g) * 0.1
    w2 = torch.randn(P, H, generator=g) * 0.3
    b2 = torch.randn(P, generator=g) * 0.1
    w3 = (torch.randn(P, K * P, generator=g) * 0.1).requires_grad_()
    b3 = torch.randn(P, generator=g) * 0.1
    r = torch.randn(B, P, generator=g)
    out = jigsaw_head(x, order, w1, b1, w2, b2, w3, b3)
    (out * r).sum().backward()
    tensors = {"in_x": x, "order": order.float(), "w1": w1, "b1": b1, "w2": w2, "b2": b2, "w3": w3, "b3": b3, "r": r,
               "out": out, "grad_x": x.grad, "grad_w1": w1.grad, "grad_w3": w3.grad}
    write(args.out, tensors, {"source": "benchmarks/jigsaw_fixture.py", "torch": torch.__version__})
    print(f"wrote {args.out}: {len(tensors)} tensors")


if __name__ == "__main__":
    main()
