#!/usr/bin/env python3
"""Writes the fixtures of ContrastLab's PyTorch checkpoint reader (issue 22) into
core/src/test/resources/fixtures/torch/:

- `dino_vit16.pth`: a full training checkpoint in DINO's layout (main_dino.py's save_dict:
  student, teacher, optimizer, epoch, args as an argparse.Namespace, dino_loss) holding two
  different random ViTs of patch 16 (the teacher float32, the student bfloat16), saved with
  torch.save's zip archive; plus a few extra tensors that share one storage through strided
  views (a transposed and a sliced one) and a float16 one.
- `mocov3_vit8.pth.tar`: MoCo v3's layout (main_moco.py: epoch, arch, state_dict with
  module.base_encoder., module.momentum_encoder. and module.predictor., optimizer) with a ViT of
  patch 8, saved in the legacy (pre-1.6) stream format; the momentum encoder float16.
- `outputs.safetensors`: what the two ViTs (the teacher of the first, the base encoder of the
  second) compute with PyTorch on two fixed images at 224x224 (the native grid), 224x160,
  256x256 and 480x480: the CLS features after the last norm, and the last block's attention
  of the CLS token to every token, per head. The position table is resampled the way DINO's
  vision_transformer.py does (bicubic with scale factor (g + 0.1) / 14). Also the extra
  tensors' values, to check strided views.
- `mocov2_resnet50.pth.tar`: MoCo v2's layout (module.encoder_q., module.encoder_k., the
  queue) around torchvision's ResNet-50 (its Bottleneck blocks and names) at 1/16 of the
  width, legacy format; `outputs.safetensors` holds the query encoder's pooled features in
  eval mode (batch-norm running statistics drawn away from 0 and 1) at 64x64 and 96x80.
- `dinov2_vit14_reg4.pth`: DINOv2's layout (LayerScale `ls1`/`ls2`, 4 register tokens, a
  mask token) with patch 14, outputs at 224x224, 224x168 and 280x280 (the attention row of the
  CLS token over CLS, registers and patches).
- `hostile/`: files that must be refused: a pickle that would run a shell command, one that
  names an unknown class, a storage that lies about its size, a zip bomb's size field, a
  truncated archive and legacy stream, a TorchScript archive, and a nest of lists.

The ViT below is written here after DINO's vision_transformer.py (facebookresearch/dino):
same module names, pre-norm blocks, LayerNorm eps 1e-6, qkv with bias, exact GELU. Images are
made by a formula that the Java test repeats. Run with Debian's python3-torch (1.13):

    python3 benchmarks/torch_checkpoint_fixtures.py [--out DIR]
"""
import argparse
import io
import json
import math
import os
import pickle
import struct
import zipfile
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

DIM, DEPTH, HEADS = 64, 2, 2
SIZES = [(224, 224), (224, 160), (256, 256), (480, 480)]


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, c)), attn


