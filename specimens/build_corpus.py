#!/usr/bin/python3
"""Build the specimen image corpus from extracted Debian packages.

Usage:
    /usr/bin/python3 build_corpus.py SRC [--out DIR] [--no-verify]

SRC holds one folder per Debian package, each made with
    dpkg -x PKG_VERSION_ARCH.deb SRC/PKG
(see README.md for the exact download commands). The script writes
DIR/images/<name>.png and DIR/corpus.json (DIR defaults to the folder this
script is in). It needs only the Python standard library, numpy and PIL, and
it is deterministic: the same packages give byte-identical output with the same
numpy / Pillow versions (Debian 12: numpy 1.24.2, Pillow 9.4.0).

Every source file is checked against the SHA-256 recorded below, so a newer
package version that changed an image is noticed instead of silently giving a
different corpus (--no-verify skips the check).
"""

import argparse
import bz2
import hashlib
import io
import json
import os
import struct
import sys
import zipfile

import numpy as np
from PIL import Image

# Longest side of an output image, per category; larger sources are area-averaged
# down (never up). Photographs and textures are capped lower than micrographs to keep
# the corpus under 20 MB.
MAX_SIDE = {"micrograph": 1024, "photograph": 768, "texture": 768}

HYPERSPY_IO = "usr/lib/python3/dist-packages/hyperspy/tests/io/"
MATE = "usr/share/backgrounds/mate/"
PLASMA = "usr/share/wallpapers/"
MYPAINT = "usr/share/mypaint/backgrounds/"

HYPERSPY_COPY = "2007-2016 The HyperSpy developers"
PLASMA_COPY = "2014 KDE Visual Design Group"
RAMON_COPY = "Copyright 2010 Ramón Miranda <mirandagraphic@gmail.com>"
MAMURK_COPY = "Copyright 2011 MrMamurk <storm.86@list.ru>"

# Debian 12 (bookworm) package versions the corpus was built from.
PACKAGE_VERSIONS = {
    "python3-hyperspy": "1.7.3-1",
    "mate-backgrounds": "1.26.0-1",
    "plasma-workspace-wallpapers": "4:5.27.5-2",
    "python-matplotlib-data": "3.6.3-1",
    "python3-sklearn": "1.2.1+dfsg-1",
    "python3-scipy": "1.10.1-2",
    "python3-pywt": "1.1.1-3+b2",
    "cimg-examples": "3.2.1+dfsg-1",
    "mypaint-data-extras": "2.0.1-9",
}


def mate(name, rel, category, holder, notes=""):
    return dict(name=name, category=category, package="mate-backgrounds", path=MATE + rel,
                reader="pil", licence="GPL-2.0-or-later", copyright=holder, notes=notes)


def plasma(name, folder, size, author, notes=""):
    return dict(name=name, category="photograph", package="plasma-workspace-wallpapers",
                path=PLASMA + folder + "/contents/images/" + size + ".jpg", reader="pil",
                licence="GPL-2.0-or-later", copyright=PLASMA_COPY,
                notes=("photo by " + author + "; the wallpaper's metadata.json says LGPLv3, "
                       "the Debian copyright file GPL-2+ for all files; largest size shipped used. "
                       + notes).strip())


def mypaint(name, rel, holder):
    return dict(name=name, category="texture", package="mypaint-data-extras", path=MYPAINT + rel,
                reader="pil", licence="CC0-1.0", copyright=holder,
                notes="scanned art-paper/canvas texture; low contrast, kept as shipped")


