#!/usr/bin/env bash
# Regenerates samples/ (committed; run.sh does not need this). Needs ffmpeg and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
out=samples
rm -rf "$out/images" "$out/video" "$out/audio" "$out/text" "$out/pdf" "$out/dicom" "$out/nifti" "$out/groups"
mkdir -p "$out"/{images,video,audio,text,pdf,dicom/ct-0001,nifti,groups/walk,specs}
q="-hide_banner -loglevel error -y"
ffmpeg $q -f lavfi -i testsrc2=size=320x240 -frames:v 1 "$out/images/testcard.png"
ffmpeg $q -f lavfi -i "mandelbrot=size=480x270" -frames:v 1 -q:v 4 "$out/images/mandelbrot.jpg"
ffmpeg $q -f lavfi -i "cellauto=size=256x256:rule=110" -frames:v 1 "$out/images/rule110.png"
for i in 0 1 2 3; do
  ffmpeg $q -f lavfi -i "testsrc=size=160x120:rate=1" -ss "$i" -frames:v 1 -q:v 5 "$out/groups/walk/frame-$i.jpg"
done
ffmpeg $q -f lavfi -i testsrc2=size=320x180:rate=25 -t 2 -c:v libx264 -preset veryslow -crf 35 -pix_fmt yuv420p -g 25 -movflags +faststart "$out/video/testsrc.mp4"
ffmpeg $q -f lavfi -i "sine=frequency=440:sample_rate=8000:duration=1" -ac 1 -c:a pcm_s16le "$out/audio/a440.wav"
printf 'Curio sample text file.\nIt is registered as a plainText item.\n' > "$out/text/readme.txt"
python3 scripts/sample_files.py "$out"