class Mlp(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(4 * dim, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class LayerScale(nn.Module):
    """DINOv2's layers/layer_scale.py: a learned per-channel gain."""

    def __init__(self, dim):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * self.gamma


class Block(nn.Module):
    def __init__(self, dim, heads, layer_scale=False):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.ls1 = LayerScale(dim) if layer_scale else nn.Identity()
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim)
        self.ls2 = LayerScale(dim) if layer_scale else nn.Identity()

    def forward(self, x):
        y, attn = self.attn(self.norm1(x))
        x = x + self.ls1(y)
        return x + self.ls2(self.mlp(self.norm2(x))), attn


class PatchEmbed(nn.Module):
    def __init__(self, patch, dim):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class ViT(nn.Module):
    """DINO's ViT; with layer_scale and registers, DINOv2's (dinov2/models/vision_transformer.py:
    LayerScale in every block, register tokens after the CLS token, added after the position
    embedding, and a mask token that inference does not use)."""

    def __init__(self, patch, dim=DIM, depth=DEPTH, heads=HEADS, img=224, layer_scale=False, registers=0):
        super().__init__()
        self.patch = patch
        self.patch_embed = PatchEmbed(patch, dim)
        grid = img // patch
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, grid * grid + 1, dim))
        self.registers = registers
        if registers:
            self.register_tokens = nn.Parameter(torch.randn(1, registers, dim))
        if layer_scale:
            self.mask_token = nn.Parameter(torch.zeros(1, dim))
        self.blocks = nn.ModuleList([Block(dim, heads, layer_scale) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        # larger than DINO's 0.02, so that a table resampled the wrong way shows in the attention
        nn.init.normal_(self.pos_embed, std=0.5)
        nn.init.normal_(self.cls_token, std=0.5)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.normal_(m.bias, std=0.02)  # non-zero, so that a bias read wrong shows
            elif isinstance(m, nn.LayerNorm):
                nn.init.normal_(m.weight, 1.0, 0.1)
                nn.init.normal_(m.bias, std=0.1)
            elif isinstance(m, LayerScale):
                nn.init.normal_(m.gamma, 0.5, 0.3)

    def interpolate_pos_encoding(self, h, w):
        """DINO's: the table's patch rows resampled bicubically with scale (g + 0.1) / sqrt(N)."""
        n = self.pos_embed.shape[1] - 1
        gh, gw = h // self.patch, w // self.patch
        if gh * gw == n and gh == gw:
            return self.pos_embed
        cls, table = self.pos_embed[:, :1], self.pos_embed[:, 1:]
        s = int(math.sqrt(n))
        dim = table.shape[-1]
        table = table.reshape(1, s, s, dim).permute(0, 3, 1, 2)
        table = F.interpolate(table, scale_factor=((gh + 0.1) / s, (gw + 0.1) / s), mode="bicubic")
        assert table.shape[-2:] == (gh, gw)
        return torch.cat([cls, table.permute(0, 2, 3, 1).reshape(1, -1, dim)], dim=1)

    def forward(self, x):
        b, _, h, w = x.shape
        x = self.patch_embed(x)
        x = torch.cat([self.cls_token.expand(b, -1, -1), x], dim=1) + self.interpolate_pos_encoding(h, w)
        if self.registers:
            x = torch.cat([x[:, :1], self.register_tokens.expand(b, -1, -1), x[:, 1:]], dim=1)
        attn = None
        for blk in self.blocks:
            x, attn = blk(x)
        return self.norm(x)[:, 0], attn


def images(h, w):
    """Two fixed images (2, 3, h, w), the formula the Java test repeats, in float32."""
    b = torch.arange(2, dtype=torch.float64).view(2, 1, 1, 1)
    c = torch.arange(3, dtype=torch.float64).view(1, 3, 1, 1)
    y = torch.arange(h, dtype=torch.float64).view(1, 1, h, 1)
    x = torch.arange(w, dtype=torch.float64).view(1, 1, 1, w)
    v = torch.sin(0.05 * y * (c + 1) + b) * torch.cos(0.031 * x * (2 - c) + 0.5 * b) + 0.1 * c
    return v.float()


def as_dtype(state, dtype):
    return OrderedDict((k, v.to(dtype)) for k, v in state.items())


def prefixed(prefix, state):
    return OrderedDict((prefix + k, v) for k, v in state.items())


def outputs(model, name, tensors, sizes=SIZES):
    model.eval()
    with torch.no_grad():
        for h, w in sizes:
            cls, attn = model(images(h, w))
            tensors[f"{name}.{h}x{w}.cls"] = cls
            tensors[f"{name}.{h}x{w}.attn"] = attn[:, :, 0, :]


def dino_checkpoint(out, tensors):
    torch.manual_seed(1)
    teacher = ViT(16)
    student = ViT(16)
    head = nn.Sequential(nn.Linear(DIM, 32), nn.GELU(), nn.Linear(32, 16))
    big = torch.randn(6, 10)
    extras = {"big": big, "transposed": big.t(), "sliced": big[1:5:2, 3:9:3], "half": torch.randn(3, 4).half()}
    save = {
        "student": OrderedDict(list(prefixed("module.backbone.", as_dtype(student.state_dict(), torch.bfloat16)).items())
                               + list(prefixed("module.head.", head.state_dict()).items())),
        "teacher": OrderedDict(list(prefixed("backbone.", teacher.state_dict()).items())
                               + list(prefixed("head.", head.state_dict()).items())),
        "optimizer": {"state": {0: {"exp_avg": torch.zeros(3)}}, "param_groups": [{"lr": 0.1, "params": [0]}]},
        "epoch": 3,
        "args": argparse.Namespace(arch="vit_small", patch_size=16, out_dim=16, lr=0.0005, norm_last_layer=True),
        "dino_loss": {"center": torch.zeros(1, 16)},
        "extras": extras,
    }
    torch.save(save, os.path.join(out, "dino_vit16.pth"))
    outputs(teacher, "dino_vit16.teacher", tensors)
    student_back = ViT(16)
    student_back.load_state_dict(as_dtype(as_dtype(student.state_dict(), torch.bfloat16), torch.float32))
    outputs(student_back, "dino_vit16.student", tensors)
    for k, v in extras.items():
        tensors["dino_vit16.extras." + k] = v.float().contiguous()


class SmallResNet50(torchvision.models.resnet.ResNet):
    """torchvision's ResNet-50 (its Bottleneck blocks, [3, 4, 6, 3], its names) at 1/16 of the
    width (stem 4, stages 4-8-16-32, 128 features), so that the fixture stays small."""

    def __init__(self):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes, self.dilation, self.groups, self.base_width = 4, 1, 1, 64
        block = torchvision.models.resnet.Bottleneck
        self.conv1 = nn.Conv2d(3, 4, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 4, 3)
        self.layer2 = self._make_layer(block, 8, 4, stride=2)
        self.layer3 = self._make_layer(block, 16, 6, stride=2)
        self.layer4 = self._make_layer(block, 32, 3, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(128, 10)
        for m in self.modules():
            if isinstance(m, nn.BatchNorm2d):  # trained-looking statistics, so that eval mode matters
                nn.init.normal_(m.weight, 1.0, 0.2)
                nn.init.normal_(m.bias, std=0.2)
                m.running_mean.normal_(std=0.2)
                m.running_var.uniform_(0.5, 2.0)


def resnet_features(model, x):
    model.eval()
    with torch.no_grad():
        f = model.maxpool(model.relu(model.bn1(model.conv1(x))))
        f = model.layer4(model.layer3(model.layer2(model.layer1(f))))
        return torch.flatten(model.avgpool(f), 1)


def mocov2_checkpoint(out, tensors):
    """MoCo v2's layout (moco/main_moco.py: epoch, arch, state_dict with module.encoder_q. and
    module.encoder_k., their MLP heads as fc.0 / fc.2, the queue; optimizer), legacy format."""
    torch.manual_seed(3)
    q, k = SmallResNet50(), SmallResNet50()
    for m in (q, k):
        m.fc = nn.Sequential(nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 16))
    state = OrderedDict(list(prefixed("module.encoder_q.", q.state_dict()).items())
                        + list(prefixed("module.encoder_k.", k.state_dict()).items())
                        + [("module.queue", torch.randn(16, 32)), ("module.queue_ptr", torch.zeros(1, dtype=torch.long))])
    save = {"epoch": 200, "arch": "resnet50", "state_dict": state, "optimizer": {"state": {}, "param_groups": []}}
    torch.save(save, os.path.join(out, "mocov2_resnet50.pth.tar"), _use_new_zipfile_serialization=False)
    for h, w in [(64, 64), (96, 80)]:
        tensors[f"mocov2_resnet50.query.{h}x{w}.features"] = resnet_features(q, images(h, w))


def dinov2_checkpoint(out, tensors):
    """DINOv2's hub layout (dinov2_vits14_reg4_pretrain.pth: the backbone's state dict, no prefix)
    with patch 14, LayerScale and 4 register tokens, zip format."""
    torch.manual_seed(4)
    model = ViT(14, layer_scale=True, registers=4)
    torch.save(model.state_dict(), os.path.join(out, "dinov2_vit14_reg4.pth"))
    outputs(model, "dinov2_vit14_reg4", tensors, sizes=[(224, 224), (224, 168), (280, 280)])


def mocov3_checkpoint(out, tensors):
    torch.manual_seed(2)
    base = ViT(8)
    momentum = ViT(8)
    predictor = nn.Sequential(nn.Linear(DIM, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, DIM))
    state = OrderedDict(list(prefixed("module.base_encoder.", base.state_dict()).items())
                        + [("module.base_encoder.head.0.weight", torch.randn(32, DIM))]
                        + list(prefixed("module.momentum_encoder.", as_dtype(momentum.state_dict(), torch.float16)).items())
                        + list(prefixed("module.predictor.", predictor.state_dict()).items()))
    save = {"epoch": 5, "arch": "vit_small", "state_dict": state, "optimizer": {"state": {}, "param_groups": []}}
    torch.save(save, os.path.join(out, "mocov3_vit8.pth.tar"), _use_new_zipfile_serialization=False)
    outputs(base, "mocov3_vit8.base", tensors)


class RunsCode:
    """What an attacker's checkpoint carries: unpickling it would run a shell command."""

    def __reduce__(self):
        return (os.system, ("echo this checkpoint ran code",))


class Unknown:
    pass


def zip_with(pickled, records, path):
    """A checkpoint archive written by hand: archive/data.pkl and archive/data/<key> records."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", pickled)
        for key, data in records.items():
            z.writestr("archive/data/" + key, data)
        z.writestr("archive/version", "3\n")


def lying_pickle(numel):
    """A state dict of one tensor whose storage claims numel elements."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=2)
    t = torch.zeros(4)
    p.persistent_id = lambda obj: ("storage", torch.FloatStorage, "0", "cpu", numel) \
        if isinstance(obj, torch.storage.TypedStorage) else None
    p.dump(OrderedDict(weight=t))
    return buf.getvalue()


def hostile(out):
    d = os.path.join(out, "hostile")
    os.makedirs(d, exist_ok=True)
    torch.save({"state_dict": OrderedDict(w=torch.zeros(2)), "payload": RunsCode()}, os.path.join(d, "runs_code.pth"))
    torch.save({"w": torch.zeros(2), "thing": Unknown()}, os.path.join(d, "unknown_class.pth"))
    torch.save({"w": torch.zeros(2), "payload": RunsCode()}, os.path.join(d, "runs_code_legacy.pth"),
               _use_new_zipfile_serialization=False)
    # the pickle says 2^40 floats; the record holds 16 bytes
    zip_with(lying_pickle(1 << 40), {"0": bytes(16)}, os.path.join(d, "lying_size.pth"))
    # the pickle says 1,000 floats; the record holds 16 bytes
    zip_with(lying_pickle(1000), {"0": bytes(16)}, os.path.join(d, "short_record.pth"))
    # a zip bomb's header: a deflated record whose declared size is 2^40 bytes
    zip_with(lying_pickle(4), {}, os.path.join(d, "zip_bomb.pth"))
    with zipfile.ZipFile(os.path.join(d, "zip_bomb.pth"), "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("archive/data/0", bytes(1 << 20))
    bomb = bytearray(open(os.path.join(d, "zip_bomb.pth"), "rb").read())
    name = b"archive/data/0"
    cd = bomb.rfind(b"PK\x01\x02", 0, bomb.rfind(name))  # its central directory entry
    struct.pack_into("<I", bomb, cd + 24, 0xFFFFFFF0)  # uncompressed size: ~4 GB from a few KB
    open(os.path.join(d, "zip_bomb.pth"), "wb").write(bomb)
    good = io.BytesIO()
    torch.save(OrderedDict(w=torch.randn(64, 64)), good)
    open(os.path.join(d, "truncated.pth"), "wb").write(good.getvalue()[: len(good.getvalue()) * 2 // 3])
    legacy = io.BytesIO()
    torch.save(OrderedDict(w=torch.randn(64, 64)), legacy, _use_new_zipfile_serialization=False)
    open(os.path.join(d, "truncated_legacy.pth"), "wb").write(legacy.getvalue()[: len(legacy.getvalue()) - 100])
    torch.jit.save(torch.jit.script(nn.Linear(2, 2)), os.path.join(d, "torchscript.pt"))
    nest = []
    for _ in range(200):
        nest = [nest]
    torch.save({"w": torch.zeros(1), "nest": nest}, os.path.join(d, "deep_nest.pth"))
    open(os.path.join(d, "not_a_checkpoint.pth"), "wb").write(b"just some text, not a checkpoint\n" * 4)


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for k, v in tensors.items():
        b = v.detach().float().contiguous().numpy().tobytes()
        header[k] = {"dtype": "F32", "shape": list(v.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    out = OrderedDict()
    for k, v in header.items():
        a, b = v["data_offsets"]
        assert v["dtype"] == "F32", v["dtype"]
        out[k] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(v["shape"])
    return out, meta


def check_export(path):
    """Loads an export into the DINO-layout ViT with strict keys and runs it once."""
    state, meta = read_safetensors(path)
    patch = state["patch_embed.proj.weight"].shape[2]
    dim = state["patch_embed.proj.weight"].shape[0]
    depth = len({k.split(".")[1] for k in state if k.startswith("blocks.")})
    heads = int(meta.get("contrastlab.heads", dim // 64))
    grid = int(math.sqrt(state["pos_embed"].shape[1] - 1))
    model = ViT(patch, dim=dim, depth=depth, heads=heads, img=grid * patch)
    model.load_state_dict(state, strict=True)
    cls, attn = model.eval()(images(grid * patch, grid * patch))
    print(f"export_loads_strict=1 {path}: width {dim}, depth {depth}, {heads} heads, patch {patch}, CLS {tuple(cls.shape)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="core/src/test/resources/fixtures/torch")
    parser.add_argument("--check-export", metavar="FILE.safetensors",
                        help="instead: load a ViT written by `contrastlab export` into the ViT above with strict keys")
    args = parser.parse_args()
    if args.check_export:
        check_export(args.check_export)
        return
    os.makedirs(args.out, exist_ok=True)
    tensors = {}
    dino_checkpoint(args.out, tensors)
    mocov3_checkpoint(args.out, tensors)
    mocov2_checkpoint(args.out, tensors)
    dinov2_checkpoint(args.out, tensors)
    hostile(args.out)
    write_safetensors(os.path.join(args.out, "outputs.safetensors"), tensors,
                      {"made_by": "benchmarks/torch_checkpoint_fixtures.py", "torch": torch.__version__,
                       "sizes": json.dumps(SIZES), "heads": str(HEADS)})


if __name__ == "__main__":
    main()