# One entry per source image. Optional keys:
#   member   file inside a zip archive (reader zip-pil / zip-npy)
#   crop     (top, bottom) rows to keep, in source pixels, applied before anything else
#   tone     "asis" (8-bit data kept), "stretch" (0.1/99.9 % percentiles to 0..255),
#            "log" (log of the data, then the same stretch); default: asis for 8-bit, stretch otherwise
#   invert   True for dark-field / emission images (bright objects on a dark background)
#   group    images of one scene share a group, so they always fall in the same split
RECIPES = [
    # ---------------- micrographs (HyperSpy's file-reader test data, real instrument files)
    dict(name="sem-zeiss-grain-structure", category="micrograph", package="python3-hyperspy",
         path=HYPERSPY_IO + "tiff_files/tiff_Zeiss_SEM.zip", member="test_tiff_Zeiss_SEM_1k.tif",
         reader="zip-pil", crop=(0, 690), licence="GPL-3.0-or-later", copyright=HYPERSPY_COPY,
         notes="Zeiss SEM secondary-electron image (HE-SE2, 105x); the instrument data bar "
               "(rows 690-767) is cropped off"),
    dict(name="sem-zeiss-crack-particles", category="micrograph", package="python3-hyperspy",
         path=HYPERSPY_IO + "tiff_files/tiff_Zeiss_SEM.zip", member="test_tiff_Zeiss_SEM_512pix.tif",
         reader="zip-pil", crop=(0, 350), licence="GPL-3.0-or-later", copyright=HYPERSPY_COPY,
         notes="Zeiss SEM in-lens image (50 kX) of a cracked surface with particles; the data bar "
               "(rows 350-383) is cropped off"),
    dict(name="stem-haadf-nanoparticles", category="micrograph", package="python3-hyperspy",
         path=HYPERSPY_IO + "emd_files/fei_emd_files.zip", member="fei_emd_image.npy",
         reader="zip-npy", tone="log", invert=True, licence="GPL-3.0-or-later",
         copyright=HYPERSPY_COPY,
         notes="FEI Velox HAADF-STEM image (uint16 reference array of fei_emd_image.emd): "
               "log-stretched so the support film shows, inverted to dark particles on a bright field"),
    dict(name="stem-jeol-particles", category="micrograph", package="python3-hyperspy",
         path=HYPERSPY_IO + "JEOL_files/Sample/00_View000/View000_0000000.img", reader="jeol-img",
         tone="stretch", invert=True, licence="GPL-3.0-or-later", copyright=HYPERSPY_COPY,
         notes="JEOL JEM-2100F / JED-2200 analysis-station image (8-bit, values 0-52): "
               "percentile-stretched and inverted (bright particles on a dark background)"),
    dict(name="tem-film-bend-contours", category="micrograph", package="python3-hyperspy",
         path=HYPERSPY_IO + "dm3_2D_data/multi_signal.dm3", reader="dm3",
         tone="stretch", licence="GPL-3.0-or-later", copyright=HYPERSPY_COPY,
         notes="Gatan DigitalMicrograph uint16 TEM image (the 512x512 image of the file, "
               "not its thumbnail); percentile-stretched; low contrast, noisy"),

    # ---------------- photographs
    mate("dune-grass", "nature/Dune.jpg", "photograph", "2007, Marco Cogoni <cogoni@gmail.com>"),
    mate("orange-flower-petals", "nature/FreshFlower.jpg", "photograph",
         "2005, Jens Ansorg <jens@ansorg-web.de>"),
    mate("marigold-garden", "nature/Garden.jpg", "photograph",
         "2008, Charles Barbin <barbinch@free.fr>"),
    mate("green-meadow", "nature/GreenMeadow.jpg", "photograph", "2005, Timothy Schellhase"),
    mate("ladybird-stem", "nature/LadyBird.jpg", "photograph",
         "2008, Charles Barbin <barbinch@free.fr>"),
    mate("raindrops-on-leaves", "nature/RainDrops.jpg", "photograph",
         '2008, "blackcombwhistler07" <blackcombwhistler07@googlemail.com>'),
    mate("dandelion-seeds", "nature/TwoWings.jpg", "photograph",
         "2008, Charles Barbin <barbinch@free.fr>"),
    mate("yellow-flower", "nature/YellowFlower.jpg", "photograph",
         "2008, Charles Barbin <barbinch@free.fr>"),
    plasma("wooden-jetty", "BytheWater", "2560x1600", "Maciej Wiklo"),
    plasma("foggy-pier", "ColdRipple", "2560x1600", "Risto Saukonpää"),
    plasma("colorful-cups", "ColorfulCups", "2560x1600", "Dmitri Popov"),
    plasma("rowing-boats", "EveningGlow", "2560x1600", "Ian Hex"),
    plasma("fallen-leaf", "FallenLeaf", "2560x1600", "Martin Klapetek"),
    plasma("lattice-facade", "Grey", "2560x1600", "Sigi Sagi"),
    plasma("moss-sprouts", "OneStandsOut", "2560x1600", "Risto Saukonpää"),
    plasma("forest-path", "Path", "2560x1600", "Risto Saukonpää"),
    dict(name="grace-hopper", category="photograph", package="python-matplotlib-data",
         path="usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg", reader="pil",
         licence="Matplotlib license (PSF-based)",
         copyright="2002-2012 John Hunter, Darren Dale, Eric Firing, Michael Droettboom and the "
                   "matplotlib development team; 2012-2016 The matplotlib development team",
         notes="official U.S. Navy portrait of Grace Hopper (a U.S. government work)"),
    dict(name="pagoda-summer-palace", category="photograph", package="python3-sklearn",
         path="usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg", reader="pil",
         licence="CC-BY-2.0", copyright="danielbuechele (Flickr), retrieved by Robert Layton",
         notes="sklearn/datasets/images/README.txt: CC BY 2.0, 'Some rights reserved by "
               "danielbuechele'; attribution required (the Debian copyright file lists the "
               "package as BSD-3-Clause)"),
    dict(name="dahlia-flower", category="photograph", package="python3-sklearn",
         path="usr/lib/python3/dist-packages/sklearn/datasets/images/flower.jpg", reader="pil",
         licence="CC-BY-2.0", copyright="vultilion (Flickr), retrieved by Robert Layton",
         notes="sklearn/datasets/images/README.txt: CC BY 2.0, source "
               "flickr.com/photos/vultilion/6056698931 (the README's attribution line repeats "
               "danielbuechele); attribution required"),
    dict(name="raccoon-face", category="photograph", package="python3-scipy",
         path="usr/lib/python3/dist-packages/scipy/misc/face.dat", reader="bz2-raw",
         shape=(768, 1024, 3), licence="BSD-3-Clause", copyright="2003-2019 SciPy Developers",
         notes="scipy.misc.face: derived from raccoon-procyon-lotor.jpg at public-domain-image.com"),
    dict(name="stairway-ascent", category="photograph", package="python3-pywt",
         path="usr/lib/python3/dist-packages/pywt/data/ascent.npz", reader="npz",
         licence="MIT", copyright="2006-2012, Filip Wasilewski; 2012-2015, The PyWavelets Developers",
         notes="same picture as scipy.misc.ascent (public domain per python3-scipy's copyright "
               "file, derived from accent-to-the-top.jpg at public-domain-image.com)"),
    dict(name="aerial-farmland", category="photograph", package="python3-pywt",
         path="usr/lib/python3/dist-packages/pywt/data/aero.npz", reader="npz",
         licence="MIT", copyright="2006-2012, Filip Wasilewski; 2012-2015, The PyWavelets Developers",
         notes="greyscale aerial photograph shipped as pywt.data.aero"),
    dict(name="parrot-in-cage", category="photograph", package="cimg-examples",
         path="usr/share/doc/cimg-dev/examples/img/parrot.ppm", reader="pil",
         licence="CeCILL-2.0",
         copyright="2000-2003 David Tschumperlé - INRIA Sophia-Antipolis; "
                   "2004-2015 David Tschumperlé - GREYC UMR CNRS 6072",
         notes="CImg's sample image; covered by the package-wide CeCILL paragraph"),

    # ---------------- textures
    mate("weathered-wood", "nature/Wood.jpg", "texture",
         "2008, Jean-François Fortin Tam <nekohayo@gmail.com>",
         notes="close-up photograph of wood grain, used as a texture"),
    mate("leaf-veins", "nature/Blinds.jpg", "texture",
         "2008, Lennart Poettering <mztabzr@0pointer.de>; 2008, Andrea Cimitan",
         notes="close-up photograph of a leaf's parallel veins, used as a texture"),
    mypaint("cork", "ramon/HR_Cork.png", RAMON_COPY),
    mypaint("deco-paper-fibres", "ramon/HR_DecoPaper.png", RAMON_COPY),
    mypaint("pastel-paper-speckled", "ramon/HR_PastelPaper 01.png", RAMON_COPY),
    mypaint("pastel-paper-fibres", "ramon/HR_PastelPaper 02.png", RAMON_COPY),
    mypaint("rough-paper", "ramon/HR_RoughPaper.png", RAMON_COPY),
    mypaint("canvas-weave", "ramon/HR_Canvas 01.png", RAMON_COPY),
    mypaint("canvas-weave-fine", "ramon/HR_Canvas 02.png", RAMON_COPY),
    mypaint("sketch-paper", "ramon/HR_SketchPaper.png", RAMON_COPY),
    mypaint("watercolor-paper", "ramon/HR_WaterColor.png", RAMON_COPY),
    mypaint("felt-paper-grey", "mrmamurk/mamurk_a_1.png", MAMURK_COPY),
    mypaint("felt-paper-violet", "mrmamurk/mamurk_b_1.png", MAMURK_COPY),
    mypaint("laid-paper-white", "mrmamurk/mamurk_e_2.png", MAMURK_COPY),
    mypaint("card-paper-peach", "mrmamurk/mamurk_f_1.png", MAMURK_COPY),
]

