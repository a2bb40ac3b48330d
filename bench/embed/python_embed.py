"""The Python reference side of bench/embed: the same ONNX files, the same batches, one JSON line per measurement.

usage: python_embed.py DIR MINILM_ONNX MINILM_TOKENIZER VARIANT CLIP_DIR BATCH THREADS
  MiniLM: tokenizers (truncation 256, batch padded to its longest) + onnxruntime + numpy mean pooling/normalise.
  CLIP:   Pillow open/convert/resize(bicubic)/crop + numpy normalise + onnxruntime (the tiny fixture model).
Timed after one warm-up batch; model loading is not timed.
"""
import json
import os
import sys
import time

import numpy as np
import onnxruntime as ort
from PIL import Image
from tokenizers import Tokenizer

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def session(path, threads):
    options = ort.SessionOptions()
    if threads > 0:
        options.intra_op_num_threads = threads
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def minilm(texts, onnx_path, tokenizer_json, batch, threads):
    tok = Tokenizer.from_file(tokenizer_json)
    tok.no_padding()
    tok.enable_truncation(256)
    s = session(onnx_path, threads)

    def run(chunk):
        enc = tok.encode_batch(chunk)
        length = max(len(e.ids) for e in enc)
        ids = np.zeros((len(chunk), length), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, e in enumerate(enc):
            ids[i, :len(e.ids)] = e.ids
            mask[i, :len(e.ids)] = 1
        hidden = s.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask,
                                               "token_type_ids": np.zeros_like(ids)})[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    run(texts[:batch])
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        run(texts[i:i + batch])
    return time.perf_counter() - start


def clip(files, clip_dir, batch, threads):
    config = json.load(open(os.path.join(clip_dir, "model.json")))["image"]
    size, resize = config["size"], config["resize"]
    s = session(os.path.join(clip_dir, config["onnx"]), threads)

    def pixels(path):
        image = Image.open(path).convert("RGB")
        w, h = image.size
        short, long = (w, h) if w <= h else (h, w)
        new_long = int(resize * long / short)
        new_w, new_h = (resize, new_long) if w <= h else (new_long, resize)
        image = image.resize((new_w, new_h), Image.BICUBIC)
        top, left = int(round((new_h - size) / 2.0)), int(round((new_w - size) / 2.0))
        p = np.asarray(image.crop((left, top, left + size, top + size)), dtype=np.float32) / np.float32(255)
        return ((p - MEAN) / STD).transpose(2, 0, 1)

    def run(chunk):
        out = s.run([config["output"]], {config["input"]: np.stack([pixels(f) for f in chunk])})[0]
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    run(files[:batch])
    start = time.perf_counter()
    for i in range(0, len(files), batch):
        run(files[i:i + batch])
    return time.perf_counter() - start


def main():
    data, onnx_path, tokenizer_json, variant, clip_dir, batch, threads = sys.argv[1:8]
    batch, threads = int(batch), int(threads)
    texts = json.load(open(os.path.join(data, "sentences.json")))
    files = sorted(os.path.join(data, "images", f) for f in os.listdir(os.path.join(data, "images")))
    seconds = minilm(texts, onnx_path, tokenizer_json, batch, threads)
    print(json.dumps({"side": "python", "model": variant, "inputs": len(texts), "seconds": seconds}))
    seconds = clip(files, clip_dir, batch, threads)
    print(json.dumps({"side": "python", "model": "tiny-clip", "inputs": len(files), "seconds": seconds}))


if __name__ == "__main__":
    main()
