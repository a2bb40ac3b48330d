"""Inputs for bench/embed: sentences and PNG images, deterministic.

usage: make_data.py DIR SENTENCES IMAGES
Writes DIR/sentences.json (SENTENCES sentences of 5-40 words from a fixed vocabulary) and DIR/images/NNNNN.png
(IMAGES images of 320x240 or 240x320, smooth gradients plus noise).
"""
import json
import os
import sys

import numpy as np
from PIL import Image

WORDS = ("the a dog cat car house river mountain photo picture of in on with red blue green small big old new "
         "running sleeping playing city beach snow forest man woman child people street market night day light "
         "dark water tree flower boat train road bridge sky cloud sun rain quickly slowly near far").split()


def main():
    out, sentences, images = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(7)
    texts = [" ".join(rng.choice(WORDS, size=rng.integers(5, 41))).capitalize() + "." for _ in range(sentences)]
    with open(os.path.join(out, "sentences.json"), "w") as f:
        json.dump(texts, f)
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    for i in range(images):
        w, h = (320, 240) if i % 2 == 0 else (240, 320)
        y, x = np.mgrid[0:h, 0:w]
        base = np.stack([(x * (i % 7 + 1)) % 256, (y * (i % 5 + 1)) % 256, ((x + y) * (i % 3 + 1)) % 256], axis=-1)
        noisy = np.clip(base + rng.integers(-30, 30, base.shape), 0, 255).astype(np.uint8)
        Image.fromarray(noisy, "RGB").save(os.path.join(out, "images", f"{i:05d}.png"))


if __name__ == "__main__":
    main()