# SHA-256 of every source file (of the zip member for zip readers) in the Debian 12
# packages listed in PACKAGE_VERSIONS; --print-sha256 prints a fresh table.
SOURCE_SHA256 = {
    "sem-zeiss-grain-structure":
        "c6c20b1f01fc33f23c3267941fb86748b3bc9414c38325873d450d8a6d23ece7",
    "sem-zeiss-crack-particles":
        "3ff2ed5eb9fc1e75cf2188bd4aa11bba1cc82496e1084303bc8685aa1de99431",
    "stem-haadf-nanoparticles":
        "a668063108c80c844a9fe038ac56ffa2a70fcc0864d0690dc553e51582f9ed4b",
    "stem-jeol-particles":
        "6181542c7058739228f8f4a2d224938b0ff7ee2c01d942078591bb81fc9e6777",
    "tem-film-bend-contours":
        "cd025111a163cad9ef6fb0331b740ddefa2f7024c3f691723bd5235a313aa12e",
    "dune-grass":
        "8a67c2cb0be8c46b70c237311a4fa4d2b4ac7d39568135384787801fa5cc9a91",
    "orange-flower-petals":
        "972b0a0c4e5e3fa93f4f244fc84bc64b121a5eac3aaa5856f1308c1f38a02f8e",
    "marigold-garden":
        "d3095ee09d425ef23d27155412136cf14fc3c9af76ca58b452f55e23da324e78",
    "green-meadow":
        "8fa0de0aa4089f7319c9fb7a6d006d4cab6023e8c8853731557cff53567b4832",
    "ladybird-stem":
        "e35a9a4126ef969c90b29c038058c5a575a20eadd84106a37bf1fa9931e7b61d",
    "raindrops-on-leaves":
        "3e4ea9671c28c90a86cf67b3db9daf18c4741587c596333a7529ca589aaa0c16",
    "dandelion-seeds":
        "665e5abf8a5399070a91a9a8e455fe071e5b61697ff78fdeda4e9843ef545aeb",
    "yellow-flower":
        "254da96256acb7add685679775a04d1e4a5bc8cd13e5a5a3d61351ce198a5306",
    "wooden-jetty":
        "c272434ef39f2abf1ed48a15a8910088020f3165329a5092f3940ec9464bc05f",
    "foggy-pier":
        "05bef6722fc0ed81292cceb3ed026c38d17e510f3c84be7d68610c2b1a723c3f",
    "colorful-cups":
        "6e0f3a72feb5a4a9fec191b77e34874c3c69e2d93040deb3f07773e73385023d",
    "rowing-boats":
        "586682dcb362b9f620068f10138f87d0d3649939aef238adc5807cb951976a7a",
    "fallen-leaf":
        "95603a6560c7e8d50e0e03b3f4adbe39c5258c72528e74e4ecaea1daf4e499de",
    "lattice-facade":
        "88c31d8944b7e6935d1b9a296654c692f0772cb512491713eb30a972a604c0ed",
    "moss-sprouts":
        "cb507baf1dafdcae362264f3aba9483ed4be5f6c9fdd770f0ec0920c6d9e80fd",
    "forest-path":
        "7477457d7f17b736259f1b021864778ad4ba802cf3214e6728181ff29126bba8",
    "grace-hopper":
        "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130",
    "pagoda-summer-palace":
        "8378025ad2519d649d02e32bd98990db4ab572357d9f09841c2fbfbb4fefad29",
    "dahlia-flower":
        "a77f6ec41e353afdf8bdff2ea981b2955535d8d83294f8cfa49cf4e423dd5638",
    "raccoon-face":
        "9d8b0b4d081313e2b485748c770472e5a95ed1738146883d84c7030493e82886",
    "stairway-ascent":
        "a6d56bc8e96571d6124f34cedeba49f1d3599507f6c890ad9ba538544454e8f7",
    "aerial-farmland":
        "df862635798bac94226b8928f224da8cef8b0d00492c1fdf48fac6dfaf97a94b",
    "parrot-in-cage":
        "47773719d2f92aebcbe14346c8b2023621d66a0ac8dee021de734804cb54a457",
    "weathered-wood":
        "19c78500ac00a622e19907ab9cc7d06d46fe08c4a6142759a84195696150ec07",
    "leaf-veins":
        "f7aac0dcc2e06d0491643e84df3da1d9db7c4610f58806a880d56e074799f600",
    "cork":
        "abb1c9d5ae5ef55b5f0a3927e50c671e334c7ed9edd08d1f323b1de79566573e",
    "deco-paper-fibres":
        "da86b40e4e65918ebae75e79e63a8a4cede4f3c2b3c0240a643d62517f2f2abd",
    "pastel-paper-speckled":
        "169b0bd33744086d03d50610a55e669941c14fadfe8b3d21a1afe6717e9b7260",
    "pastel-paper-fibres":
        "cca88395e2b90a18e5a6c2086cbc04837b648d62a66ed6246dd709723f79fa6d",
    "rough-paper":
        "7834a032996bcce2c59f582611d86564756ead94e27ee4d2c0cf29b5eede4dbd",
    "canvas-weave":
        "3bbe8fc626a26ef7d491d4dc63497bf11f4f35a734043d97aa3dbb90d7c08592",
    "canvas-weave-fine":
        "a0571ca5af729d23f1846eca09ca881fe921f610331283b07d3e4d1d1d704f47",
    "sketch-paper":
        "eab925ab19d4189d279282a5c21f4cec6273ee6f33f2419dc4ef1ea5b4a168e1",
    "watercolor-paper":
        "b438cbdede1361b322ec623e77e3e84f073a8abb637e322c176fbd9996025855",
    "felt-paper-grey":
        "01dc26395fd4d1e5a9abd0e793f56c016ad0826c0f2942fe5b4277ff6afc15f9",
    "felt-paper-violet":
        "b2ff84c1f9649d2a171db4aff25d0f4c0fbd62ca7d6f9bcf46bb288a8488cd6c",
    "laid-paper-white":
        "db4755f0e30568179ded1282fc82c1ee03a4cab23dc90b0135bdfcbcfce2a255",
    "card-paper-peach":
        "a2b9a02cff3cb74074fc0a86a60a41ca2b3d4bbf24689f98a98c149fca3e5866",
}


