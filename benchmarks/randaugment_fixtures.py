#!/usr/bin/env python3
"""Writes core/src/test/resources/fixtures/randaugment.safetensors: each of RandAugment's fifteen
ops done by PIL, as InfoMin's views use them (HobbitLong/PyContrast datasets/RandAugment.py, a
timm derivative: PIL's ImageOps and ImageEnhance, and Image.transform / Image.rotate with the
ImageNet-mean fill), on a few small structured images. `RandAugmentFixturesTest` applies our
batched ops to the same images and compares.

The calls are written here from PIL's documented API, with the arguments PyContrast's
`*_level_to_arg` functions produce; bilinear resampling for the warps (PyContrast picks bilinear
or bicubic at random; ours is bilinear).

Tensors: `images` (N, 3, S, S) float32 in [0, 1] (8-bit levels / 255); for each case
`<op>.<k>.out` (N, 3, S, S) and `<op>.<k>.arg` (shape (1,)), the op's argument. Run with
Debian's python3-pil and python3-numpy:

    /usr/bin/python3 benchmarks/randaugment_fixtures.py [--out FILE]
"""
import argparse
import json
import struct

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

N, S = 3, 16
FILL = (124, 116, 104)

CASES = {
    "AutoContrast": [0],
    "Equalize": [0],
    "Invert": [0],
    "Rotate": [17.3, -28.5],
    "PosterizeTpu": [4, 3, 0],
    "Solarize": [230, 128],
    "SolarizeAdd": [99, 110],
    "Color": [1.9, 0.37],
    "Contrast": [1.9, 0.37],
    "Brightness": [1.9, 0.37],
    "Sharpness": [1.9, 0.37],
    "ShearX": [0.27, -0.3],
    "ShearY": [0.27, -0.3],
    "TranslateXRel": [0.4, -0.31],
    "TranslateYRel": [0.4, -0.31],
}


def images(rng):
    """Gradients, a bright disc and a dark square on a tinted ground, a little noise: each image
    uses a narrow part of the 8-bit range so that autocontrast and equalize have work to do."""
    out = []
    yy, xx = np.mgrid[0:S, 0:S]
    for i in range(N):
        base = rng.integers(40, 120, size=3)
        img = np.zeros((S, S, 3), dtype=np.float64)
        for c in range(3):
            img[..., c] = base[c] + (xx * (c + 1) + yy * (3 - c)) * (0.6 + 0.3 * i)
        disc = (xx - 6 - i) ** 2 + (yy - 8) ** 2 < 16
        img[disc] += rng.integers(30, 80, size=3)
        img[12:17, 11 + i % 3:16 + i % 3] -= 35
        img += rng.normal(0, 3, size=img.shape)
        out.append(np.clip(np.rint(img), 0, 255).astype(np.uint8))
    return out


def apply(name, img, arg):
    pil = Image.fromarray(img, "RGB")
    kw = dict(resample=Image.BILINEAR, fillcolor=FILL)
    if name == "AutoContrast":
        r = ImageOps.autocontrast(pil)
    elif name == "Equalize":
        r = ImageOps.equalize(pil)
    elif name == "Invert":
        r = ImageOps.invert(pil)
    elif name == "Rotate":
        r = pil.rotate(arg, **kw)
    elif name == "PosterizeTpu":
        r = pil if arg >= 8 else ImageOps.posterize(pil, int(arg))
    elif name == "Solarize":
        r = ImageOps.solarize(pil, int(arg))
    elif name == "SolarizeAdd":
        lut = [min(255, i + int(arg)) if i < 128 else i for i in range(256)]
        r = pil.point(lut * 3)
    elif name == "Color":
        r = ImageEnhance.Color(pil).enhance(arg)
    elif name == "Contrast":
        r = ImageEnhance.Contrast(pil).enhance(arg)
    elif name == "Brightness":
        r = ImageEnhance.Brightness(pil).enhance(arg)
    elif name == "Sharpness":
        r = ImageEnhance.Sharpness(pil).enhance(arg)
    elif name == "ShearX":
        r = pil.transform(pil.size, Image.AFFINE, (1, arg, 0, 0, 1, 0), **kw)
    elif name == "ShearY":
        r = pil.transform(pil.size, Image.AFFINE, (1, 0, 0, arg, 1, 0), **kw)
    elif name == "TranslateXRel":
        r = pil.transform(pil.size, Image.AFFINE, (1, 0, arg * pil.size[0], 0, 1, 0), **kw)
    elif name == "TranslateYRel":
        r = pil.transform(pil.size, Image.AFFINE, (1, 0, 0, 0, 1, arg * pil.size[1]), **kw)
    else:
        raise ValueError(name)
    return np.asarray(r, dtype=np.uint8)


def chw(batch):
    return np.stack(batch).transpose(0, 3, 1, 2).astype(np.float32) / 255.0


def write(path, tensors, metadata):
    """The safetensors format: an 8-byte little-endian header length, a JSON header, raw F32 data."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        data = np.ascontiguousarray(t, dtype=np.float32).tobytes()
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="core/src/test/resources/fixtures/randaugment.safetensors")
    out = parser.parse_args().out
    rng = np.random.default_rng(7)
    imgs = images(rng)
    tensors = {"images": chw(imgs)}
    for name, args in CASES.items():
        for k, arg in enumerate(args):
            tensors[f"{name}.{k}.out"] = chw([apply(name, img, arg) for img in imgs])
            tensors[f"{name}.{k}.arg"] = np.array([arg], dtype=np.float32)
    import PIL
    write(out, tensors, {"pil": PIL.__version__, "script": "benchmarks/randaugment_fixtures.py"})
    print(f"wrote {out}: {len(tensors)} tensors")


if __name__ == "__main__":
    main()