# ----------------------------------------------------------------------------- readers

def read_pil_bytes(data):
    im = Image.open(io.BytesIO(data))
    if im.mode in ("P", "PA", "RGBA", "LA", "CMYK", "YCbCr", "1"):
        im = im.convert("RGB")
    if im.mode == "I;16" or im.mode == "I;16B":
        return np.asarray(im).astype(np.uint16)
    if im.mode in ("I", "F"):
        return np.asarray(im)
    if im.mode not in ("L", "RGB"):
        raise ValueError("unexpected PIL mode " + im.mode)
    a = np.asarray(im)
    if a.ndim == 3 and np.array_equal(a[..., 0], a[..., 1]) and np.array_equal(a[..., 0], a[..., 2]):
        a = a[..., 0]  # grey stored as RGB / grey palette: keep one channel
    return a


def read_jeol_img(data):
    """JEOL analysis-station .img: a tag tree whose 'Bits' entry holds the 8-bit image."""
    k = data.find(b"Bits\x00")
    if k < 0:
        raise ValueError("no Bits tag")
    k += 5
    vtype, vlen = struct.unpack("<ii", data[k:k + 8])
    side = int(round(vlen ** 0.5))
    if vtype != 6 or side * side != vlen:
        raise ValueError("unexpected JEOL Bits entry %d %d" % (vtype, vlen))
    return np.frombuffer(data[k + 8:k + 8 + vlen], np.uint8).reshape(side, side)


DM_TYPES = {2: "<i2", 3: "<i4", 4: "<u2", 5: "<u4", 6: "<f4", 7: "<f8", 8: "u1", 9: "i1",
            10: "u1", 11: "<i8", 12: "<u8"}


def read_dm3(data):
    """Minimal Gatan DigitalMicrograph 3 reader: returns the largest non-RGB image."""
    version, _, little = struct.unpack(">III", data[:12])
    if version != 3 or little != 1:
        raise ValueError("only little-endian DM3 is supported")
    pos = [12]

    def u8():
        v = data[pos[0]]
        pos[0] += 1
        return v

    def u16():
        v = struct.unpack(">H", data[pos[0]:pos[0] + 2])[0]
        pos[0] += 2
        return v

    def u32():
        v = struct.unpack(">I", data[pos[0]:pos[0] + 4])[0]
        pos[0] += 4
        return v

    def size_of(t):
        return np.dtype(DM_TYPES[t]).itemsize

    def read_value(info):
        t = info[0]
        if t in DM_TYPES:
            v = np.frombuffer(data[pos[0]:pos[0] + size_of(t)], DM_TYPES[t])[0]
            pos[0] += size_of(t)
            return v.item()
        if t == 18:  # string
            n = info[1]
            pos[0] += n
            return None
        if t == 15:  # struct: 15, namelen, nfields, (namelen, type)*
            nf = info[2]
            vals = []
            for i in range(nf):
                ft = info[4 + 2 * i]
                vals.append(np.frombuffer(data[pos[0]:pos[0] + size_of(ft)], DM_TYPES[ft])[0].item())
                pos[0] += size_of(ft)
            return vals
        if t == 20:  # array
            et = info[1]
            if et == 15:
                nf = info[3]
                rec = sum(size_of(info[5 + 2 * i]) for i in range(nf))
                count = info[-1]
                pos[0] += rec * count
                return None
            count = info[2]
            start = pos[0]
            pos[0] += size_of(et) * count
            return ("array", et, start, count)
        raise ValueError("unknown DM3 type %d" % t)

    def read_group():
        u8()  # sorted
        u8()  # open
        n = u32()
        out = []
        for _ in range(n):
            kind = u8()
            n_label = u16()
            label = data[pos[0]:pos[0] + n_label].decode("latin-1")
            pos[0] += n_label
            if kind == 20:
                out.append((label, read_group()))
            elif kind == 21:
                if data[pos[0]:pos[0] + 4] != b"%%%%":
                    raise ValueError("bad DM3 data tag")
                pos[0] += 4
                ninfo = u32()
                info = [u32() for _ in range(ninfo)]
                out.append((label, read_value(info)))
            else:
                raise ValueError("bad DM3 tag kind %d" % kind)
        return out

    root = read_group()
    best = None
    for label, value in root:
        if label != "ImageList":
            continue
        for _, image in value:
            d = dict(image)
            if "ImageData" not in d:
                continue
            idata = dict(d["ImageData"])
            arr = idata.get("Data")
            dims = [v for _, v in idata.get("Dimensions", [])]
            dtype = idata.get("DataType")
            if not isinstance(arr, tuple) or len(dims) != 2 or dtype in (23,):
                continue
            _, et, start, count = arr
            if count != dims[0] * dims[1]:
                continue
            if best is None or count > best[3]:
                best = (et, start, dims, count)
    if best is None:
        raise ValueError("no 2-D image in DM3 file")
    et, start, dims, count = best
    a = np.frombuffer(data[start:start + count * size_of(et)], DM_TYPES[et])
    return a.reshape(dims[1], dims[0])


def load(recipe, root, verify):
    path = os.path.join(root, recipe["package"], recipe["path"])
    with open(path, "rb") as f:
        data = f.read()
    if "member" in recipe:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            data = z.read(recipe["member"])
    digest = hashlib.sha256(data).hexdigest()
    want = SOURCE_SHA256.get(recipe["name"])
    if verify and want and want != digest:
        raise SystemExit("%s: %s has SHA-256 %s, expected %s (package changed?); "
                         "rerun with --no-verify to accept it" % (recipe["name"], path, digest, want))
    reader = recipe["reader"]
    if reader in ("pil", "zip-pil"):
        a = read_pil_bytes(data)
    elif reader == "zip-npy":
        a = np.load(io.BytesIO(data), allow_pickle=False)
    elif reader == "npz":
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            a = z["data"]
    elif reader == "bz2-raw":
        a = np.frombuffer(bz2.decompress(data), np.uint8).reshape(recipe["shape"])
    elif reader == "jeol-img":
        a = read_jeol_img(data)
    elif reader == "dm3":
        a = read_dm3(data)
    else:
        raise ValueError("unknown reader " + reader)
    return np.ascontiguousarray(a), digest


# ----------------------------------------------------------------------------- processing

def to_uint8(a, tone):
    if tone is None:
        tone = "asis" if a.dtype == np.uint8 else "stretch"
    if tone == "asis":
        if a.dtype != np.uint8:
            raise ValueError("tone 'asis' needs 8-bit data")
        return a
    x = a.astype(np.float64)
    if tone == "log":
        x = np.log1p(x - x.min())
    elif tone != "stretch":
        raise ValueError("unknown tone " + tone)
    lo, hi = np.percentile(x, [0.1, 99.9])
    if hi <= lo:
        raise ValueError("flat image")
    y = np.clip((x - lo) / (hi - lo), 0.0, 1.0)
    return np.floor(y * 255.0 + 0.5).astype(np.uint8)


def process(recipe, a):
    if "crop" in recipe:
        top, bottom = recipe["crop"]
        a = a[top:bottom]
    a = to_uint8(a, recipe.get("tone"))
    if recipe.get("invert"):
        a = 255 - a
    if a.ndim == 2:
        a = np.stack([a, a, a], axis=-1)
    im = Image.fromarray(np.ascontiguousarray(a), "RGB")
    w, h = im.size
    limit = MAX_SIDE[recipe["category"]]
    if max(w, h) > limit:
        s = limit / max(w, h)
        im = im.resize((max(1, round(w * s)), max(1, round(h * s))), Image.BOX)
    return im


def assign_splits(recipes):
    """Split by source image (or group), per category, from a hash of the group name.

    In each category the groups are ordered by SHA-256 of their name; the first
    max(1, round(15 %)) go to heldout, the next max(1, round(15 %)) to validation,
    the rest to train."""
    splits = {}
    for cat in sorted({r["category"] for r in recipes}):
        groups = sorted({r.get("group", r["name"]) for r in recipes if r["category"] == cat},
                        key=lambda g: hashlib.sha256(g.encode()).hexdigest())
        n = len(groups)
        n_held = max(1, round(0.15 * n)) if n >= 3 else 0
        n_val = max(1, round(0.15 * n)) if n >= 3 else 0
        for i, g in enumerate(groups):
            splits[g] = "heldout" if i < n_held else "validation" if i < n_held + n_val else "train"
    return {r["name"]: splits[r.get("group", r["name"])] for r in recipes}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", help="folder with one dpkg -x extraction per package")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--no-verify", action="store_true", help="do not check source SHA-256s")
    ap.add_argument("--print-sha256", action="store_true",
                    help="print a SOURCE_SHA256 table for the current sources (for maintainers)")
    args = ap.parse_args()

    names = [r["name"] for r in RECIPES]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate names")
    splits = assign_splits(RECIPES)
    img_dir = os.path.join(args.out, "images")
    os.makedirs(img_dir, exist_ok=True)
    wanted = {n + ".png" for n in names}
    for f in sorted(os.listdir(img_dir)):
        if f.endswith(".png") and f not in wanted:
            os.remove(os.path.join(img_dir, f))

    entries, digests = [], {}
    for r in RECIPES:
        a, digest = load(r, args.src, not args.no_verify)
        digests[r["name"]] = digest
        im = process(r, a)
        if min(im.size) < 256:
            raise SystemExit("%s: %dx%d is smaller than 256 px" % ((r["name"],) + im.size))
        im.save(os.path.join(img_dir, r["name"] + ".png"), "PNG", optimize=True)
        source_path = r["path"] + ("!" + r["member"] if "member" in r else "")
        entries.append({
            "name": r["name"],
            "file": "images/%s.png" % r["name"],
            "category": r["category"],
            "split": splits[r["name"]],
            "source_package": r["package"],
            "source_package_version": PACKAGE_VERSIONS[r["package"]],
            "source_path": source_path,
            "source_sha256": digest,
            "licence": r["licence"],
            "copyright": r["copyright"],
            "inverted": bool(r.get("invert", False)),
            "width": im.size[0],
            "height": im.size[1],
            "notes": r.get("notes", ""),
        })
        print("%-28s %-11s %-10s %4dx%-4d %s" % (r["name"], r["category"], splits[r["name"]],
                                                im.size[0], im.size[1], source_path), file=sys.stderr)

    corpus = {"format": "focuscontroller-specimen-corpus", "format_version": 1, "images": entries}
    with open(os.path.join(args.out, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump(corpus, f, indent=2, ensure_ascii=False)
        f.write("\n")
    if args.print_sha256:
        print("SOURCE_SHA256 = {")
        for name in names:
            print('    "%s":\n        "%s",' % (name, digests[name]))
        print("}")


if __name__ == "__main__":
    main()
